import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { AuditAction, AuditEntry, AuditQuery } from '../../contracts/candidate-rights.js';
import { nowIso } from '../runtime/clock.js';
import { readJson } from './json-column.js';

interface AuditRow {
  id: string;
  org_id: string;
  at: string;
  actor_id: string;
  actor_email: string | null;
  action: AuditAction;
  target_type: AuditEntry['targetType'];
  target_id: string | null;
  details: string;
  synced_at: string | null;
}

export interface AuditRecord {
  /** Given when the entry already exists elsewhere under this id (the team project wrote it). */
  id?: string;
  orgId: string;
  actor: { id: string; email: string | null };
  action: AuditAction;
  targetType: AuditEntry['targetType'];
  targetId: string | null;
  details?: AuditEntry['details'];
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    orgId: row.org_id,
    at: row.at,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: readJson<AuditEntry['details']>(row.details, {}),
  };
}

/**
 * The local, append-only audit log (SQLite triggers refuse UPDATE and DELETE, bar stamping
 * `synced_at` once). Callers pass ids, counts and options only: it is never given transcript words
 * or a key, and `details` accepts only scalars so nothing larger can slip in.
 */
export class AuditStore {
  private readonly insertStatement: Statement<[string, string, string, string, string | null, string, string, string | null, string]>;
  private readonly unsyncedStatement: Statement<[string, number], AuditRow>;
  private readonly markStatement: Statement<[string, string]>;
  private readonly unsyncedOrgsStatement: Statement<[], { org_id: string }>;

  constructor(private readonly db: Database) {
    this.insertStatement = db.prepare(
      `INSERT INTO rights_audit_log (id, org_id, at, actor_id, actor_email, action, target_type, target_id, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.unsyncedStatement = db.prepare('SELECT * FROM rights_audit_log WHERE org_id = ? AND synced_at IS NULL ORDER BY at, id LIMIT ?');
    this.markStatement = db.prepare('UPDATE rights_audit_log SET synced_at = ? WHERE id = ? AND synced_at IS NULL');
    this.unsyncedOrgsStatement = db.prepare('SELECT DISTINCT org_id FROM rights_audit_log WHERE synced_at IS NULL');
  }

  record(entry: AuditRecord): AuditEntry {
    const row: AuditRow = {
      id: entry.id ?? randomUUID(),
      org_id: entry.orgId,
      at: nowIso(),
      actor_id: entry.actor.id,
      actor_email: entry.actor.email,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      details: JSON.stringify(entry.details ?? {}),
      synced_at: null,
    };
    this.insertStatement.run(row.id, row.org_id, row.at, row.actor_id, row.actor_email, row.action, row.target_type, row.target_id, row.details);
    return toEntry(row);
  }

  list(query: AuditQuery): { entries: AuditEntry[]; total: number } {
    const filters: [string, string | undefined][] = [
      ['action = ?', query.action],
      ['actor_id = ?', query.actorId],
      ['target_id = ?', query.targetId],
      ['at >= ?', query.from ? new Date(query.from).toISOString() : undefined],
      ['at <= ?', query.to ? new Date(query.to).toISOString() : undefined],
    ];
    const where = ['org_id = ?'];
    const args: (string | number)[] = [query.orgId];
    for (const [condition, value] of filters) {
      if (value === undefined) continue;
      where.push(condition);
      args.push(value);
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM rights_audit_log WHERE ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM rights_audit_log WHERE ${clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, query.limit ?? 100, query.offset ?? 0) as AuditRow[];
    return { entries: rows.map(toEntry), total };
  }

  /** The orgs with entries not yet sent to a team project (the audit sync's work list). */
  orgsWithUnsynced(): string[] {
    return this.unsyncedOrgsStatement.all().map((row) => row.org_id);
  }

  unsynced(orgId: string, limit = 500): AuditEntry[] {
    return this.unsyncedStatement.all(orgId, limit).map(toEntry);
  }

  markSynced(ids: string[]): void {
    const at = nowIso();
    this.db.transaction(() => {
      for (const id of ids) this.markStatement.run(at, id);
    })();
  }
}
