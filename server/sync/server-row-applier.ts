import type { Database, Statement } from 'better-sqlite3';
import { nowIso } from '../runtime/clock.js';
import type { OutboxOp, OutboxStore } from './outbox-store.js';
import { changedColumns, toLocal, toWire, type LocalRow, type WireRow } from './row-codec.js';
import { isSyncedTable, syncedTables, tableSpecs, type SyncedTable } from './table-specs.js';

export type ApplyOutcome = 'applied' | 'stale' | 'deleted' | 'kept-local' | 'deferred';

interface LocalChild {
  table: string;
  column: string;
  onDelete: string;
}

interface PageContext {
  rowsWithOps: Set<string>;
  /** Whether the table has any shadow or deferred rows that a pulled row could replace. */
  anyBookkeeping: boolean;
}

interface TableStatements {
  get: Statement<[string], LocalRow>;
  upsert: Statement<Record<string, unknown>>;
  remove: Statement<[string]>;
  children: LocalChild[];
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Writes server rows into the cache (inside an applying transaction): a pulled page, or the row a
 * push answered with. Local ops still outstanding for the row are re-applied over it, so a pull
 * never hides an edit that has not reached the server yet, and the server row is kept as the
 * row's shadow (what "discard" goes back to). A row whose unique key (a config name) is held by a
 * local row with outstanding ops waits in sync_deferred instead of overwriting it.
 */
export class ServerRowApplier {
  private readonly tables = new Map<SyncedTable, TableStatements>();
  private readonly updates = new Map<string, Statement<Record<string, unknown>>>();
  private readonly putShadow: Statement<[string, string, string]>;
  private readonly dropShadow: Statement<[string, string]>;
  private readonly getShadow: Statement<[string, string], { server_row: string }>;
  private readonly putDeferred: Statement<[string, string, string, string, string, string]>;
  private readonly dropDeferred: Statement<[string, string]>;
  private readonly listDeferred: Statement<[], { table_name: string; row_id: string; server_row: string }>;
  private readonly addConfigVersion: Statement<[string, number, string, string, string]>;
  private readonly addStatusHistory: Statement<[string, string | null, string, string, string | null]>;
  private readonly rowsWithOps: Statement<[string], { row_id: string }>;
  private readonly bookkeeping: Statement<[string, string], { n: number }>;

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxStore,
  ) {
    for (const table of syncedTables) this.tables.set(table, this.prepareTable(table));
    this.putShadow = db.prepare(
      'INSERT INTO sync_shadow (table_name, row_id, server_row) VALUES (?, ?, ?) ON CONFLICT (table_name, row_id) DO UPDATE SET server_row = excluded.server_row',
    );
    this.dropShadow = db.prepare('DELETE FROM sync_shadow WHERE table_name = ? AND row_id = ?');
    this.getShadow = db.prepare('SELECT server_row FROM sync_shadow WHERE table_name = ? AND row_id = ?');
    this.putDeferred = db.prepare(`INSERT INTO sync_deferred (table_name, row_id, org_id, server_row, reason, deferred_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (table_name, row_id) DO UPDATE SET server_row = excluded.server_row, reason = excluded.reason`);
    this.dropDeferred = db.prepare('DELETE FROM sync_deferred WHERE table_name = ? AND row_id = ?');
    this.listDeferred = db.prepare('SELECT table_name, row_id, server_row FROM sync_deferred ORDER BY deferred_at, rowid');
    this.addConfigVersion = db.prepare(
      'INSERT OR IGNORE INTO voice_config_versions (config_id, version, config_json, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
    );
    this.rowsWithOps = db.prepare('SELECT DISTINCT row_id FROM sync_outbox WHERE table_name = ?');
    this.bookkeeping = db.prepare(
      'SELECT (SELECT COUNT(*) FROM sync_shadow WHERE table_name = ?) + (SELECT COUNT(*) FROM sync_deferred WHERE table_name = ?) AS n',
    );
    this.addStatusHistory = db.prepare(
      "INSERT INTO voice_session_status_history (session_id, from_status, to_status, changed_at, changed_by, reason) VALUES (?, ?, ?, ?, ?, 'synced')",
    );
  }

  private prepareTable(table: SyncedTable): TableStatements {
    const spec = tableSpecs[table];
    const synced = ['id', 'org_id', ...Object.keys(spec.columns)];
    const localOnly = Object.keys(spec.localDefaults({ org_id: '', id: '' }));
    const insertColumns = [...synced, ...localOnly, 'sync_version'];
    const updates = [...synced.slice(1), 'sync_version'].map((column) => `${column} = excluded.${column}`).join(', ');
    // Local-only tables that point at this one (bot tokens, live segments, archive queue, ...):
    // cleaned up by hand when a pulled delete removes the row, since foreign keys are off then.
    const children: LocalChild[] = [];
    const tables = this.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    for (const { name } of tables) {
      if (isSyncedTable(name)) continue;
      const keys = this.db.prepare(`SELECT "table", "from", on_delete FROM pragma_foreign_key_list(?)`).all(name) as {
        table: string;
        from: string;
        on_delete: string;
      }[];
      for (const key of keys) if (key.table === table) children.push({ table: name, column: key.from, onDelete: key.on_delete });
    }
    return {
      get: this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`),
      upsert: this.db.prepare(
        `INSERT INTO ${table} (${insertColumns.join(', ')}) VALUES (${insertColumns.map((column) => `@${column}`).join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${updates}`,
      ),
      remove: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
      children,
    };
  }

  private statements(table: SyncedTable): TableStatements {
    return this.tables.get(table) as TableStatements;
  }

  localRow(table: SyncedTable, id: string): LocalRow | undefined {
    return this.statements(table).get.get(id);
  }

  /** Removes a row and its local-only children (foreign keys are off while applying). */
  removeLocal(table: SyncedTable, id: string): void {
    const statements = this.statements(table);
    for (const child of statements.children) {
      if (child.onDelete === 'SET NULL') this.db.prepare(`UPDATE ${child.table} SET ${child.column} = NULL WHERE ${child.column} = ?`).run(id);
      else this.db.prepare(`DELETE FROM ${child.table} WHERE ${child.column} = ?`).run(id);
    }
    statements.remove.run(id);
  }

  shadowOf(table: SyncedTable, id: string): WireRow | null {
    const row = this.getShadow.get(table, id);
    return row ? (JSON.parse(row.server_row) as WireRow) : null;
  }

  forgetShadowIfSettled(table: SyncedTable, id: string): void {
    if (this.outbox.opsForRow(table, id).length === 0) this.dropShadow.run(table, id);
  }

  /**
   * Applies a pulled page. Most rows have no local ops and no bookkeeping, so those lookups are
   * done once per page instead of once per row (an initial pull brings 100,000 rows).
   */
  applyPage(table: SyncedTable, rows: readonly WireRow[]): void {
    if (rows.length === 0) return;
    const context: PageContext = {
      rowsWithOps: new Set(this.rowsWithOps.all(table).map((row) => row.row_id)),
      anyBookkeeping: (this.bookkeeping.get(table, table)?.n ?? 0) > 0,
    };
    for (const row of rows) this.apply(table, row, context);
  }

  /** Applies one server row (from a pull page or a push answer). */
  apply(table: SyncedTable, server: WireRow, context?: PageContext): ApplyOutcome {
    const id = String(server.id);
    const ops = context && !context.rowsWithOps.has(id) ? [] : this.outbox.opsForRow(table, id);
    const local = this.localRow(table, id);
    const version = Number(server.row_version ?? 0);
    if (local && Number(local.sync_version ?? 0) >= version && version > 0) return 'stale';
    if (!context || context.anyBookkeeping) {
      this.dropDeferred.run(table, id);
      if (ops.length === 0) this.dropShadow.run(table, id);
    }
    if (ops.length > 0) this.putShadow.run(table, id, JSON.stringify(server));

    if (server.deleted_at !== null && server.deleted_at !== undefined) {
      // Someone deleted it. With local ops outstanding the local row stays until they are
      // resolved (a rejected edit is parked with the local value; discard then removes it).
      if (ops.length > 0) return 'kept-local';
      if (local) this.removeLocal(table, id);
      return 'deleted';
    }
    const target = this.overlay(table, toLocal(table, server), ops);
    if (target === null) return 'kept-local';
    return this.write(table, server, target, local);
  }

  /** The server's values with this desktop's outstanding edits on top (null: deleted locally). */
  private overlay(table: SyncedTable, base: LocalRow, ops: OutboxOp[]): LocalRow | null {
    let target: LocalRow = base;
    for (const op of ops) {
      if (op.kind === 'delete') return null;
      const after = JSON.parse(op.new_row ?? '{}') as LocalRow;
      if (op.kind === 'insert') {
        target = { ...target, ...after };
        continue;
      }
      const before = JSON.parse(op.old_row ?? '{}') as LocalRow;
      for (const column of changedColumns(table, toWire(table, before), toWire(table, after))) target[column] = after[column];
    }
    return target;
  }

  private write(table: SyncedTable, server: WireRow, target: LocalRow, local: LocalRow | undefined, retried = false): ApplyOutcome {
    const spec = tableSpecs[table];
    const version = Number(server.row_version ?? 0);
    try {
      if (local) this.updateChanged(table, local, target, version);
      else this.statements(table).upsert.run({ ...spec.localDefaults(target), ...target, sync_version: version });
    } catch (error) {
      if (!isUniqueViolation(error) || retried) throw error;
      const holder = this.uniqueHolder(table, target);
      if (!holder) throw error;
      if (this.outbox.opsForRow(table, holder).length > 0) {
        this.putDeferred.run(table, String(server.id), String(server.org_id), JSON.stringify(server), `${table} ${holder} holds the same unique value`, nowIso());
        return 'deferred';
      }
      // No local intent holds it: the holder is a stale copy whose newer version (renamed or
      // deleted) is still on its way. Drop it; the pull brings it back as it is now.
      this.removeLocal(table, holder);
      return this.write(table, server, target, local, true);
    }
    this.afterWrite(table, target, local);
    return 'applied';
  }

  /**
   * Writes only the columns that differ from the cached row: SQLite then touches only the indexes
   * (and triggers) of those columns. A push answer usually differs in its version alone.
   */
  private updateChanged(table: SyncedTable, local: LocalRow, target: LocalRow, version: number): void {
    const changed = ['org_id', ...Object.keys(tableSpecs[table].columns)].filter((column) => local[column] !== target[column]);
    const key = `${table}:${changed.join(',')}`;
    let statement = this.updates.get(key);
    if (!statement) {
      const sets = [...changed.map((column) => `${column} = @${column}`), 'sync_version = @sync_version'];
      statement = this.db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = @id`);
      this.updates.set(key, statement);
    }
    const values: Record<string, unknown> = { id: target.id, sync_version: version };
    for (const column of changed) values[column] = target[column];
    statement.run(values);
  }

  private uniqueHolder(table: SyncedTable, target: LocalRow): string | null {
    for (const key of tableSpecs[table].uniqueKeys) {
      const where = key.map((column) => `${column} = ?`).join(' AND ');
      const row = this.db.prepare(`SELECT id FROM ${table} WHERE ${where} AND id != ?`).get(...key.map((column) => target[column]), target.id) as
        | { id: string }
        | undefined;
      if (row) return row.id;
    }
    return null;
  }

  /** What the local API keeps beside a row: config version history, session status history. */
  private afterWrite(table: SyncedTable, row: LocalRow, before: LocalRow | undefined): void {
    if (table === 'voice_configs') {
      this.addConfigVersion.run(
        String(row.id),
        Number(row.version),
        String(row.config_json),
        String(row.updated_at ?? row.created_at),
        String(row.updated_by ?? row.created_by),
      );
    } else if (table === 'voice_sessions' && before?.status !== row.status) {
      this.addStatusHistory.run(
        String(row.id),
        before ? String(before.status) : null,
        String(row.status),
        String(row.updated_at),
        row.updated_by === null ? null : String(row.updated_by),
      );
    }
  }

  /** Deferred server rows whose blocker may be gone: tries each again (applying transaction). */
  retryDeferred(): number {
    let applied = 0;
    for (const row of this.listDeferred.all()) {
      if (!isSyncedTable(row.table_name)) continue;
      const outcome = this.apply(row.table_name, JSON.parse(row.server_row) as WireRow);
      if (outcome !== 'deferred') applied += 1;
    }
    return applied;
  }

  deferredCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM sync_deferred').get() as { n: number }).n;
  }
}
