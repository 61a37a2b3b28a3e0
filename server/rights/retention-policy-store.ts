import type { Database } from 'better-sqlite3';
import type { RetentionPolicy, RetentionRun } from '../../contracts/candidate-rights.js';
import { nowIso } from '../runtime/clock.js';
import { readJson } from '../store/json-column.js';

interface PolicyRow {
  org_id: string;
  days: number | null;
  updated_at: string;
  updated_by: string;
  last_run_at: string | null;
  last_run: string | null;
}

/** Each org's retention setting on this desktop (off unless an admin sets it) and its last run. */
export class RetentionPolicyStore {
  constructor(private readonly db: Database) {}

  get(orgId: string): RetentionPolicy & { lastRun: RetentionRun | null } {
    const row = this.db.prepare('SELECT * FROM rights_retention_policies WHERE org_id = ?').get(orgId) as PolicyRow | undefined;
    if (!row) return { orgId, days: null, updatedAt: null, updatedBy: null, lastRunAt: null, lastRun: null };
    return {
      orgId,
      days: row.days,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
      lastRunAt: row.last_run_at,
      lastRun: readJson<RetentionRun | null>(row.last_run, null),
    };
  }

  save(orgId: string, days: number | null, userId: string): void {
    this.db
      .prepare(
        `INSERT INTO rights_retention_policies (org_id, days, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (org_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(orgId, days, nowIso(), userId);
  }

  recordRun(run: RetentionRun): void {
    this.db.prepare('UPDATE rights_retention_policies SET last_run_at = ?, last_run = ? WHERE org_id = ?').run(run.ranAt, JSON.stringify(run), run.orgId);
  }

  /**
   * Orgs whose retention is on and due: never run, run a day ago or more, or left a store pending;
   * with `pendingOnly`, just those whose last run left a store pending (retried after each sync).
   */
  due(now: Date, pendingOnly = false): string[] {
    const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000).toISOString();
    const rows = this.db
      .prepare(
        `SELECT org_id FROM rights_retention_policies WHERE days IS NOT NULL
           AND (last_run LIKE '%"pending"%' OR (? = 0 AND (last_run_at IS NULL OR last_run_at <= ?))) ORDER BY org_id`,
      )
      .all(pendingOnly ? 1 : 0, dayAgo) as { org_id: string }[];
    return rows.map((row) => row.org_id);
  }
}
