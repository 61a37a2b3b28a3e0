import { z } from 'zod';
import { consentRecord } from './consent.js';
import { interviewQuality } from './interview-quality.js';
import { uuid } from './ids.js';
import { sessionStatus, type SessionStatus } from './session.js';
import { liveSegment, type LiveSegment } from './transcript.js';

/**
 * Messages on the live-events WebSocket (`/api/voice/ws`).
 * Consoles authenticate with the API token and subscribe to sessions; a bot authenticates with its
 * session's bot token and publishes status changes and transcript segments.
 */
export const LIVE_EVENTS_PATH = '/api/voice/ws';

/**
 * The close code (reason `session ended`) the server ends a bot's socket with once its session is
 * completed, failed or cancelled. It is final: from then on the session's bot token is refused, so
 * redialling only ends in a 401.
 */
export const SESSION_ENDED_CLOSE_CODE = 4410;

export const consoleMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), sessionId: uuid }),
  z.strictObject({ type: z.literal('unsubscribe'), sessionId: uuid }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ConsoleMessage = z.infer<typeof consoleMessage>;

/**
 * What the bot is doing in the call, as the bot itself reports it: waiting for the candidate,
 * preparing its reply (LLM, TTS before the first audio), or playing audio.
 */
export const botState = z.enum(['listening', 'thinking', 'speaking']);
export type BotState = z.infer<typeof botState>;

/** The bot's latest reported state and when the server heard of it. */
export interface BotStateReport {
  state: BotState;
  at: string;
}

export const botMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('status'),
    status: sessionStatus,
    reason: z.string().max(2000).optional(),
    /** With the final status: the interview's quality figures, stored on the session. */
    quality: interviewQuality.optional(),
    /** The consent outcome (contracts/consent.ts), stored on the session as sessionMetadata.consent. */
    consent: consentRecord.optional(),
  }),
  z.strictObject({ type: z.literal('transcript_segment'), segment: liveSegment }),
  z.strictObject({ type: z.literal('bot_state'), state: botState }),
  z.strictObject({ type: z.literal('heartbeat') }),
]);
export type BotMessage = z.infer<typeof botMessage>;

export type ServerMessage =
  | { type: 'hello'; role: 'console' | 'bot'; sessionId?: string }
  | {
      type: 'subscribed';
      sessionId: string;
      status: SessionStatus;
      segments: LiveSegment[];
      /** The bot's current state, so a console that subscribes mid-interview need not wait for the next change. */
      botState: BotStateReport | null;
    }
  | { type: 'unsubscribed'; sessionId: string }
  | {
      type: 'session_status';
      sessionId: string;
      status: SessionStatus;
      previousStatus: SessionStatus;
      at: string;
    }
  | { type: 'transcript_segment'; sessionId: string; segment: LiveSegment }
  /** `state` null: the bot went away and its last state no longer holds. */
  | { type: 'bot_state'; sessionId: string; state: BotState | null; at: string }
  | { type: 'ack'; seq: number; stored: boolean }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };
