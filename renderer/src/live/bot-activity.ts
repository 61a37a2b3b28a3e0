import type { BotStateReport } from '../../../contracts/live-events.js';
import type { SessionStatus } from '../../../contracts/session.js';
import type { LiveSegment } from '../../../contracts/transcript.js';

export type BotActivity = 'not-live' | 'waiting' | 'listening' | 'thinking' | 'speaking';

/** Whether the activity is the bot's own word or guessed from the transcript. */
export type BotActivitySource = 'reported' | 'estimated';

export const botActivityLabels: Record<BotActivity, string> = {
  'not-live': 'Not live',
  waiting: 'Waiting for the interview to begin',
  listening: 'Listening',
  thinking: 'Thinking',
  speaking: 'Speaking',
};

/**
 * For bots that do not report their state, it is read from the stream: text the bot is still
 * saying means speaking; a candidate's words in progress, or the bot having finished its turn,
 * mean listening; the candidate having finished means the bot is thinking of its reply.
 */
export function deriveBotActivity(status: SessionStatus | null, segments: readonly LiveSegment[]): BotActivity {
  if (status !== 'active') return 'not-live';
  const last = segments.at(-1);
  if (!last) return 'waiting';
  if (!last.final) return last.speaker === 'bot' ? 'speaking' : 'listening';
  return last.speaker === 'bot' ? 'listening' : 'thinking';
}

/** The bot's reported state while the session is live; the transcript's estimate only when it has none. */
export function botActivity(
  status: SessionStatus | null,
  reported: BotStateReport | null,
  segments: readonly LiveSegment[],
): { activity: BotActivity; source: BotActivitySource } {
  if (status === 'active' && reported) return { activity: reported.state, source: 'reported' };
  return { activity: deriveBotActivity(status, segments), source: 'estimated' };
}
