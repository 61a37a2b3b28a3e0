import { z } from 'zod';
import { uuid } from './ids.js';
import { sessionStatus, type SessionStatus } from './session.js';
import { liveSegment, type LiveSegment } from './transcript.js';

/**
 * Messages on the live-events WebSocket (`/api/voice/ws`).
 * Consoles authenticate with the API token and subscribe to sessions; a bot authenticates with its
 * session's bot token and publishes status changes and transcript segments.
 */
export const LIVE_EVENTS_PATH = '/api/voice/ws';

export const consoleMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), sessionId: uuid }),
  z.strictObject({ type: z.literal('unsubscribe'), sessionId: uuid }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ConsoleMessage = z.infer<typeof consoleMessage>;

export const botMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('status'),
    status: sessionStatus,
    reason: z.string().max(2000).optional(),
  }),
  z.strictObject({ type: z.literal('transcript_segment'), segment: liveSegment }),
  z.strictObject({ type: z.literal('heartbeat') }),
]);
export type BotMessage = z.infer<typeof botMessage>;

export type ServerMessage =
  | { type: 'hello'; role: 'console' | 'bot'; sessionId?: string }
  | { type: 'subscribed'; sessionId: string; status: SessionStatus; segments: LiveSegment[] }
  | { type: 'unsubscribed'; sessionId: string }
  | {
      type: 'session_status';
      sessionId: string;
      status: SessionStatus;
      previousStatus: SessionStatus;
      at: string;
    }
  | { type: 'transcript_segment'; sessionId: string; segment: LiveSegment }
  | { type: 'ack'; seq: number; stored: boolean }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };
