import type { Database, Statement } from 'better-sqlite3';
import type { ConflictEntry, ListConflictsQuery } from '../../contracts/sync.js';
import { readJson } from '../store/json-column.js';

interface ConflictRow {
  id: number;
  table_name: string;
  row_id: string;
  org_id: string;
  field: string;
  local_value: string | null;
  server_value: string | null;
  op_id: string | null;
  detected_at: string;
  resolved_at: string | null;
  resolution: 'dismissed' | 'reapplied' | null;
}

function toEntry(row: ConflictRow): ConflictEntry {
  return {
    id: row.id,
    table: row.table_name,
    rowId: row.row_id,
    orgId: row.org_id,
    field: row.field,
    localValue: readJson<unknown>(row.local_value, null),
    serverValue: readJson<unknown>(row.server_value, null),
    detectedAt: row.detected_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  };
}

/** Every local value the server's order overruled, kept for the user (never silently lost). */
export class ConflictLog {
  private readonly addStatement: Statement<[string, string, string, string, string, string, string | null, string]>;
  private readonly getStatement: Statement<[number], ConflictRow>;
  private readonly resolveStatement: Statement<[string, string, number]>;
  private readonly openCount: Statement<[], { n: number }>;

  constructor(private readonly db: Database) {
    this.addStatement = db.prepare(`INSERT INTO sync_conflicts (table_name, row_id, org_id, field, local_value, server_value, op_id, detected_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.getStatement = db.prepare('SELECT * FROM sync_conflicts WHERE id = ?');
    this.resolveStatement = db.prepare('UPDATE sync_conflicts SET resolution = ?, resolved_at = ? WHERE id = ? AND resolved_at IS NULL');
    this.openCount = db.prepare('SELECT COUNT(*) AS n FROM sync_conflicts WHERE resolved_at IS NULL');
  }

  record(entry: { table: string; rowId: string; orgId: string; field: string; mine: unknown; theirs: unknown; opId: string | null; at: string }): void {
    this.addStatement.run(
      entry.table,
      entry.rowId,
      entry.orgId,
      entry.field,
      JSON.stringify(entry.mine ?? null),
      JSON.stringify(entry.theirs ?? null),
      entry.opId,
      entry.at,
    );
  }

  get(id: number): ConflictEntry | undefined {
    const row = this.getStatement.get(id);
    return row ? toEntry(row) : undefined;
  }

  list(query: ListConflictsQuery): { items: ConflictEntry[]; total: number } {
    const where = query.includeResolved ? '' : 'WHERE resolved_at IS NULL';
    const rows = this.db
      .prepare(`SELECT * FROM sync_conflicts ${where} ORDER BY detected_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(query.limit, query.offset) as ConflictRow[];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM sync_conflicts ${where}`).get() as { n: number }).n;
    return { items: rows.map(toEntry), total };
  }

  resolve(id: number, resolution: 'dismissed' | 'reapplied', at: string): boolean {
    return this.resolveStatement.run(resolution, at, id).changes === 1;
  }

  unresolved(): number {
    return this.openCount.get()?.n ?? 0;
  }
}
