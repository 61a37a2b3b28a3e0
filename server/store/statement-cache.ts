import type { Database, Statement } from 'better-sqlite3';

/** Prepares each distinct SQL text once; list queries are built from filters, so they repeat. */
export class StatementCache {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(private readonly db: Database) {}

  get<R>(sql: string): Statement<unknown[], R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement as Statement<unknown[], R>;
  }
}
