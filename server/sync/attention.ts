import type { Database } from 'better-sqlite3';
import type { ConflictEntry, ListConflictsQuery, ParkedOp } from '../../contracts/sync.js';
import { DomainError, notFoundError } from '../domain/domain-error.js';
import { nowIso } from '../runtime/clock.js';
import { opChanges, type OutboxOp } from './outbox-store.js';
import { toLocalValue, type LocalRow } from './row-codec.js';
import type { SyncEngine } from './sync-engine.js';
import { isSyncedTable, tableSpecs, type SyncedTable } from './table-specs.js';

function toParkedOp(op: OutboxOp, serverRow: Record<string, unknown> | null): ParkedOp {
  return {
    id: op.seq,
    opId: op.op_id,
    table: op.table_name,
    rowId: op.row_id,
    orgId: op.org_id,
    kind: op.kind,
    fields: opChanges(op).fields,
    serverRow,
    sqlstate: op.sqlstate,
    reason: op.reason ?? 'rejected by the server',
    parkedAt: op.parked_at ?? op.created_at,
  };
}

const editableColumn = (table: SyncedTable, column: string): boolean =>
  column in tableSpecs[table].columns && !tableSpecs[table].insertOnly.includes(column);

/**
 * "Needs attention" and the conflicts log: what the user does about ops the server refused
 * (retry as is, edit then retry, discard and take the server's row) and about local values the
 * server's order overruled (dismiss, or re-apply as a new edit).
 */
export class AttentionActions {
  constructor(
    private readonly db: Database,
    private readonly engine: SyncEngine,
  ) {}

  parked(): ParkedOp[] {
    return this.engine.outbox.parked().map((op) => toParkedOp(op, this.engine.applier.shadowOf(op.table_name, op.row_id)));
  }

  private parkedOp(id: number): OutboxOp & { table_name: SyncedTable } {
    const op = this.engine.outbox.get(id);
    if (!op || op.state !== 'parked' || !isSyncedTable(op.table_name)) throw notFoundError('Parked change');
    return op;
  }

  retry(id: number): void {
    this.parkedOp(id);
    this.engine.outbox.requeue(id);
    this.engine.requestSync('manual');
  }

  /** New values for the op's row (the local row shows them at once), then it goes out again. */
  edit(id: number, fields: Record<string, unknown>): ParkedOp {
    const op = this.parkedOp(id);
    const table = op.table_name;
    if (op.kind === 'delete') throw new DomainError('INVALID_TRANSITION', 'A delete has no values to edit: retry or discard it');
    const issues = Object.keys(fields)
      .filter((column) => !editableColumn(table, column))
      .map((column) => ({ field: `fields.${column}`, message: `is not an editable column of ${table}` }));
    if (issues.length > 0) throw new DomainError('VALIDATION_ERROR', `Invalid request: ${issues[0]?.field}: ${issues[0]?.message}`, { issues });
    const newRow = JSON.parse(op.new_row ?? '{}') as LocalRow;
    const local: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(fields)) local[column] = toLocalValue(table, column, value);
    Object.assign(newRow, local);
    try {
      this.engine.applying.run(() => {
        const assignments = Object.keys(local).map((column) => `${column} = @${column}`);
        this.db.prepare(`UPDATE ${table} SET ${assignments.join(', ')} WHERE id = @id`).run({ ...local, id: op.row_id });
        this.engine.outbox.replaceNewRow(id, newRow);
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DomainError('NAME_TAKEN', 'Another row here already has that value', { fields: Object.keys(local) });
      if (code.startsWith('SQLITE_CONSTRAINT')) throw new DomainError('VALIDATION_ERROR', `Invalid request: ${(error as Error).message}`);
      throw error;
    }
    this.engine.requestSync('manual');
    return toParkedOp(this.engine.outbox.get(id) as OutboxOp, this.engine.applier.shadowOf(table, op.row_id));
  }

  /** Drops the op and shows the server's row again (or, for a row the server never had, removes it). */
  discard(id: number): void {
    const op = this.parkedOp(id);
    const table = op.table_name;
    let resync = false;
    this.engine.applying.run(() => {
      const later = this.engine.outbox.opsForRow(table, op.row_id).filter((other) => other.seq > op.seq);
      this.engine.outbox.remove(op.seq);
      if (op.kind === 'insert') {
        // The server never had this row, so later edits of it cannot apply either.
        for (const other of later) this.engine.outbox.remove(other.seq);
        this.engine.applier.removeLocal(table, op.row_id);
      } else {
        const shadow = this.engine.applier.shadowOf(table, op.row_id);
        if (shadow) {
          this.db.prepare(`UPDATE ${table} SET sync_version = 0 WHERE id = ?`).run(op.row_id);
          this.engine.applier.apply(table, shadow);
        } else {
          resync = true;
        }
      }
      this.engine.applier.forgetShadowIfSettled(table, op.row_id);
      if (resync) {
        // No copy of the server's row here: read this table of the org again from the start.
        this.db.prepare('UPDATE sync_cursors SET txid = 0, last_id = ?, caught_up = 0 WHERE org_id = ? AND table_name = ?').run(
          '00000000-0000-0000-0000-000000000000',
          op.org_id,
          table,
        );
        this.db.prepare(`UPDATE ${table} SET sync_version = 0 WHERE id = ?`).run(op.row_id);
      }
      this.engine.applier.retryDeferred();
    });
    this.engine.requestSync('manual');
  }

  conflicts(query: ListConflictsQuery): { items: ConflictEntry[]; total: number } {
    return this.engine.conflicts.list(query);
  }

  dismissConflict(id: number): void {
    if (!this.engine.conflicts.get(id)) throw notFoundError('Conflict');
    this.engine.conflicts.resolve(id, 'dismissed', nowIso());
  }

  /** Writes the overruled local value again as a new edit (based on the server's current value). */
  reapplyConflict(id: number, actor: string): void {
    const entry = this.engine.conflicts.get(id);
    if (!entry) throw notFoundError('Conflict');
    if (entry.resolvedAt) throw new DomainError('INVALID_TRANSITION', 'This conflict was already resolved');
    const table = entry.table;
    if (!isSyncedTable(table) || !editableColumn(table, entry.field)) {
      throw new DomainError('INVALID_TRANSITION', `${entry.field} cannot be re-applied`);
    }
    const value = toLocalValue(table, entry.field, entry.localValue);
    const hasUpdatedBy = 'updated_by' in tableSpecs[table].columns;
    const now = nowIso();
    this.db.transaction(() => {
      const result = this.db
        .prepare(`UPDATE ${table} SET ${entry.field} = ?, updated_at = ?${hasUpdatedBy ? ', updated_by = ?' : ''} WHERE id = ?`)
        .run(...[value, now, ...(hasUpdatedBy ? [actor] : []), entry.rowId]);
      if (result.changes === 0) throw notFoundError('The row of this conflict');
      this.engine.conflicts.resolve(id, 'reapplied', now);
    })();
    this.engine.requestSync('local-write');
  }
}
