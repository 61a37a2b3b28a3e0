import type { Database } from 'better-sqlite3';
import type { Logger } from '../runtime/logger.js';
import type { ApplyingTransactions } from './applying-transaction.js';
import type { BulkLoad } from './bulk-load.js';
import type { CursorStore } from './cursor-store.js';
import { inFlight, letRequestLeave, type PhaseContext } from './phase-context.js';
import type { PullCursor, PullResult, SyncRemote } from './remote.js';
import type { ServerRowApplier } from './server-row-applier.js';
import { pullOrder } from './table-specs.js';

/**
 * Pages every (org, table) cursor forward in the server's order. Each answer (a page per cursor)
 * is applied with its cursors in one transaction, while the next page is already being prepared by
 * the server. A large pull into tables the org has no rows in yet loads them without their
 * secondary indexes (see BulkLoad), which come back one by one in the background afterwards.
 */
export class PullPhase {
  /** Time spent rebuilding indexes for the last run (including its background part). */
  indexMs = 0;

  constructor(
    private readonly deps: {
      db: Database;
      remote: SyncRemote;
      cursors: CursorStore;
      applier: ServerRowApplier;
      applying: ApplyingTransactions;
      bulk: BulkLoad;
      logger: Logger;
      pageSize: number;
    },
  ) {}

  async run(context: PhaseContext): Promise<void> {
    this.indexMs = 0;
    // Indexes still down from an earlier run (a crash, or a background rebuild cut short) first.
    this.timed(() => this.deps.bulk.restore());
    const cursors = this.deps.cursors.all();
    if (cursors.length === 0) return;
    const request = (list: PullCursor[]): Promise<PullResult> => inFlight(context.call(() => this.deps.remote.pull(list, this.deps.pageSize)));
    let pending: Promise<PullResult> | null = request(cursors);
    let first = true;
    while (pending) {
      const result: PullResult = await pending;
      if (context.stopped()) return;
      const next = this.nextCursors(cursors, result);
      if (first) this.maybeBulkLoad(result);
      first = false;
      pending = next.length > 0 ? request(next) : null;
      if (pending) await letRequestLeave();
      if (context.stopped()) return;
      this.apply(cursors, result, context);
    }
    this.indexesReady = this.rebuildInBackground(context);
  }

  /** Resolves when every index a large pull dropped is back (at once when none is down). */
  indexesReady: Promise<void> = Promise.resolve();

  /** One index per turn of the event loop, so requests keep being answered meanwhile. */
  private async rebuildInBackground(context: PhaseContext): Promise<void> {
    while (!context.stopped() && this.deps.bulk.tables().size > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (context.stopped()) return;
      this.timed(() => this.deps.bulk.restoreOne());
    }
  }

  private timed(work: () => unknown): void {
    const started = performance.now();
    work();
    this.indexMs += performance.now() - started;
  }

  private maybeBulkLoad(result: PullResult): void {
    const tables = new Set<string>();
    for (const page of result.pages) {
      if (!page.has_more) continue;
      const present = this.deps.db.prepare(`SELECT 1 FROM ${page.table} WHERE org_id = ? LIMIT 1`).get(page.org_id);
      if (!present) tables.add(page.table);
    }
    if (tables.size === 0) return;
    this.deps.logger.info('sync initial pull: building indexes after loading', { tables: [...tables] });
    this.deps.bulk.begin([...tables]);
  }

  private nextCursors(cursors: PullCursor[], result: PullResult): PullCursor[] {
    const next: PullCursor[] = [];
    for (const page of result.pages) {
      if (!page.has_more) continue;
      const last = page.rows.at(-1);
      const current = cursors.find((cursor) => cursor.org_id === page.org_id && cursor.table === page.table);
      if (!current) continue;
      next.push(last ? { ...current, txid: Number(last.txid), id: String(last.id) } : current);
    }
    return next;
  }

  /** One pull answer: every page's rows and cursor in one transaction. */
  private apply(cursors: PullCursor[], result: PullResult, context: PhaseContext): void {
    const pages = [...result.pages].sort((a, b) => pullOrder.indexOf(a.table) - pullOrder.indexOf(b.table));
    this.deps.applying.run(() => {
      for (const page of pages) {
        this.deps.applier.applyPage(page.table, page.rows);
        const cursor = cursors.find((candidate) => candidate.org_id === page.org_id && candidate.table === page.table);
        if (!cursor) continue;
        const last = page.rows.at(-1);
        if (last) {
          cursor.txid = Number(last.txid);
          cursor.id = String(last.id);
        }
        this.deps.cursors.advance(cursor, !page.has_more);
        context.progress.pulled += page.rows.length;
      }
    });
  }
}
