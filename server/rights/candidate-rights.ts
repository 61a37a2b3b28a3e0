import { randomUUID } from 'node:crypto';
import type {
  AuditEntry,
  AuditQuery,
  ContentCounts,
  ErasureReceipt,
  ErasureRequest,
  RetentionPolicy,
  RetentionPreview,
  RetentionRun,
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
import { RetentionPolicyStore } from './retention-policy-store.js';
import { readTeamAudit } from './team-audit.js';
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
  readonly erasures: ErasureStore;
  private readonly hasher: EmailHasher;
  private readonly deletion: DeletionDeps;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: CandidateRightsDeps) {
    const { db } = deps.stores;
    this.local = new LocalContentStore(db);
    this.policies = new RetentionPolicyStore(db);
    this.erasures = new ErasureStore(db);
    this.hasher = new EmailHasher(db);
    this.deletion = { local: this.local, orgMode: deps.orgMode, bucket: deps.bucket };
  }

  policy(orgId: string): RetentionPolicy {
    const { lastRun, ...policy } = this.policies.get(orgId);
    void lastRun;
    return policy;
  }

  lastRun(orgId: string): RetentionRun | null {
    const run = this.policies.get(orgId).lastRun as StoredRun | null;
    if (!run) return null;
    const { archiveKeys, ...visible } = run;
    void archiveKeys;
    return visible;
  }

  setPolicy(orgId: string, days: number | null, actor: Actor): RetentionPolicy {
    const before = this.policies.get(orgId).days;
    this.policies.save(orgId, days, actor.id);
    this.deps.stores.audit.record({
      orgId,
      actor,
      action: 'retention.changed',
      targetType: 'org',
      targetId: orgId,
      details: { fromDays: before, toDays: days },
    });
    return this.policy(orgId);
  }

  /** What a run with `days` would delete now. The team project counts for a team org when reachable. */
  async preview(orgId: string, days: number): Promise<RetentionPreview> {
    const cutoff = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
    const mode = this.deps.orgMode(orgId);
    const local = this.local.inspect(orgId, this.local.sessionsPast(orgId, cutoff));
    let counts = local.counts;
    let keys = local.archiveKeys;
    let source: RetentionPreview['source'] = 'local';
    if (mode.kind === 'team') {
      try {
        const team = await teamRights.retention(mode.team, orgId, days, true);
        counts = team.counts;
        keys = [...new Set([...keys, ...team.archiveKeys])];
        source = 'team';
      } catch (error) {
        this.deps.logger.warn('retention preview: the team project could not count; showing this desktop only', { error: String(error) });
      }
    }
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

  /** Runs the org's retention now (on demand, or when due). */
  async runRetention(orgId: string, actor: Actor): Promise<RetentionRun> {
    const stored = this.policies.get(orgId);
    if (stored.days === null) throw new ApiFailure(409, 'NOT_CONFIGURED', 'Retention is off for this org: choose how many days to keep interview content first');
    const days = stored.days;
    const cutoff = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
    const sessionIds = this.local.sessionsPast(orgId, cutoff);
    const carried = (stored.lastRun as StoredRun | null)?.archiveKeys ?? [];
    const attempt = await runDeletion(this.deletion, {
      orgId,
      sessionIds,
      reason: 'retention',
      team: (team) => teamRights.retention(team, orgId, days, false),
      // Keys the bucket kept last time are tried again; everything else is found afresh.
      ...(carried.length > 0 ? { previous: carriedKeys(carried) } : {}),
    });
    const run: StoredRun = { orgId, days, cutoff, ranAt: nowIso(), stores: attempt.stores };
    if (attempt.stores.archive.state === 'pending') run.archiveKeys = attempt.archiveKeys;
    this.policies.recordRun(run);
    this.deps.stores.audit.record({
      orgId,
      actor,
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
    const { archiveKeys, ...visible } = run;
    void archiveKeys;
    return visible;
  }

  /** Erases a candidate (by e-mail, or the candidate of a session). */
  async erase(request: ErasureRequest, actor: Actor): Promise<{ receipt: ErasureReceipt; created: boolean }> {
    const { orgId } = request;
    let email: string | null;
    if ('email' in request) email = request.email.trim();
    else {
      const row = this.deps.stores.sessions.get(request.sessionId);
      if (!row || row.org_id !== orgId) throw notFound('Session');
      email = row.candidate_email;
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
    for (const orgId of this.policies.due(new Date(), which === 'pending')) {
      const policy = this.policies.get(orgId);
      try {
        // A scheduled run acts for the admin who set the policy.
        await this.runRetention(orgId, { id: policy.updatedBy ?? 'system', email: null });
      } catch (error) {
        this.deps.logger.warn('scheduled retention failed', { orgId, error: String(error) });
      }
    }
  }
}

/** A retention re-run that owes the bucket these keys: local and team run afresh. */
function carriedKeys(keys: string[]): DeletionAttempt {
  const open = { state: 'pending' as const, counts: null, lastError: null, doneAt: null };
  return { stores: { local: open, team: open, archive: open }, archiveKeys: keys };
}
