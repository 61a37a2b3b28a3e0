import type { IntegrationSettingsStore } from '../store/integration-settings-store.js';
import type { Logger } from '../runtime/logger.js';
import type { Stores } from '../store/stores.js';
import type { OrgMode } from '../sync/sync-service.js';
import type { TeamLeases } from '../sync/team-leases.js';
import { TranscriptBucket } from './transcript-bucket.js';

const MAX_DELAY_MS = 5 * 60_000;
/** Long enough for one upload; a holder that crashed frees it after this. */
const LEASE_TTL_SECONDS = 300;
/** How soon to look again when another desktop holds the lease (its URL arrives through sync). */
const HELD_ELSEWHERE_MS = 60_000;

/** Team transcripts are archived once across the team's desktops, under a lease. */
export interface ArchiveTeamGate {
  mode(orgId: string): OrgMode;
  leases: TeamLeases;
}

/**
 * Uploads queued transcripts to S3. A failed upload is retried with exponential backoff (with
 * jitter, capped at 5 minutes); the queue is in SQLite, so pending uploads survive restarts.
 * With no bucket configured, jobs wait: configuring one later archives everything finalized before.
 */
export class ArchiveWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private bucket: TranscriptBucket | null = null;

  constructor(
    private readonly stores: Stores,
    private readonly settings: IntegrationSettingsStore,
    private readonly logger: Logger,
    private readonly retryBaseMs = 2000,
    private readonly teamGate: ArchiveTeamGate | null = null,
  ) {}

  start(pollMs: number): void {
    this.timer = setInterval(() => void this.runOnce(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The configured bucket, rebuilt when the settings change; null when none is set. */
  currentBucket(): TranscriptBucket | null {
    const { s3 } = this.settings.effective().settings;
    if (!s3.bucket) return null;
    if (!this.bucket || this.bucket.bucket !== s3.bucket) this.bucket = new TranscriptBucket(s3.bucket, s3.region);
    return this.bucket;
  }

  /** One pass over the due jobs; returns how many were archived. Concurrent calls share a pass. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    const bucket = this.currentBucket();
    if (!bucket) return 0;
    let archived = 0;
    for (const job of this.stores.archiveQueue.due(new Date().toISOString(), 20)) {
      const transcript = this.stores.transcripts.get(job.transcriptId);
      if (!transcript) {
        this.stores.archiveQueue.done(job.transcriptId);
        continue;
      }
      const mode = this.teamGate?.mode(transcript.orgId) ?? { kind: 'local' as const };
      if (mode.kind === 'team-signed-out') {
        this.stores.archiveQueue.retryLater(transcript.id, new Date(Date.now() + HELD_ELSEWHERE_MS).toISOString(), 'waiting for sign-in to the team project');
        continue;
      }
      const team = mode.kind === 'team' ? mode.team : null;
      if (team && transcript.transcriptS3Url) {
        // Another desktop archived it; its URL came through sync.
        this.stores.archiveQueue.done(transcript.id);
        continue;
      }
      try {
        if (team && this.teamGate && !(await this.teamGate.leases.take(team, transcript.sessionId, 'archive', LEASE_TTL_SECONDS))) {
          this.stores.archiveQueue.retryLater(transcript.id, new Date(Date.now() + HELD_ELSEWHERE_MS).toISOString(), 'archived by another desktop of the team');
          continue;
        }
        const url = await bucket.upload({
          id: transcript.id,
          orgId: transcript.orgId,
          sessionId: transcript.sessionId,
          candidateName: transcript.candidateName,
          interviewType: transcript.interviewType,
          transcriptText: transcript.transcriptText,
          speakerSegments: transcript.speakerSegments,
          wordCount: transcript.wordCount,
          createdAt: transcript.createdAt,
          archivedAt: new Date().toISOString(),
        });
        this.stores.transaction(() => {
          this.stores.transcripts.setS3Url(transcript.id, url);
          this.stores.archiveQueue.done(transcript.id);
        });
        archived++;
        if (team && this.teamGate) {
          // The URL goes up with the next sync; a lease left unfinished only expires, so this is best effort.
          await this.teamGate.leases.finish(team, transcript.sessionId, 'archive').catch((error: unknown) => {
            this.logger.info('archive lease not finished; it will expire', { sessionId: transcript.sessionId, error: String(error) });
          });
        }
      } catch (error) {
        const delay = Math.min(this.retryBaseMs * 2 ** job.attempts, MAX_DELAY_MS) * (0.5 + Math.random() / 2);
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.stores.archiveQueue.retryLater(transcript.id, new Date(Date.now() + delay).toISOString(), reason);
        this.logger.warn('transcript archive upload failed; will retry', { transcriptId: transcript.id, attempt: job.attempts + 1, reason });
      }
    }
    return archived;
  }
}
