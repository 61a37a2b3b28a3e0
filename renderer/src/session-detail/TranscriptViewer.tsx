import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SpeakerSegment } from '../../../contracts/transcript.js';
import { clockTime } from '../../../contracts/transcript-clock.js';
import { HighlightedText } from '../ui/HighlightedText.js';
import { speakerLabel } from './speaker-labels.js';
import { findMatches } from './transcript-search.js';

interface Props {
  segments: readonly SpeakerSegment[];
  initialQuery?: string;
  /** The segment to land on (from a search result or a key moment). */
  targetSeq?: number | null;
}

/**
 * A finished transcript: speaker turns with mm:ss times, and a search that highlights every
 * match and steps through them (Enter / Shift+Enter, or the arrows).
 */
export function TranscriptViewer({ segments, initialQuery = '', targetSeq = null }: Props) {
  const [query, setQuery] = useState(initialQuery);
  const [active, setActive] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  const matches = useMemo(() => findMatches(segments, query), [segments, query]);
  const bySeq = useMemo(() => {
    const map = new Map<number, { ranges: [number, number][]; firstIndex: number }>();
    matches.forEach((match, index) => {
      const entry = map.get(match.seq) ?? { ranges: [], firstIndex: index };
      entry.ranges.push([match.start, match.end]);
      map.set(match.seq, entry);
    });
    return map;
  }, [matches]);

  useEffect(() => setQuery(initialQuery), [initialQuery]);
  useEffect(() => setActive(0), [query]);

  useEffect(() => {
    if (targetSeq === null) return;
    const element = list.current?.querySelector<HTMLElement>(`[data-seq="${targetSeq}"]`);
    element?.scrollIntoView({ block: 'center' });
    element?.focus({ preventScroll: true });
  }, [targetSeq, segments]);

  const activeMatch = matches[active];
  useEffect(() => {
    if (!activeMatch || !query) return;
    list.current?.querySelector(`[data-seq="${activeMatch.seq}"] mark.active-match`)?.scrollIntoView({ block: 'nearest' });
  }, [activeMatch, query]);

  const step = (delta: number): void => {
    if (matches.length === 0) return;
    setActive((current) => (current + delta + matches.length) % matches.length);
  };
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      setQuery('');
    }
  };

  return (
    <div className="transcript-viewer">
      <div className="transcript-search" role="search">
        <label>
          <span className="visually-hidden">Search this transcript</span>
          <input type="search" dir="auto" placeholder="Search this transcript…" value={query} onChange={(event) => setQuery(event.target.value)} onKeyDown={onSearchKey} />
        </label>
        <span className="match-count" aria-live="polite">
          {query.trim() ? (matches.length === 0 ? 'No matches' : `${active + 1} of ${matches.length} matches`) : ''}
        </span>
        <button type="button" aria-label="Previous match" disabled={matches.length === 0} onClick={() => step(-1)}>
          ↑
        </button>
        <button type="button" aria-label="Next match" disabled={matches.length === 0} onClick={() => step(1)}>
          ↓
        </button>
      </div>
      <ol className="transcript-segments" ref={list} aria-label="Transcript">
        {segments.map((segment) => {
          const hits = bySeq.get(segment.seq);
          const activeInSegment = hits && activeMatch?.seq === segment.seq ? active - hits.firstIndex : undefined;
          return (
            <li
              key={segment.seq}
              data-seq={segment.seq}
              tabIndex={-1}
              className={`segment speaker-${segment.speaker}${segment.seq === targetSeq ? ' targeted' : ''}`}
            >
              <span className="segment-time">{clockTime(segment.startTime)}</span>
              <span className="segment-speaker">{speakerLabel(segment.speaker)}</span>
              {/* dir="auto": each turn takes the direction of its own first strong character (Arabic, Hebrew lines read right to left). */}
              <p className="segment-text" dir="auto">
                {hits ? <HighlightedText text={segment.text} ranges={hits.ranges} activeRange={activeInSegment} /> : segment.text}
              </p>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
