import type { BotState } from '../../contracts/live-events.js';
import type { LiveSegment } from '../../contracts/transcript.js';

/**
 * The audio bridge between a page (WebAudio) and the bot (Node), over one WebSocket.
 * Binary frames: 16 kHz mono int16 little-endian PCM; page -> bot is the candidate, bot -> page is
 * the bot's voice. Text frames are the JSON messages below. Types only: the page imports them too
 * (the shared values are in contracts/bot-bridge.ts).
 */
export { BRIDGE_PATH, BRIDGE_SAMPLE_RATE } from '../../contracts/bot-bridge.js';

export type PageKind = 'rehearsal' | 'daily';

export type PageMessage =
  | { type: 'hello'; page: PageKind; sampleRate: number }
  /** Total bot samples played so far; sent while audio plays and when it drains. */
  | { type: 'played'; samples: number }
  /** Answers `clear`: playback stopped with this total played. */
  | { type: 'cleared'; id: number; samples: number }
  /** Daily: the call was joined (the page never claims this without daily-js saying so). */
  | { type: 'joined'; participantId: string }
  /** Whether a candidate is present (Daily: a remote participant with audio; rehearsal: the mic is live). */
  | { type: 'presence'; present: boolean }
  | { type: 'error'; message: string; fatal: boolean };

export interface JoinRequest {
  url: string;
  token: string;
  userName: string;
}

export type BotToPageMessage =
  | { type: 'clear'; id: number }
  | { type: 'join'; join: JoinRequest }
  | { type: 'leave' }
  | { type: 'segment'; segment: LiveSegment }
  | { type: 'bot_state'; state: BotState }
  | { type: 'ended'; reason: string };
