import type { ConsentRecord } from '../../contracts/consent.js';
import type { InterviewQuality } from '../../contracts/interview-quality.js';
import type { BotState } from '../../contracts/live-events.js';
import type { SessionStatus } from '../../contracts/session.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import type { BotStateSink } from '../pipeline/bot-state-sink.js';
import type { TranscriptSink } from '../pipeline/transcript-log.js';
import type { Listeners } from '../runtime/listeners.js';

/** A status the bot reported, as it reported it. */
export interface ReportedStatus {
  status: SessionStatus;
  reason: string | null;
}

/** What a reporter never got acknowledged (by the end, what the S3 fallback must save). */
export interface Undelivered {
  /** Final segments not acknowledged as stored, by seq (refused ones included). */
  segments: LiveSegment[];
  /** Statuses not acknowledged, in the order they were reported. */
  statuses: ReportedStatus[];
  /** The target refused the bot's credential: the session ended under the bot. */
  rejected: boolean;
}

/**
 * Where a bot reports its session: the desktop's live-events socket (local runner, local-org ECS)
 * or the team's Supabase project (team-org ECS). Both keep what is not yet acknowledged and send
 * final segments and statuses in the order they happened; the bot's state is latest-only.
 */
export interface SessionReporter extends TranscriptSink, BotStateSink {
  /** The target refused the credential: the session has ended (or was cancelled) under the bot. */
  readonly rejected: Listeners<string>;
  /** Gets ready to report; resolves once connected (or after `waitMs` of trying). */
  start(waitMs?: number): Promise<void>;
  segment(segment: LiveSegment): void;
  /** `quality`: with the final status, the interview's quality figures (a target may not store them). */
  status(status: SessionStatus, reason?: string, quality?: InterviewQuality, consent?: ConsentRecord): void;
  botState(state: BotState): void;
  /** Resolves true once everything reported so far is acknowledged; false if not within `timeoutMs`. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops reporting; whatever is unacknowledged stays listed by `undelivered()`. */
  close(): void;
  undelivered(): Undelivered;
}
