import type { Database, Statement } from 'better-sqlite3';

/**
 * Runs `work` in one IMMEDIATE transaction with sync_state.applying = 1, so the outbox triggers
 * stay quiet: rows written here come from the server and must not be sent back.
 *
 * Foreign keys are off for it by default. The cache mirrors the server, whose rows may arrive in any
 * order (a row moves to the end of the server order each time it changes, so a session can be
 * pulled before the config it references); the server keeps the references right, and local-only
 * children of deleted rows are removed explicitly. `PRAGMA foreign_keys` is a no-op inside a
 * transaction, hence it is switched around the transaction, on this single connection, synchronously:
 * no other statement can run in between.
 */
export class ApplyingTransactions {
  private readonly setApplying: Statement<[number]>;

  constructor(private readonly db: Database) {
    this.setApplying = db.prepare('UPDATE sync_state SET applying = ? WHERE id = 1');
  }

  run<T>(work: () => T, options: { foreignKeys?: boolean } = {}): T {
    if (this.db.inTransaction) throw new Error('an applying transaction cannot run inside another transaction');
    const wanted = options.foreignKeys ?? false;
    const before = this.db.pragma('foreign_keys', { simple: true }) === 1;
    if (before !== wanted) this.db.pragma(`foreign_keys = ${wanted ? 'ON' : 'OFF'}`);
    try {
      return this.db
        .transaction(() => {
          this.setApplying.run(1);
          const result = work();
          this.setApplying.run(0);
          return result;
        })
        .immediate();
    } finally {
      if (before !== wanted) this.db.pragma(`foreign_keys = ${before ? 'ON' : 'OFF'}`);
    }
  }
}
