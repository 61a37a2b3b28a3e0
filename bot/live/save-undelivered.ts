import type { ConsentRecord } from '../../contracts/consent.js';
import type { InterviewQuality } from '../../contracts/interview-quality.js';
import type { SessionStatus } from '../../contracts/session.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import type { Logger } from '../runtime/logger.js';
import type { SessionReporter } from './session-reporter.js';
import { buildFallbackFile, type UndeliveredArchive } from './undelivered-archive.js';

/**
 * Which path saved the transcript (the `ended` line's `saved`): the reporting target acknowledged
 * everything, the S3 fallback holds it, or nothing was saved (nothing to save, or it is `lost`).
 */
export interface SaveResult {
  saved: 'reported' | 's3' | 'none';
  /** Final segments and statuses saved nowhere. */
  lost: number;
  /** Items the target refused because the session had ended under the bot: not part of its record by design. */
  refused: number;
  /** The fallback object's key, when one was written. */
  key: string | null;
}

export interface SaveInput {
  reporter: SessionReporter | null;
  archive: UndeliveredArchive | null;
  sessionId: string | null;
  orgId: string | null;
  /** The interview's final segments and the status the bot ended with (null: left to whoever stopped it). */
  segments: readonly LiveSegment[];
  status: SessionStatus | null;
  /** What went (or would have gone) with the final status: kept in the file when the status was not delivered. */
  quality?: InterviewQuality | null;
  consent?: ConsentRecord | null;
  logger: Logger;
}

/**
 * The bot's last step: decides, from what the reporter never got acknowledged, whether the
 * transcript is saved, and if not, writes the fallback file (every final segment, so the import
 * needs nothing else) to the transcript bucket.
 */
export async function saveUndelivered(input: SaveInput): Promise<SaveResult> {
  const { reporter, archive, logger } = input;
  if (!reporter) return { saved: 'none', lost: 0, refused: 0, key: null };
  const undelivered = reporter.undelivered();
  const pending = undelivered.segments.length + undelivered.statuses.length;
  const anything = input.segments.length > 0 || input.status !== null;
  if (pending === 0) return { saved: anything ? 'reported' : 'none', lost: 0, refused: 0, key: null };
  if (undelivered.rejected) {
    // The session ended under the bot (its credential refused): whatever came after is late by
    // design, the session's record is closed; the console decides what the record holds.
    logger.warn('the session ended before these were stored; they are not part of its record', { segments: undelivered.segments.length, statuses: undelivered.statuses.length });
    return { saved: 'reported', lost: 0, refused: pending, key: null };
  }
  if (!archive || !input.sessionId || !input.orgId) {
    logger.error('the transcript is not fully saved and there is no bucket to fall back on (TRANSCRIPT_S3_BUCKET)', { segments: undelivered.segments.length, statuses: undelivered.statuses.length });
    return { saved: 'none', lost: pending, refused: 0, key: null };
  }
  const reason = undelivered.statuses.findLast((report) => report.status === input.status)?.reason ?? null;
  const key = await archive.save(
    buildFallbackFile({
      sessionId: input.sessionId,
      orgId: input.orgId,
      status: input.status,
      reason,
      segments: input.segments,
      quality: input.quality ?? null,
      consent: input.consent ?? null,
    }),
  );
  if (key === null) {
    logger.error('the transcript could be saved nowhere: neither the reporting target nor the bucket took it', { segments: undelivered.segments.length, statuses: undelivered.statuses.length });
    return { saved: 'none', lost: pending, refused: 0, key: null };
  }
  return { saved: 's3', lost: 0, refused: 0, key };
}

/** The process's exit code (bot/README.md): 4 lost > 1 transport failed > 3 saved through S3 only > 0. */
export function exitCodeFor(reason: string, save: SaveResult): number {
  if (save.lost > 0) return 4;
  if (reason === 'transport failed') return 1;
  if (save.saved === 's3') return 3;
  return 0;
}
