import type { AnalyticsGenerator } from '../analytics/analytics-generator.js';
import type { ArchiveWorker } from '../archive/archive-worker.js';
import { nowIso } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';
import type { OrgMode } from '../sync/sync-service.js';
import type { TeamLeases } from '../sync/team-leases.js';

/** Time one analysis may take before its lease can be taken over by another desktop. */
const ANALYTICS_LEASE_SECONDS = 600;
/** After a refused lease (or with no key here), the session is left alone this long (the holder's result arrives through sync). */
const REFUSED_BACKOFF_MS = 5 * 60_000;

/**
 * The jobs that follow an interview's end, for team sessions, whichever desktop comes online:
 * a completed session and its transcript arrive through sync (assembled by the project), then
 * this archives the transcript and generates the AI analytics exactly once across the team's
 * desktops, each under a lease on the project. Only a desktop holding the org's OpenAI key tries
 * the analytics lease. Local-org sessions keep their local triggers (statusEvents).
 */
export class TeamCatchUp {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly deps: {
      stores: Stores;
      vault: CredentialVault;
      archive: ArchiveWorker;
      analytics: AnalyticsGenerator;
      leases: TeamLeases;
      orgMode: (orgId: string) => OrgMode;
      actor: () => string;
      logger: Logger;
    },
  ) {}

  /** One pass (after each sync run); a call during a pass queues one more. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * The analytics trigger for one completed session: today's direct run for the local org, the
   * lease for a team org (and nothing while signed out: the next pass after sign-in does it).
   */
  async completed(sessionId: string): Promise<void> {
    const session = this.deps.stores.sessions.get(sessionId);
    if (!session) return;
    const mode = this.deps.orgMode(session.orgId);
    if (mode.kind === 'local') {
      // The failure, if any, is recorded on the session for the Analytics tab to show with a retry.
      await this.deps.analytics.generate(sessionId, this.deps.actor()).catch(() => undefined);
      return;
    }
    if (mode.kind === 'team') await this.analyseOnce(sessionId, session.orgId, mode);
  }

  private async pass(): Promise<void> {
    try {
      if (this.queueTeamArchives() > 0) await this.deps.archive.runOnce();
      for (const session of this.sessionsNeedingAnalytics()) {
        const mode = this.deps.orgMode(session.orgId);
        if (mode.kind === 'team') await this.analyseOnce(session.id, session.orgId, mode);
      }
    } catch (error) {
      this.deps.logger.warn('team catch-up pass failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Team transcripts not in S3 yet join the archive queue; its worker takes the lease per upload. */
  private queueTeamArchives(): number {
    if (!this.deps.archive.currentBucket()) return 0;
    const { archiveQueue } = this.deps.stores;
    const transcriptIds = archiveQueue.unqueuedTeamTranscripts();
    const now = nowIso();
    for (const id of transcriptIds) archiveQueue.enqueueIfAbsent(id, now);
    return transcriptIds.length;
  }

  /** Completed team sessions with a transcript, no analytics, and no attempt recorded by any desktop. */
  private sessionsNeedingAnalytics(): StoredVoiceSession[] {
    const sessions = this.deps.stores.sessions.completedTeamSessionsWithoutAnalytics();
    const now = Date.now();
    return sessions.filter((session) => session.sessionMetadata.analytics === undefined && (this.refusedUntil.get(session.id) ?? 0) <= now);
  }

  private async analyseOnce(sessionId: string, orgId: string, mode: Extract<OrgMode, { kind: 'team' }>): Promise<void> {
    // Only a desktop that can do the work asks for it; the others leave the lease to one that can
    // (and do not ask their keychain again at every sync run).
    if (!(await this.deps.vault.keyFor(orgId, 'openai'))) {
      this.refusedUntil.set(sessionId, Date.now() + REFUSED_BACKOFF_MS);
      return;
    }
    const transcriptId = this.deps.stores.transcripts.idForSession(sessionId);
    if (!transcriptId || this.deps.stores.analytics.forSession(sessionId)) return;
    let taken: boolean;
    try {
      taken = await this.deps.leases.take(mode.team, sessionId, 'analytics', ANALYTICS_LEASE_SECONDS);
    } catch (error) {
      this.deps.logger.info('analytics lease not taken (project unreachable); next pass', { sessionId, error: String(error) });
      return;
    }
    if (!taken) {
      this.refusedUntil.set(sessionId, Date.now() + REFUSED_BACKOFF_MS);
      return;
    }
    // A failure is recorded on the session (synced) for the console's retry, as for local sessions;
    // the lease is finished either way so no other desktop repeats a job that ran.
    await this.deps.analytics.generate(sessionId, this.deps.actor()).catch(() => undefined);
    await this.deps.leases.finish(mode.team, sessionId, 'analytics').catch((error: unknown) => {
      this.deps.logger.info('analytics lease not finished; it will expire', { sessionId, error: String(error) });
    });
  }
}
