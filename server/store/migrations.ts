import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { nowIso } from '../runtime/clock.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Raised when the data folder cannot be used by this build; the message tells the user what to do. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => {
      const [, version, name] = FILE_PATTERN.exec(file) as RegExpExecArray;
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(version), name: name as string, sql, checksum: sha256(sql) };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(`Migration files must be numbered 0001, 0002, ... without gaps (found ${migration.version} at position ${index + 1})`);
    }
  });
  return migrations;
}

function sha256(text: string): string {
  // Line endings are normalised so a checkout with CRLF does not look like an edit.
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings the database to the newest schema. Each migration runs in its own transaction and is
 * recorded with its checksum. A changed applied migration or a newer database is refused.
 */
export function migrate(db: Database, migrations: Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  const newest = migrations.at(-1)?.version ?? 0;

  for (const row of applied) {
    if (row.version > newest) {
      throw new MigrationError(
        `This data folder was written by a newer version of Interview Console (schema ${row.version}; this version knows up to ${newest}). ` +
          'Update the app, or point VOICE_DATA_DIR at another folder.',
      );
    }
    const migration = known.get(row.version);
    if (!migration || migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${String(row.version).padStart(4, '0')}_${row.name} was changed after it was applied to this database. ` +
          'Applied migrations are immutable: restore the original file and add a new migration instead.',
      );
    }
  }

  const done = new Set(applied.map((row) => row.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const newlyApplied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migration.checksum, nowIso());
      db.pragma(`user_version = ${migration.version}`);
    })();
    newlyApplied.push(migration.version);
  }
  return { applied: newlyApplied };
}
