import { createHash } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

/** The server's store inside its data dir (server/store/open-database.ts names it). */
export const DATABASE_FILE = 'voice.sqlite3';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/**
 * Opens the server's database from the test process. WAL mode lets this connection read
 * (and, when not read-only, write) while the server holds its own connection.
 */
export function openDatabaseFile(dataDir: string, options: { readonly?: boolean } = {}): Database {
  const db = new BetterSqlite3(databasePath(dataDir), { readonly: options.readonly ?? false, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export interface DbSnapshot {
  /** One hash over every table's hash, in table-name order. */
  digest: string;
  /** Per table: row count and a hash of its rows, so a failing comparison names the table that moved. */
  tables: Record<string, { rows: number; hash: string }>;
}

function cell(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { blob: value.toString('hex') };
  if (typeof value === 'bigint') return { bigint: value.toString() };
  if (typeof value === 'number' && !Number.isFinite(value)) return { number: String(value) };
  return value;
}

/** Every ordinary table except SQLite's own (sqlite_*); FTS5 shadow tables are ordinary tables and included. */
export function userTables(db: Database): string[] {
  const rows = db
    .prepare(
      `SELECT name FROM sqlite_schema
       WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
       ORDER BY name`,
    )
    .all() as { name: string }[];
  return rows.map((row) => row.name);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Hashes every row of every table, read in one transaction so the snapshot is consistent.
 * Rows are serialised column by column and sorted, so the digest does not depend on scan order.
 */
export function snapshotDatabase(db: Database): DbSnapshot {
  return db.transaction((): DbSnapshot => {
    const tables: DbSnapshot['tables'] = {};
    const overall = createHash('sha256');
    for (const table of userTables(db)) {
      const statement = db.prepare(`SELECT * FROM ${quoteIdentifier(table)}`).raw(true);
      const lines = (statement.all() as unknown[][]).map((row) => JSON.stringify(row.map(cell))).sort();
      const hash = createHash('sha256');
      for (const line of lines) hash.update(line).update('\n');
      const tableHash = hash.digest('hex');
      tables[table] = { rows: lines.length, hash: tableHash };
      overall.update(`${table}:${lines.length}:${tableHash}\n`);
    }
    return { digest: overall.digest('hex'), tables };
  })();
}

/** Opens the data dir's database read-only, snapshots it, and closes it again. */
export function snapshotDataDir(dataDir: string): DbSnapshot {
  const db = openDatabaseFile(dataDir, { readonly: true });
  try {
    return snapshotDatabase(db);
  } finally {
    db.close();
  }
}

/** The tables whose contents differ between two snapshots (for readable failure messages). */
export function changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
  const names = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  return [...names].filter((name) => before.tables[name]?.hash !== after.tables[name]?.hash).sort();
}
