import { fullJitterDelay, type BackoffPolicy } from '../../contracts/backoff.js';
import { BOT_FALLBACK_VERSION, botFallbackFile, botFallbackKey, type BotFallbackFile } from '../../contracts/bot-fallback.js';
import type { ConsentRecord } from '../../contracts/consent.js';
import type { InterviewQuality } from '../../contracts/interview-quality.js';
import type { SessionStatus } from '../../contracts/session.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { delay } from '../runtime/delay.js';
import type { FallbackBucket } from './fallback-bucket.js';
import { errorText, type Logger } from '../runtime/logger.js';

export interface UndeliveredArchiveOptions {
  bucket: string;
  region: string;
  logger: Logger;
  /** Puts tried at most (default 4). */
  attempts?: number;
  /** Each put is bounded by this (default 5 s). */
  attemptTimeoutMs?: number;
  /** No new attempt starts after this much time (default 20 s): the process must end. */
  totalMs?: number;
  backoff?: BackoffPolicy;
}

/** The fallback file for a session: every final segment, by seq, with the status, figures and consent the bot ended with. */
export function buildFallbackFile(input: {
  sessionId: string;
  orgId: string;
  status: SessionStatus | null;
  reason: string | null;
  segments: readonly LiveSegment[];
  quality?: InterviewQuality | null;
  consent?: ConsentRecord | null;
  writtenAt?: Date;
}): BotFallbackFile {
  const bySeq = new Map<number, LiveSegment>();
  for (const segment of input.segments) if (segment.final) bySeq.set(segment.seq, segment);
  return botFallbackFile.parse({
    version: BOT_FALLBACK_VERSION,
    sessionId: input.sessionId,
    orgId: input.orgId,
    status: input.status,
    reason: input.reason?.slice(0, 2000) ?? null,
    segments: [...bySeq.values()].sort((a, b) => a.seq - b.seq),
    quality: input.quality ?? null,
    consent: input.consent ?? null,
    writtenAt: (input.writtenAt ?? new Date()).toISOString(),
  });
}

/**
 * The bot's last resort before it exits: what the reporting target did not acknowledge goes to the
 * transcript bucket under `transcripts/{orgId}/undelivered/{sessionId}.json` (the task role may
 * put there), and the console imports it. The client follows the AWS SDK's conventions (credential
 * chain, AWS_ENDPOINT_URL_S3); checksums only when required, as the server's client does, because
 * S3-compatible stores can mangle the SDK's default streaming checksums. Puts are retried here, a
 * few times within a bounded time, not by the SDK, so the whole save has one deadline.
 *
 * The S3 client is loaded only when a save happens (see fallback-bucket.ts): most interviews never
 * need it, and evaluating the whole SDK at start-up costs every bot process memory it keeps.
 */
export class UndeliveredArchive {
  constructor(private readonly options: UndeliveredArchiveOptions) {}

  /** Resolves with the object's key once stored, or null when every attempt failed. Use once. */
  async save(file: BotFallbackFile): Promise<string | null> {
    let bucket: FallbackBucket;
    try {
      const { openFallbackBucket } = await import('./fallback-bucket.js');
      bucket = openFallbackBucket(this.options.region);
    } catch (error) {
      // A broken image must still end with "what was lost", not a crash.
      this.options.logger.error('the S3 client could not be loaded', { error: errorName(error) });
      return null;
    }
    try {
      return await this.put(bucket, file);
    } finally {
      bucket.destroy();
    }
  }

  private async put(bucket: FallbackBucket, file: BotFallbackFile): Promise<string | null> {
    const body = JSON.stringify(botFallbackFile.parse(file));
    const key = botFallbackKey(file.orgId, file.sessionId);
    const attempts = this.options.attempts ?? 4;
    const deadline = Date.now() + (this.options.totalMs ?? 20_000);
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        await bucket.put(
          { bucket: this.options.bucket, key, body, metadata: { org_id: file.orgId, session_id: file.sessionId } },
          this.options.attemptTimeoutMs ?? 5000,
        );
        this.options.logger.info('saved the undelivered transcript to the bucket', { key, segments: file.segments.length, status: file.status, attempt: attempt + 1 });
        return key;
      } catch (error) {
        const wait = fullJitterDelay(attempt, this.options.backoff ?? { baseMs: 500, capMs: 4000 });
        const last = attempt + 1 >= attempts || Date.now() + wait >= deadline;
        this.options.logger.warn('putting the undelivered transcript failed', { key, attempt: attempt + 1, error: errorName(error), last });
        if (last) break;
        await delay(wait);
      }
    }
    return null;
  }
}

/** The SDK's errors carry a name (NoSuchBucket, AccessDenied) that says more than the message. */
function errorName(error: unknown): string {
  if (error instanceof Error && error.name !== 'Error') return `${error.name}: ${error.message}`.slice(0, 300);
  return errorText(error).slice(0, 300);
}
