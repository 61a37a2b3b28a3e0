import type { Database } from 'better-sqlite3';
import type { RetentionRun } from '../../contracts/candidate-rights.js';
import { nowIso } from '../runtime/clock.js';
import { readJson } from '../store/json-column.js';

interface PolicyRow {
  org_id: string;
  days: number | null;
  updated_at: string | null;
  updated_by: string | null;
  updated_by_email: string | null;
  previewed_days: number | null;
  previewed_at: string | null;
  last_run_at: string | null;
  last_run: string | null;
  team_copied_at: string | null;
}

/** A policy row as this desktop keeps it (for a team org: the copy of the project's). */
export interface StoredPolicy {
  orgId: string;
  days: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
  updatedByEmail: string | null;
  previewedDays: number | null;
  previewedAt: string | null;
  lastRunAt: string | null;
  lastRun: RetentionRun | null;
  teamCopiedAt: string | null;
}

/** The project's policy row, as voice_retention_policy_get and the other RPCs answer it. */
export type TeamPolicyCopy = Omit<StoredPolicy, 'teamCopiedAt'>;

function toPolicy(orgId: string, row: PolicyRow | undefined): StoredPolicy {
  return {
    orgId,
    days: row?.days ?? null,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    updatedByEmail: row?.updated_by_email ?? null,
    previewedDays: row?.previewed_days ?? null,
    previewedAt: row?.previewed_at ?? null,
    lastRunAt: row?.last_run_at ?? null,
    lastRun: readJson<RetentionRun | null>(row?.last_run ?? null, null),
    teamCopiedAt: row?.team_copied_at ?? null,
  };
}

/** How long a preview made before saving still counts for the saved days (the console previews, then saves). */
const PREVIEW_CARRIES_MS = 3600 * 1000;

/**
 * Each org's retention setting on this desktop (off unless an admin sets it), its last preview and
 * its last run. For an org that does not sync this is the policy; for a team org it is the copy of
 * the team project's, kept for when the project cannot be reached.
 */
export class RetentionPolicyStore {
  constructor(private readonly db: Database) {}

  get(orgId: string): StoredPolicy {
    return toPolicy(orgId, this.db.prepare('SELECT * FROM rights_retention_policies WHERE org_id = ?').get(orgId) as PolicyRow | undefined);
  }

  /**
   * Sets `days`. The last preview survives when the days do not change, or when it was of the new
   * days and fresh; any other change needs a new preview (the same rule as the project's).
   */
  save(orgId: string, days: number | null, user: { id: string; email: string | null }): void {
    const at = nowIso();
    const freshSince = new Date(Date.now() - PREVIEW_CARRIES_MS).toISOString();
    this.db
      .prepare(
        `INSERT INTO rights_retention_policies (org_id, days, updated_at, updated_by, updated_by_email) VALUES (@orgId, @days, @at, @by, @email)
         ON CONFLICT (org_id) DO UPDATE SET
           days = excluded.days, updated_at = excluded.updated_at, updated_by = excluded.updated_by, updated_by_email = excluded.updated_by_email,
           previewed_days = CASE WHEN days IS excluded.days OR (previewed_days = excluded.days AND previewed_at > @fresh) THEN previewed_days END,
           previewed_at = CASE WHEN days IS excluded.days OR (previewed_days = excluded.days AND previewed_at > @fresh) THEN previewed_at END`,
      )
      .run({ orgId, days, at, by: user.id, email: user.email, fresh: freshSince });
  }

  /** Records that an admin saw what a run at `days` would delete. */
  savePreview(orgId: string, days: number): void {
    this.db
      .prepare(
        `INSERT INTO rights_retention_policies (org_id, previewed_days, previewed_at) VALUES (?, ?, ?)
         ON CONFLICT (org_id) DO UPDATE SET previewed_days = excluded.previewed_days, previewed_at = excluded.previewed_at`,
      )
      .run(orgId, days, nowIso());
  }

  /**
   * Replaces a team org's copy with the project's policy. The last run is the project's unless this
   * desktop has a later one of its own (a run whose team store was pending never reached the project).
   */
  saveTeamCopy(policy: TeamPolicyCopy): void {
    const local = this.get(policy.orgId);
    const ownRunIsLater = local.lastRunAt !== null && (policy.lastRunAt === null || local.lastRunAt > policy.lastRunAt);
    const lastRun = ownRunIsLater ? local.lastRun : policy.lastRun;
    this.db
      .prepare(
        `INSERT INTO rights_retention_policies (org_id, days, updated_at, updated_by, updated_by_email, previewed_days, previewed_at, last_run_at, last_run, team_copied_at)
         VALUES (@orgId, @days, @updatedAt, @updatedBy, @updatedByEmail, @previewedDays, @previewedAt, @lastRunAt, @lastRun, @copiedAt)
         ON CONFLICT (org_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
           updated_by_email = excluded.updated_by_email, previewed_days = excluded.previewed_days, previewed_at = excluded.previewed_at,
           last_run_at = excluded.last_run_at, last_run = excluded.last_run, team_copied_at = excluded.team_copied_at`,
      )
      .run({
        orgId: policy.orgId,
        days: policy.days,
        updatedAt: policy.updatedAt,
        updatedBy: policy.updatedBy,
        updatedByEmail: policy.updatedByEmail,
        previewedDays: policy.previewedDays,
        previewedAt: policy.previewedAt,
        lastRunAt: ownRunIsLater ? local.lastRunAt : policy.lastRunAt,
        lastRun: lastRun ? JSON.stringify(lastRun) : null,
        copiedAt: nowIso(),
      });
  }

  recordRun(run: RetentionRun): void {
    this.db.prepare('UPDATE rights_retention_policies SET last_run_at = ?, last_run = ? WHERE org_id = ?').run(run.ranAt, JSON.stringify(run), run.orgId);
  }

  /** Every org this desktop knows (team orgs among them have their policy read from the project). */
  knownOrgIds(): string[] {
    return (this.db.prepare('SELECT id FROM orgs ORDER BY id').all() as { id: string }[]).map((row) => row.id);
  }

  /**
   * Orgs whose retention is on, previewed at its current days, and due: never run, run a day ago or
   * more, or left a store pending; with `pendingOnly`, just those whose last run left a store pending
   * (retried after each sync). A policy never previewed at its days does not run (issue 13).
   */
  due(now: Date, pendingOnly = false): string[] {
    const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000).toISOString();
    const rows = this.db
      .prepare(
        `SELECT org_id FROM rights_retention_policies WHERE days IS NOT NULL AND previewed_days = days
           AND (last_run LIKE '%"pending"%' OR (? = 0 AND (last_run_at IS NULL OR last_run_at <= ?))) ORDER BY org_id`,
      )
      .all(pendingOnly ? 1 : 0, dayAgo) as { org_id: string }[];
    return rows.map((row) => row.org_id);
  }
}
