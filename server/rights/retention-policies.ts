import { randomUUID } from 'node:crypto';
import { PREVIEW_FIRST, type RetentionPolicy, type RetentionPolicySource } from '../../contracts/candidate-rights.js';
import { ApiFailure } from '../http/api-failure.js';
import type { Logger } from '../runtime/logger.js';
import type { Stores } from '../store/stores.js';
import type { OrgMode } from '../sync/sync-service.js';
import { SyncRequestError } from '../sync/sync-errors.js';
import type { TeamProject } from '../sync/team-project.js';
import type { RetentionPolicyStore, StoredPolicy } from './retention-policy-store.js';
import { teamRetentionPolicy } from './team-retention-policy.js';

type Actor = { id: string; email: string | null };

/** A policy with where it was read from (and, for the server's own use, the last run as kept). */
export interface PolicyView {
  stored: StoredPolicy;
  source: RetentionPolicySource;
}

export function visiblePolicy(view: PolicyView): RetentionPolicy {
  const { stored, source } = view;
  return {
    orgId: stored.orgId,
    days: stored.days,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    updatedByEmail: stored.updatedByEmail,
    previewedDays: stored.previewedDays,
    previewedAt: stored.previewedAt,
    lastRunAt: stored.lastRunAt,
    source,
    copiedAt: stored.teamCopiedAt,
  };
}

/**
 * A refusal by the team project, as our API answers it: the role (403), the days (400), the state
 * (409: off, or not previewed); anything else means the project could not be reached (503).
 */
export function teamPolicyFailure(error: unknown, doing: string): ApiFailure {
  if (error instanceof SyncRequestError && error.kind === 'fatal') {
    if (error.status === 403) return new ApiFailure(403, 'FORBIDDEN', `The team project refused: only org owners and admins can ${doing}`);
    if (error.status === 400) return new ApiFailure(400, 'VALIDATION_ERROR', `The team project refused the retention policy: ${error.message}`);
    if (error.status === 409) {
      return error.message.startsWith(PREVIEW_FIRST)
        ? new ApiFailure(409, 'PREVIEW_REQUIRED', error.message)
        : new ApiFailure(409, 'NOT_CONFIGURED', `Retention is off for this org on the team project: ${error.message}`);
    }
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiFailure(503, 'TEAM_UNREACHABLE', `The team project cannot be reached right now (${reason.slice(0, 200)}), so this desktop could not ${doing}: try again when it is back`);
}

/**
 * Where each org's retention policy lives. An org that does not sync keeps it on this desktop. A
 * team org keeps it on the team project, so every admin's desktop sees and runs the same policy;
 * this desktop keeps a copy of it, shown as the saved copy while the project cannot be reached.
 */
export class RetentionPolicies {
  constructor(
    readonly store: RetentionPolicyStore,
    private readonly stores: Stores,
    private readonly orgMode: (orgId: string) => OrgMode,
    private readonly logger: Logger,
  ) {}

  /** The team project of a team org while signed in, else null. */
  team(orgId: string): TeamProject | null {
    const mode = this.orgMode(orgId);
    return mode.kind === 'team' ? mode.team : null;
  }

  isTeamOrg(orgId: string): boolean {
    return this.orgMode(orgId).kind !== 'local';
  }

  /** The policy as it is now: the project's for a team org (refreshing the copy), else this desktop's. */
  async read(orgId: string): Promise<PolicyView> {
    const mode = this.orgMode(orgId);
    if (mode.kind === 'local') return { stored: this.store.get(orgId), source: 'local' };
    if (mode.kind === 'team') {
      try {
        this.store.saveTeamCopy(await teamRetentionPolicy.get(mode.team, orgId));
        return { stored: this.store.get(orgId), source: 'team' };
      } catch (error) {
        this.logger.warn('retention policy: the team project could not be read; showing the saved copy', { orgId, error: String(error) });
      }
    }
    return { stored: this.store.get(orgId), source: 'saved-copy' };
  }

  /**
   * Sets the policy where it lives. A team org's change needs the project (one policy for the whole
   * team: a change kept only here would diverge); it is audited there by the project, and here
   * under the same entry id, already acknowledged, so the log never holds it twice.
   */
  async set(orgId: string, days: number | null, actor: Actor): Promise<PolicyView> {
    const mode = this.orgMode(orgId);
    if (mode.kind === 'local') {
      const before = this.store.get(orgId).days;
      this.store.save(orgId, days, actor);
      this.audit(orgId, actor, before, days);
      return { stored: this.store.get(orgId), source: 'local' };
    }
    if (mode.kind === 'team-signed-out') throw new ApiFailure(503, 'TEAM_UNREACHABLE', 'Sign in to the team project to change the team\'s retention policy');
    const auditId = randomUUID();
    let reply;
    try {
      reply = await teamRetentionPolicy.set(mode.team, orgId, days, auditId);
    } catch (error) {
      throw teamPolicyFailure(error, 'change the retention policy');
    }
    this.store.saveTeamCopy(reply.policy);
    // The project's entry says what the days were there (this copy may have been stale).
    const entry = this.audit(orgId, actor, reply.fromDays, days, auditId);
    this.stores.audit.markSynced([entry.id]);
    return { stored: this.store.get(orgId), source: 'team' };
  }

  private audit(orgId: string, actor: Actor, fromDays: number | null, toDays: number | null, id?: string): { id: string } {
    return this.stores.audit.record({
      ...(id ? { id } : {}),
      orgId,
      actor,
      action: 'retention.changed',
      targetType: 'org',
      targetId: orgId,
      details: { fromDays, toDays },
    });
  }
}
