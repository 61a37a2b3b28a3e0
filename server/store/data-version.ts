import type { Database, Statement } from 'better-sqlite3';

/**
 * A value that changes whenever the database may have changed: this connection's own writes
 * (total_changes) or a commit by any other connection, such as a sync worker (data_version).
 */
export class DataVersion {
  private readonly statement: Statement<[], { t: number; v: number }>;

  constructor(db: Database) {
    this.statement = db.prepare('SELECT total_changes() AS t, data_version AS v FROM pragma_data_version');
  }

  current(): string {
    const row = this.statement.get() as { t: number; v: number };
    return `${row.v}:${row.t}`;
  }
}
