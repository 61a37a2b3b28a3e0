import type { AnalyticsJobState } from '../../../contracts/analysis-details.js';
import type { SessionStatus } from '../../../contracts/session.js';

/** A run recorded as running for longer than this was cut short (the server stopped mid-run). */
export const STALE_RUN_MS = 10 * 60_000;

export type AnalyticsView =
  | { kind: 'generating'; since: string | null }
  | { kind: 'failed'; reason: string; at: string | null }
  | { kind: 'waiting'; completed: boolean }
  | { kind: 'done'; lastRunFailed: string | null };

export interface AnalyticsFacts {
  status: SessionStatus;
  /** When the stored scorecard was last written; null when there is none. */
  analyticsUpdatedAt: string | null;
  /** What the server recorded about its last run (`sessionMetadata.analytics`). */
  job: AnalyticsJobState | null;
  /** This console's own generate request is in flight. */
  generatingHere: boolean;
  /** The message of this console's last generate request, if it failed. */
  requestError: string | null;
  now: number;
}

/**
 * What the Analytics tab shows: the scorecard when one is stored (with a note when a later run
 * failed), otherwise the run in progress, the recorded failure with its reason, or why there is
 * nothing yet. A failure is never shown as "no analytics yet".
 */
export function analyticsView({ status, analyticsUpdatedAt, job, generatingHere, requestError, now }: AnalyticsFacts): AnalyticsView {
  if (generatingHere) return { kind: 'generating', since: null };
  const stale = job?.status === 'running' && now - Date.parse(job.at) > STALE_RUN_MS;
  if (job?.status === 'running' && !stale) return { kind: 'generating', since: job.at };
  const failure = requestError ?? (job?.status === 'failed' ? (job.error ?? 'No reason was recorded') : stale ? 'The analysis was interrupted before it finished' : null);
  if (analyticsUpdatedAt !== null) {
    // A failure recorded before the scorecard was written is history, not news.
    const newer = requestError !== null || (job !== null && Date.parse(job.at) > Date.parse(analyticsUpdatedAt));
    return { kind: 'done', lastRunFailed: newer ? failure : null };
  }
  if (failure) return { kind: 'failed', reason: failure, at: job?.at ?? null };
  return { kind: 'waiting', completed: status === 'completed' };
}

/** A failure reason that is fixed in Settings > Keys (the server names the missing or rejected key). */
export function isKeyProblem(reason: string): boolean {
  return /API key|rejected the key/i.test(reason);
}
