import { randomUUID } from 'node:crypto';
import {
  isPreviewed,
  PREVIEW_FIRST,
  type AuditEntry,
  type AuditQuery,
  type ContentCounts,
  type ErasureReceipt,
  type ErasureRequest,
  type RetentionPolicy,
  type RetentionPreview,
  type RetentionRun,
} from '../../contracts/candidate-rights.js';
import type { TranscriptBucket } from '../archive/transcript-bucket.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { CurrentUser } from '../identity/identity-provider.js';
import type { Logger } from '../runtime/logger.js';
import { nowIso } from '../runtime/clock.js';
import type { Stores } from '../store/stores.js';
import type { OrgMode } from '../sync/sync-service.js';
import { isComplete, runDeletion, ZERO_COUNTS, type DeletionAttempt, type DeletionDeps } from './content-deletion.js';
import { EmailHasher } from './email-hash.js';
import { ErasureStore, type ErasureRecord } from './erasure-store.js';
import { LocalContentStore } from './local-content.js';
import { RetentionPolicies, teamPolicyFailure, visiblePolicy } from './retention-policies.js';
import { RetentionPolicyStore } from './retention-policy-store.js';
import { readTeamAudit } from './team-audit.js';
import { teamRetentionPolicy } from './team-retention-policy.js';
import { teamRights } from './team-rights.js';

export interface CandidateRightsDeps {
  stores: Stores;
  orgMode: (orgId: string) => OrgMode;
  bucket: () => TranscriptBucket | null;
  logger: Logger;
}

type Actor = { id: CurrentUser['id']; email: string | null };

/** What a retention run leaves for the next one: keys the bucket still has to lose. */
interface StoredRun extends RetentionRun {
  archiveKeys?: string[];
}

function flatCounts(prefix: string, counts: ContentCounts | null): Record<string, number> {
  const c = counts ?? ZERO_COUNTS;
  return {
    [`${prefix}Sessions`]: c.sessions,
    [`${prefix}Transcripts`]: c.transcripts,
    [`${prefix}LiveSegments`]: c.liveSegments,
    [`${prefix}Analytics`]: c.analytics,
    [`${prefix}ArchiveObjects`]: c.archiveObjects,
  };
}

/**
 * Candidates' rights over their interview content: the org's retention policy (preview, run daily
 * and on demand) and erasure on request, each across the desktop cache, the team project and the
 * transcript bucket, each leaving an audit entry. Pending stores are retried on a timer and after
 * every sync until done.
 */
export class CandidateRights {
  readonly local: LocalContentStore;
  readonly policies: RetentionPolicyStore;
  readonly retention: RetentionPolicies;
  readonly erasures: ErasureStore;
  private readonly hasher: EmailHasher;
  private readonly deletion: DeletionDeps;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: CandidateRightsDeps) {
    const { db } = deps.stores;
    this.local = new LocalContentStore(db);
    this.policies = new RetentionPolicyStore(db);
    this.retention = new RetentionPolicies(this.policies, deps.stores, deps.orgMode, deps.logger);
    this.erasures = new ErasureStore(db);
    this.hasher = new EmailHasher(db);
    this.deletion = { local: this.local, orgMode: deps.orgMode, bucket: deps.bucket };
  }

  /** The org's policy and (its last run as kept here), from the team project for a team org. */
  async retentionState(orgId: string): Promise<{ policy: RetentionPolicy; lastRun: RetentionRun | null }> {
    const view = await this.retention.read(orgId);
    return { policy: visiblePolicy(view), lastRun: visibleRun(view.stored.lastRun) };
  }

  async setPolicy(orgId: string, days: number | null, actor: Actor): Promise<{ policy: RetentionPolicy; lastRun: RetentionRun | null }> {
    const view = await this.retention.set(orgId, days, actor);
    return { policy: visiblePolicy(view), lastRun: visibleRun(view.stored.lastRun) };
  }

  /**
   * What a run with `days` would delete now, recorded as the preview of that setting (a run needs
   * one at its current days). A team org's is counted and recorded on the project when reachable.
   */
  async preview(orgId: string, days: number): Promise<RetentionPreview> {
    const cutoff = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
    const local = this.local.inspect(orgId, this.local.sessionsPast(orgId, cutoff));
    let counts = local.counts;
    let keys = local.archiveKeys;
    let source: RetentionPreview['source'] = 'local';
    const team = this.retention.team(orgId);
    if (team) {
      try {
        const reply = await teamRetentionPolicy.preview(team, orgId, days);
        this.policies.saveTeamCopy(reply.policy);
        counts = reply.scrub.counts;
        keys = [...new Set([...keys, ...reply.scrub.archiveKeys])];
        source = 'team';
      } catch (error) {
        const failure = teamPolicyFailure(error, 'preview retention');
        if (failure.status !== 503) throw failure;
        this.deps.logger.warn('retention preview: the team project could not count; showing this desktop only', { error: String(error) });
      }
    }
    // Counted here only (an org that does not sync, or the project unreachable): recorded here.
    if (source === 'local') this.policies.savePreview(orgId, days);
    const bucket = this.deps.bucket();
    let archiveObjects = counts.archiveObjects;
    if (bucket) {
      try {
        archiveObjects = await bucket.countExisting(keys);
      } catch (error) {
        this.deps.logger.warn('retention preview: the bucket could not be counted', { error: String(error) });
      }
    }
    return { orgId, days, cutoff, counts: { ...counts, archiveObjects }, source };
  }

  /**
   * Runs the org's retention now: on demand (`actor`, the admin asking), or for the scheduler
   * (`actor` null; `scheduled` false for a retry of a run left pending). Refused while retention is
   * off or was never previewed at its current days. A team org runs the project's policy: the run is
   * claimed there first, so a scheduled run that another desktop made in the last 24 h is skipped
   * (answers null), and its outcome is recorded there for every desktop.
   */
  async runRetention(orgId: string, actor: Actor | null, scheduled = false): Promise<RetentionRun | null> {
    const view = await this.retention.read(orgId);
    let stored = view.stored;
    if (stored.days === null) throw new ApiFailure(409, 'NOT_CONFIGURED', 'Retention is off for this org: choose how many days to keep interview content first');
    if (!isPreviewed(stored)) {
      throw new ApiFailure(409, 'PREVIEW_REQUIRED', `${PREVIEW_FIRST}: retention has not been previewed at ${stored.days} days, so nothing was deleted`, { days: stored.days });
    }
    const team = view.source === 'team' ? this.retention.team(orgId) : null;
    let runner = actor;
    if (team) {
      try {
        const claim = await teamRetentionPolicy.beginRun(team, orgId, actor === null && scheduled);
        this.policies.saveTeamCopy(claim.policy);
        if (!claim.run) return null;
        runner ??= claim.actor;
      } catch (error) {
        const failure = teamPolicyFailure(error, 'run retention');
        // The scheduler waits for the project (it needs to know who runs it, and whether another desktop did).
        if (failure.status !== 503 || actor === null) throw failure;
      }
      stored = this.policies.get(orgId);
    } else if (this.retention.isTeamOrg(orgId) && actor === null) {
      // A team org's scheduled run waits until the project can say it is due.
      return null;
    }
    // An org that does not sync: a scheduled run acts for the admin who set the policy.
    runner ??= { id: stored.updatedBy ?? 'system', email: stored.updatedByEmail };
    const days = stored.days ?? 0;
    if (days === 0 || !isPreviewed(stored)) throw new ApiFailure(409, 'PREVIEW_REQUIRED', `${PREVIEW_FIRST}: the policy changed on the team project meanwhile`);
    const cutoff = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
    const sessionIds = this.local.sessionsPast(orgId, cutoff);
    const carried = (stored.lastRun as StoredRun | null)?.archiveKeys ?? [];
    const attempt = await runDeletion(this.deletion, {
      orgId,
      sessionIds,
      reason: 'retention',
      team: (project) => teamRights.retention(project, orgId, days, false),
      // Keys the bucket kept last time are tried again; everything else is found afresh.
      ...(carried.length > 0 ? { previous: carriedKeys(carried) } : {}),
    });
    const run: StoredRun = { orgId, days, cutoff, ranAt: nowIso(), stores: attempt.stores };
    if (attempt.stores.archive.state === 'pending') run.archiveKeys = attempt.archiveKeys;
    this.policies.recordRun(run);
    const visible = visibleRun(run) as RetentionRun;
    if (team) {
      try {
        this.policies.saveTeamCopy(await teamRetentionPolicy.recordRun(team, orgId, visible));
      } catch (error) {
        this.deps.logger.warn('retention: the run could not be recorded on the team project', { orgId, error: String(error) });
      }
    }
    this.deps.stores.audit.record({
      orgId,
      actor: runner,
      action: 'retention.ran',
      targetType: 'org',
      targetId: orgId,
      details: {
        days,
        ...flatCounts('local', attempt.stores.local.counts),
        ...flatCounts('team', attempt.stores.team.counts),
        archiveObjects: attempt.stores.archive.counts?.archiveObjects ?? 0,
        pending: !isComplete(attempt.stores),
      },
    });
    return visible;
  }

  /** Erases a candidate (by e-mail, or the candidate of a session). */
  async erase(request: ErasureRequest, actor: Actor): Promise<{ receipt: ErasureReceipt; created: boolean }> {
    const { orgId } = request;
    let email: string | null;
    if ('email' in request) email = request.email.trim();
    else {
      const row = this.deps.stores.sessions.get(request.sessionId);
      if (!row || row.orgId !== orgId) throw notFound('Session');
      email = row.candidateEmail;
    }
    const emailHash = email ? this.hasher.hash(email) : null;
    const sessionIds = new Set(email ? this.local.sessionsOfEmail(orgId, email) : []);
    if ('sessionId' in request) sessionIds.add(request.sessionId);
    const withContent = [...sessionIds].filter((id) => this.local.inspect(orgId, [id]).counts.sessions > 0);

    // Asked again: answer the earlier receipt (retrying what it left pending) unless new content appeared.
    const earlier = emailHash
      ? this.erasures.latestFor(orgId, emailHash)
      : 'sessionId' in request
        ? this.erasures.latestForSession(orgId, request.sessionId)
        : null;
    if (withContent.length === 0 && earlier) {
      return { receipt: earlier.receipt.completedAt ? earlier.receipt : await this.retry(earlier), created: false };
    }
    if (sessionIds.size === 0) throw new ApiFailure(404, 'NOT_FOUND', 'No session of this org has a candidate with this e-mail');
    const running = this.local.running([...sessionIds]);
    if (running.length > 0) {
      throw new ApiFailure(409, 'SESSION_ACTIVE', 'A session of this candidate is still running; end it before erasing their data', { sessionIds: running });
    }

    const ids = [...sessionIds].sort();
    const attempt = await runDeletion(this.deletion, {
      orgId,
      sessionIds: ids,
      reason: 'erasure',
      team: (team) => teamRights.erase(team, orgId, email, ids),
    });
    const record: ErasureRecord = {
      receipt: {
        id: randomUUID(),
        orgId,
        emailHash,
        sessionCount: ids.length,
        requestedAt: nowIso(),
        requestedBy: actor.id,
        completedAt: isComplete(attempt.stores) ? nowIso() : null,
        stores: attempt.stores,
      },
      sessionIds: ids,
      archiveKeys: attempt.archiveKeys,
    };
    this.erasures.save(record);
    this.auditErasure(record, actor, attempt);
    return { receipt: record.receipt, created: true };
  }

  /** Tries an erasure's pending stores again. */
  async retry(record: ErasureRecord): Promise<ErasureReceipt> {
    if (record.receipt.completedAt) return record.receipt;
    const { orgId } = record.receipt;
    const attempt = await runDeletion(this.deletion, {
      orgId,
      sessionIds: record.sessionIds,
      reason: 'erasure',
      // The e-mail was never kept: the retry names the sessions.
      team: (team) => teamRights.erase(team, orgId, null, record.sessionIds),
      previous: { stores: record.receipt.stores, archiveKeys: record.archiveKeys },
    });
    const updated: ErasureRecord = {
      ...record,
      archiveKeys: attempt.archiveKeys,
      receipt: { ...record.receipt, stores: attempt.stores, completedAt: isComplete(attempt.stores) ? nowIso() : null },
    };
    this.erasures.save(updated);
    return updated.receipt;
  }

  private auditErasure(record: ErasureRecord, actor: Actor, attempt: DeletionAttempt): void {
    this.deps.stores.audit.record({
      orgId: record.receipt.orgId,
      actor,
      action: 'candidate.erased',
      targetType: 'erasure',
      targetId: record.receipt.id,
      details: {
        emailHash: record.receipt.emailHash,
        sessions: record.sessionIds.length,
        ...flatCounts('local', attempt.stores.local.counts),
        ...flatCounts('team', attempt.stores.team.counts),
        archiveObjects: attempt.stores.archive.counts?.archiveObjects ?? 0,
        pending: !isComplete(attempt.stores),
      },
    });
  }

  /**
   * The org's audit log: for a team org the project's (every desktop's entries, once this one's
   * are sent), otherwise, or while the project cannot be reached, this desktop's own.
   */
  async auditLog(query: AuditQuery, pushPending: () => Promise<number>): Promise<{ entries: AuditEntry[]; total: number; source: 'local' | 'team' }> {
    const mode = this.deps.orgMode(query.orgId);
    if (mode.kind === 'team') {
      try {
        await pushPending();
        return { ...(await readTeamAudit(mode.team, query)), source: 'team' };
      } catch (error) {
        this.deps.logger.warn('audit log: showing this desktop\'s entries', { error: String(error) });
      }
    }
    return { ...this.deps.stores.audit.list(query), source: 'local' };
  }

  /**
   * Pending erasures, and retention runs that are due (`all`, the daily timer) or left a store
   * pending (after a sync: the project may be back). Concurrent calls share one pass.
   */
  runDue(which: 'all' | 'pending' = 'all'): Promise<void> {
    this.running ??= this.pass(which).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.runDue('all'), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async pass(which: 'all' | 'pending'): Promise<void> {
    for (const record of this.erasures.open()) {
      try {
        await this.retry(record);
      } catch (error) {
        this.deps.logger.warn('erasure retry failed', { id: record.receipt.id, error: String(error) });
      }
    }
    if (which === 'all') {
      // A team org's policy lives on the project: refresh the copies the due check reads.
      for (const orgId of this.policies.knownOrgIds()) {
        if (this.retention.team(orgId)) await this.retention.read(orgId);
      }
    }
    for (const orgId of this.policies.due(new Date(), which === 'pending')) {
      try {
        await this.runRetention(orgId, null, which === 'all');
      } catch (error) {
        this.deps.logger.warn('scheduled retention failed', { orgId, error: String(error) });
      }
    }
  }
}

/** A run as the API shows it: without the keys the bucket still owes. */
function visibleRun(run: StoredRun | null): RetentionRun | null {
  if (!run) return null;
  const { archiveKeys, ...visible } = run;
  void archiveKeys;
  return visible;
}

/** A retention re-run that owes the bucket these keys: local and team run afresh. */
function carriedKeys(keys: string[]): DeletionAttempt {
  const open = { state: 'pending' as const, counts: null, lastError: null, doneAt: null };
  return { stores: { local: open, team: open, archive: open }, archiveKeys: keys };
}
