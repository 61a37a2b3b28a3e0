import { useRef } from 'react';
import type { LiveSegment } from '../../../contracts/transcript.js';
import { clockTime } from '../../../contracts/transcript-clock.js';
import { speakerLabel } from './speaker-labels.js';
import { useFollowTail } from './use-follow-tail.js';

/**
 * The transcript as it is spoken. An aria-live log, so screen readers announce new turns; interim
 * words are grey until the final text replaces them.
 */
export function LiveTranscriptLog({ segments, live }: { segments: readonly LiveSegment[]; live: boolean }) {
  const scroller = useRef<HTMLDivElement>(null);
  const last = segments.at(-1);
  const { following, unseen, jumpToLive } = useFollowTail(scroller, segments.length, `${last?.seq}:${last?.text.length}:${last?.final}`);

  return (
    <div className="live-log-wrap">
      <div className="live-log" ref={scroller} tabIndex={0} aria-label="Live transcript, scrollable">
        {segments.length === 0 ? (
          <p className="muted live-empty">{live ? 'Waiting for the first words…' : 'Nothing has been said in this session yet.'}</p>
        ) : null}
        <ol role="log" aria-live="polite" aria-relevant="additions text" aria-label="Live transcript" className="live-segments">
          {segments.map((segment) => (
            <li key={segment.seq} className={`segment speaker-${segment.speaker}${segment.final ? '' : ' interim'}`} data-seq={segment.seq} data-final={segment.final}>
              <span className="segment-time">{clockTime(segment.startTime)}</span>
              <span className="segment-speaker">{speakerLabel(segment.speaker)}</span>
              {/* dir="auto": a right-to-left turn renders right to left, whatever the page direction. */}
              <p className="segment-text" dir="auto">
                {segment.text}
                {segment.final ? null : <span className="visually-hidden"> (still speaking)</span>}
              </p>
            </li>
          ))}
        </ol>
      </div>
      {!following && (
        <button type="button" className="jump-to-live primary" onClick={jumpToLive}>
          Jump to live{unseen > 0 ? ` (${unseen} new)` : ''}
        </button>
      )}
    </div>
  );
}
