import type { BotState } from '../../contracts/live-events.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import type { Listeners } from '../runtime/listeners.js';

/**
 * Where the bot hears and speaks. Both implementations (a Daily call in Chromium, and a local
 * rehearsal page on a WebSocket) run the same in-page audio bridge, so the pipeline sees one
 * thing: 16 kHz mono PCM in, 16 kHz mono PCM out, and how much of its audio has been played.
 */
export interface MediaTransport {
  readonly kind: 'daily' | 'local';
  /** The candidate's audio, 16 kHz mono, in arrival order. */
  readonly audio: Listeners<Int16Array>;
  /** Whether the candidate is there (joined the call / has the page open). */
  readonly presence: Listeners<boolean>;
  /** Total bot samples the page has played so far (rises while bot audio plays). */
  readonly played: Listeners<number>;
  /** The transport cannot go on (the call could not be joined, the browser died). */
  readonly failed: Listeners<Error>;
  readonly candidatePresent: boolean;
  start(): Promise<void>;
  /** Queues bot audio (16 kHz mono) behind what is already queued. */
  play(samples: Int16Array): void;
  /** Drops every queued sample at once; resolves with the total played when playback stopped. */
  clear(): Promise<number>;
  /** Shows a transcript segment where the transport has a screen for it (the rehearsal page). */
  showSegment(segment: LiveSegment): void;
  /** Shows what the bot is doing, where the transport has a screen for it (the rehearsal page). */
  showBotState(state: BotState): void;
  /** The interview is over: say so to the page or leave the call. */
  end(reason: string): Promise<void>;
  stop(): Promise<void>;
}
