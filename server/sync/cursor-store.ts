import type { Database, Statement } from 'better-sqlite3';
import type { PullCursor } from './remote.js';
import { isSyncedTable, syncedTables } from './table-specs.js';

interface CursorRow {
  org_id: string;
  table_name: string;
  txid: number;
  last_id: string;
  caught_up: number;
}

/** Where each (org, table) pull stands in the server's order. Written with the page it follows. */
export class CursorStore {
  private readonly allStatement: Statement<[], CursorRow>;
  private readonly advanceStatement: Statement<[number, string, number, string, string]>;
  private readonly addStatement: Statement<[string, string]>;

  constructor(db: Database) {
    this.allStatement = db.prepare(
      'SELECT c.* FROM sync_cursors c JOIN sync_orgs o ON o.org_id = c.org_id ORDER BY c.org_id, c.table_name',
    );
    this.advanceStatement = db.prepare('UPDATE sync_cursors SET txid = ?, last_id = ?, caught_up = ? WHERE org_id = ? AND table_name = ?');
    this.addStatement = db.prepare('INSERT OR IGNORE INTO sync_cursors (org_id, table_name) VALUES (?, ?)');
  }

  all(): PullCursor[] {
    return this.allStatement
      .all()
      .filter((row) => isSyncedTable(row.table_name))
      .map((row) => ({ org_id: row.org_id, table: row.table_name as PullCursor['table'], txid: row.txid, id: row.last_id }));
  }

  /** A newly joined org starts at the beginning of the server's order: its whole history. */
  addOrg(orgId: string): void {
    for (const table of syncedTables) this.addStatement.run(orgId, table);
  }

  advance(cursor: PullCursor, caughtUp: boolean): void {
    this.advanceStatement.run(cursor.txid, cursor.id, caughtUp ? 1 : 0, cursor.org_id, cursor.table);
  }
}
