import type { BotStateReport, ServerMessage } from '../../../contracts/live-events.js';
import type { SessionStatus } from '../../../contracts/session.js';
import type { LiveSegment } from '../../../contracts/transcript.js';

/** What the Live tab shows: the session's status and its segments in order, interim ones last said. */
export interface LiveTranscript {
  status: SessionStatus | null;
  segments: readonly LiveSegment[];
  /** What the bot last said it is doing; null until it reports (older bots never do), or once it is gone. */
  botState: BotStateReport | null;
  /** When the latest segment or status arrived (ms), for "last heard" hints. */
  updatedAt: number | null;
}

export type LiveEvent =
  | { type: 'subscribed'; status: SessionStatus; segments: readonly LiveSegment[]; botState: BotStateReport | null; at: number }
  | { type: 'segment'; segment: LiveSegment; at: number }
  | { type: 'status'; status: SessionStatus; at: number }
  | { type: 'bot_state'; botState: BotStateReport | null };

export const emptyLiveTranscript: LiveTranscript = { status: null, segments: [], botState: null, updatedAt: null };

/** What a server message means for the Live tab, if anything; `at` is when it arrived (ms). */
export function liveEventOf(message: ServerMessage, at: number): LiveEvent | null {
  switch (message.type) {
    case 'subscribed':
      return { type: 'subscribed', status: message.status, segments: message.segments, botState: message.botState, at };
    case 'transcript_segment':
      return { type: 'segment', segment: message.segment, at };
    case 'session_status':
      return { type: 'status', status: message.status, at };
    case 'bot_state':
      return { type: 'bot_state', botState: message.state === null ? null : { state: message.state, at: message.at } };
    default:
      return null;
  }
}

function insertBySeq(segments: readonly LiveSegment[], segment: LiveSegment): LiveSegment[] {
  const next = [...segments];
  const index = next.findIndex((existing) => existing.seq >= segment.seq);
  if (index === -1) next.push(segment);
  else if (next[index]?.seq === segment.seq) next[index] = segment;
  else next.splice(index, 0, segment);
  return next;
}

/**
 * Folds live events into the transcript. A final segment replaces the interim text of the same
 * `seq`; interim text never overwrites final words; a (re)subscription brings the stored finals,
 * and keeps only interim text newer than all of them.
 */
export function applyLiveEvent(state: LiveTranscript, event: LiveEvent): LiveTranscript {
  switch (event.type) {
    case 'subscribed': {
      const finals = [...event.segments].sort((a, b) => a.seq - b.seq);
      const lastFinal = finals.at(-1)?.seq ?? -1;
      const pending = state.segments.filter((segment) => !segment.final && segment.seq > lastFinal);
      return { status: event.status, segments: [...finals, ...pending], botState: event.botState, updatedAt: event.at };
    }
    case 'segment': {
      const existing = state.segments.find((segment) => segment.seq === event.segment.seq);
      if (existing?.final && !event.segment.final) return state;
      return { ...state, segments: insertBySeq(state.segments, event.segment), updatedAt: event.at };
    }
    case 'status':
      // The server forgets the bot's state when the session leaves active; so does the console.
      return { ...state, status: event.status, botState: event.status === 'active' ? state.botState : null, updatedAt: event.at };
    case 'bot_state':
      return { ...state, botState: event.botState };
  }
}
