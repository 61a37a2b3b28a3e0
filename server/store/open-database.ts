import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { assertSupportedNode } from '../runtime/supported-node.js';
import { loadMigrations, migrate } from './migrations.js';

export const DATABASE_FILE = 'voice.sqlite3';

export interface OpenDatabaseOptions {
  dataDir: string;
  migrationsDir: string;
  /** Another better-sqlite3 binary to load instead of the package's own prebuilt one (rarely needed). */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) the local store: WAL so readers never wait for the writer,
 * synchronous=NORMAL (durable across a process crash, which is what WAL guarantees at this level),
 * foreign keys enforced, and every migration applied.
 */
export function openDatabase(options: OpenDatabaseOptions): Database {
  if (!options.nativeBinding) assertSupportedNode();
  mkdirSync(options.dataDir, { recursive: true });
  const db = new BetterSqlite3(join(options.dataDir, DATABASE_FILE), {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    migrate(db, loadMigrations(options.migrationsDir));
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
