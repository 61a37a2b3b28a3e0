import { nowIso } from '../runtime/clock.js';
import type { ApplyingTransactions } from './applying-transaction.js';
import type { ConflictLog } from './conflict-log.js';
import type { OutboxOp, OutboxStore } from './outbox-store.js';
import { inFlight, letRequestLeave, type PhaseContext } from './phase-context.js';
import type { OpResult, SyncRemote, WireOp } from './remote.js';
import type { ServerRowApplier } from './server-row-applier.js';

type Batch = { op: OutboxOp; wire: WireOp }[];

/**
 * Sends the outbox through sync_push in batches. The next batch leaves as soon as the server has
 * answered the previous one (so commits keep the outbox's order) and while that answer is applied
 * here. Each answer: applied or conflict (done; overruled local values to the conflicts log; the
 * server's row applied), or rejected (parked with the reason; the local value stays).
 */
export class PushPhase {
  constructor(
    private readonly deps: {
      remote: SyncRemote;
      outbox: OutboxStore;
      applier: ServerRowApplier;
      conflicts: ConflictLog;
      applying: ApplyingTransactions;
      batchSize: number;
    },
  ) {}

  /** Returns the orgs whose rows changed on the server (to poke the other desktops). */
  async run(context: PhaseContext): Promise<string[]> {
    const { outbox } = this.deps;
    outbox.requeueDependents();
    const changed = new Set<string>();
    const send = (batch: Batch): Promise<{ batch: Batch; results: OpResult[] }> =>
      inFlight(context.call(() => this.deps.remote.push(batch.map((item) => item.wire))).then((results) => ({ batch, results })));
    const firstBatch = outbox.takeBatch(this.deps.batchSize);
    let pending = firstBatch.length > 0 ? send(firstBatch) : null;
    while (pending) {
      const { batch, results } = await pending;
      if (context.stopped()) return [];
      // Committed by the server; the next batch never holds the same rows (a row's later op waits).
      const next = outbox.takeBatch(this.deps.batchSize, batch.map((item) => item.op.seq));
      pending = next.length > 0 ? send(next) : null;
      if (pending) await letRequestLeave();
      if (context.stopped()) return [];
      for (const orgId of this.applyResults(batch, results)) changed.add(orgId);
      context.progress.pushed += batch.length;
      const counts = outbox.counts();
      context.progress.pending = counts.pending + counts.sending;
    }
    return [...changed];
  }

  private applyResults(batch: Batch, results: OpResult[]): string[] {
    const { outbox, applier, conflicts } = this.deps;
    const byId = new Map(results.map((result) => [result.op_id, result]));
    const changed = new Set<string>();
    const at = nowIso();
    this.deps.applying.run(() => {
      for (const { op, wire } of batch) {
        const result = byId.get(wire.op_id);
        if (!result) continue; // unanswered: stays 'sending' and goes again with the same id
        if (result.outcome === 'rejected') {
          const reason = [result.message, result.detail].filter(Boolean).join(': ') || 'rejected by the server';
          outbox.park(op.seq, result.sqlstate ?? null, reason, at);
          if (result.row) applier.apply(wire.table, result.row);
          continue;
        }
        outbox.complete(op.seq);
        changed.add(op.org_id);
        for (const conflict of result.conflicts) {
          conflicts.record({ table: wire.table, rowId: wire.id, orgId: wire.org_id, field: conflict.field, mine: conflict.mine, theirs: conflict.theirs, opId: wire.op_id, at });
        }
        if (result.row) applier.apply(wire.table, result.row);
        applier.forgetShadowIfSettled(wire.table, wire.id);
      }
    });
    return [...changed];
  }
}
