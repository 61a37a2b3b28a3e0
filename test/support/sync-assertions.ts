import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { toWire, type WireRow } from '../../server/sync/row-codec.js';
import { syncedTables, tableSpecs, type SyncedTable } from '../../server/sync/table-specs.js';

/** An org's live rows, per synced table, as the server holds them (wire form, sorted by id). */
export async function serverRows(admin: pg.Pool, orgId: string, tables: readonly SyncedTable[] = syncedTables): Promise<Record<string, WireRow[]>> {
  const out: Record<string, WireRow[]> = {};
  for (const table of tables) {
    const columns = ['id', 'org_id', ...Object.keys(tableSpecs[table].columns)];
    const result = await admin.query(`SELECT to_jsonb(v) AS row FROM public.${table}_sync v WHERE org_id = $1 AND deleted_at IS NULL ORDER BY id`, [orgId]);
    out[table] = result.rows.map((record: { row: WireRow }) => Object.fromEntries(columns.map((column) => [column, record.row[column] ?? null])));
  }
  return out;
}

/** The same, from a desktop's cache. */
export function localRows(db: Database, orgId: string, tables: readonly SyncedTable[] = syncedTables): Record<string, WireRow[]> {
  const out: Record<string, WireRow[]> = {};
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM ${table} WHERE org_id = ? ORDER BY id`).all(orgId) as Record<string, unknown>[];
    out[table] = rows.map((row) => toWire(table, row));
  }
  return out;
}

export function outboxSummary(db: Database): { state: string; kind: string; table_name: string; reason: string | null }[] {
  return db.prepare('SELECT state, kind, table_name, reason FROM sync_outbox ORDER BY seq').all() as {
    state: string;
    kind: string;
    table_name: string;
    reason: string | null;
  }[];
}

/**
 * Ops left in an outbox that nothing explains: explained are parked ops (with the server's reason)
 * and ops waiting behind a parked op of the same row.
 */
export function unexplainedOps(db: Database): { seq: number; state: string; table_name: string; row_id: string }[] {
  return db
    .prepare(
      `SELECT o.seq, o.state, o.table_name, o.row_id FROM sync_outbox o
       WHERE NOT (o.state = 'parked' AND coalesce(o.reason, '') <> '')
         AND NOT EXISTS (SELECT 1 FROM sync_outbox p WHERE p.table_name = o.table_name AND p.row_id = o.row_id
                         AND p.state = 'parked' AND p.seq < o.seq)
       ORDER BY o.seq`,
    )
    .all() as { seq: number; state: string; table_name: string; row_id: string }[];
}
