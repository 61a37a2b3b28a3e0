import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { WireOp } from './remote.js';
import { changedColumns, toWire, type LocalRow, type WireRow } from './row-codec.js';
import { isSyncedTable, tableSpecs, type SyncedTable } from './table-specs.js';

export type OutboxState = 'pending' | 'sending' | 'parked';

export interface OutboxOp {
  seq: number;
  op_id: string | null;
  table_name: SyncedTable;
  row_id: string;
  org_id: string;
  kind: 'insert' | 'update' | 'delete';
  old_row: string | null;
  new_row: string | null;
  state: OutboxState;
  attempts: number;
  created_at: string;
  sqlstate: string | null;
  reason: string | null;
  parked_at: string | null;
}

/** What an op changes, in wire form: every column for an insert, the changed ones for an update. */
export function opChanges(op: Pick<OutboxOp, 'table_name' | 'kind' | 'old_row' | 'new_row'>): { fields: WireRow; base: WireRow } {
  const table = op.table_name;
  if (op.kind === 'delete') return { fields: {}, base: {} };
  const after = toWire(table, JSON.parse(op.new_row ?? '{}') as LocalRow);
  if (op.kind === 'insert') {
    const fields: WireRow = {};
    for (const column of Object.keys(tableSpecs[table].columns)) fields[column] = after[column];
    return { fields, base: {} };
  }
  const before = toWire(table, JSON.parse(op.old_row ?? '{}') as LocalRow);
  const fields: WireRow = {};
  const base: WireRow = {};
  for (const column of changedColumns(table, before, after)) {
    if (tableSpecs[table].insertOnly.includes(column)) continue;
    fields[column] = after[column];
    base[column] = before[column];
  }
  return { fields, base };
}

/**
 * The outbox: ops written by the SQLite triggers of 0003_sync.sql, sent in batches, answered one
 * by one. An op becomes 'sending' (frozen, with an op id) before it first leaves; it stays so
 * until the server answers it, across crashes, so a resend carries the same id and content.
 */
export class OutboxStore {
  private readonly batchStatement: Statement<[string, number], OutboxOp>;
  private readonly bySeq: Statement<[number], OutboxOp>;
  private readonly forRowStatement: Statement<[string, string], OutboxOp>;
  private readonly markSendingStatement: Statement<[string, number]>;
  private readonly deleteStatement: Statement<[number]>;
  private readonly parkStatement: Statement<[string | null, string, string, number]>;
  private readonly countsStatement: Statement<[], { state: OutboxState; n: number }>;
  private readonly maxSeqStatement: Statement<[], { seq: number | null }>;
  private readonly parkedStatement: Statement<[], OutboxOp>;

  constructor(private readonly db: Database) {
    // The first op of each row only: later ops of a row wait for it (and behind a parked one).
    // Ops of the batch still on the wire are excluded (their answers are being applied).
    this.batchStatement = db.prepare(`SELECT o.* FROM sync_outbox o
      WHERE o.state IN ('pending', 'sending')
        AND o.seq NOT IN (SELECT value FROM json_each(?))
        AND NOT EXISTS (SELECT 1 FROM sync_outbox p WHERE p.table_name = o.table_name AND p.row_id = o.row_id AND p.seq < o.seq)
      ORDER BY o.seq LIMIT ?`);
    this.bySeq = db.prepare('SELECT * FROM sync_outbox WHERE seq = ?');
    this.forRowStatement = db.prepare('SELECT * FROM sync_outbox WHERE table_name = ? AND row_id = ? ORDER BY seq');
    this.markSendingStatement = db.prepare("UPDATE sync_outbox SET state = 'sending', op_id = ?, attempts = attempts + 1 WHERE seq = ?");
    this.deleteStatement = db.prepare('DELETE FROM sync_outbox WHERE seq = ?');
    this.parkStatement = db.prepare(
      "UPDATE sync_outbox SET state = 'parked', sqlstate = ?, reason = ?, parked_at = ? WHERE seq = ?",
    );
    this.countsStatement = db.prepare('SELECT state, COUNT(*) AS n FROM sync_outbox GROUP BY state');
    this.maxSeqStatement = db.prepare('SELECT MAX(seq) AS seq FROM sync_outbox');
    this.parkedStatement = db.prepare("SELECT * FROM sync_outbox WHERE state = 'parked' ORDER BY seq");
  }

  get(seq: number): OutboxOp | undefined {
    return this.bySeq.get(seq);
  }

  opsForRow(table: string, rowId: string): OutboxOp[] {
    return this.forRowStatement.all(table, rowId);
  }

  /** A change of this number means a local write happened (any connection). */
  maxSeq(): number {
    return this.maxSeqStatement.get()?.seq ?? 0;
  }

  counts(): { pending: number; sending: number; parked: number } {
    const counts = { pending: 0, sending: 0, parked: 0 };
    for (const row of this.countsStatement.all()) counts[row.state] = row.n;
    return counts;
  }

  parked(): OutboxOp[] {
    return this.parkedStatement.all();
  }

  /**
   * The next ops to send, frozen as 'sending' with their op ids, in one transaction. Updates that
   * change no synced column (a local-only column, or a value set back) are dropped here.
   */
  takeBatch(limit: number, inFlight: readonly number[] = []): { op: OutboxOp; wire: WireOp }[] {
    return this.db.transaction(() => {
      const batch: { op: OutboxOp; wire: WireOp }[] = [];
      for (const op of this.batchStatement.all(JSON.stringify(inFlight), limit)) {
        if (!isSyncedTable(op.table_name)) {
          this.deleteStatement.run(op.seq);
          continue;
        }
        const { fields, base } = opChanges(op);
        if (op.kind === 'update' && Object.keys(fields).length === 0 && op.state === 'pending') {
          this.deleteStatement.run(op.seq);
          continue;
        }
        const opId = op.op_id ?? randomUUID();
        this.markSendingStatement.run(opId, op.seq);
        batch.push({
          op: { ...op, op_id: opId, state: 'sending' },
          wire: { op_id: opId, table: op.table_name, kind: op.kind, id: op.row_id, org_id: op.org_id, fields, base },
        });
      }
      return batch;
    })();
  }

  /** The server took it (applied, or merged with a conflict): it is done. */
  complete(seq: number): void {
    this.deleteStatement.run(seq);
  }

  park(seq: number, sqlstate: string | null, reason: string, at: string): void {
    this.parkStatement.run(sqlstate, reason, at, seq);
  }

  /** Re-queues a parked op as it is (same op id: a rejected op left no trace in the ledger). */
  requeue(seq: number): void {
    this.db.prepare("UPDATE sync_outbox SET state = 'sending', sqlstate = NULL, reason = NULL, parked_at = NULL WHERE seq = ? AND state = 'parked'").run(seq);
  }

  /** Replaces a parked op's values; it goes out again under a new op id. */
  replaceNewRow(seq: number, newRow: LocalRow): void {
    this.db
      .prepare(
        "UPDATE sync_outbox SET new_row = ?, op_id = ?, state = 'sending', sqlstate = NULL, reason = NULL, parked_at = NULL WHERE seq = ?",
      )
      .run(JSON.stringify(newRow), randomUUID(), seq);
  }

  remove(seq: number): void {
    this.deleteStatement.run(seq);
  }

  /** Ops of an org this account no longer belongs to can never be sent: parked, never dropped. */
  parkOrg(orgId: string, reason: string, at: string): void {
    this.db
      .prepare("UPDATE sync_outbox SET state = 'parked', sqlstate = '42501', reason = ?, parked_at = ? WHERE org_id = ? AND state != 'parked'")
      .run(reason, at, orgId);
  }

  /**
   * Parked writes that failed only because a row they point at was not on the server yet (its own
   * op was parked, then fixed): tried again by themselves, a few times.
   */
  requeueDependents(): number {
    return this.db
      .prepare(
        "UPDATE sync_outbox SET state = 'sending', reason = NULL, parked_at = NULL, sqlstate = NULL WHERE state = 'parked' AND sqlstate = '23503' AND kind != 'delete' AND attempts < 5",
      )
      .run().changes;
  }
}
