import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, MigrationError } from '../../server/store/migrations.js';
import { openDatabase } from '../../server/store/open-database.js';
import { makeDataDir, removeDataDir, repoRoot, runServeToExit } from '../support/server-process.js';

const migrationsDir = join(repoRoot, 'migrations', 'sqlite');
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = makeDataDir();
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  while (dirs.length > 0) removeDataDir(dirs.pop() as string);
});

/** A migrations folder holding the real first migration plus the given extra files. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = join(tempDir(), 'migrations');
  mkdirSync(dir);
  copyFileSync(join(migrationsDir, '0001_initial.sql'), join(dir, '0001_initial.sql'));
  for (const [name, sql] of Object.entries(extra)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('SQLite migrations', () => {
  it('applies every migration on an empty database, records checksums, and is idempotent', () => {
    const db = new BetterSqlite3(':memory:');
    const migrations = loadMigrations(migrationsDir);
    expect(migrate(db, migrations).applied).toEqual(migrations.map((m) => m.version));
    const recorded = db.prepare('SELECT version, checksum FROM schema_migrations').all();
    expect(recorded).toEqual(migrations.map((m) => ({ version: m.version, checksum: m.checksum })));
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    expect(migrate(db, migrations).applied).toEqual([]);
    db.close();
  });

  it('opens the store with WAL, foreign keys on, and STRICT tables', () => {
    const dir = tempDir();
    const db = openDatabase({ dataDir: dir, migrationsDir });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db
      // sqlite_% tables are SQLite's own (sqlite_sequence, once a table uses AUTOINCREMENT); shadow
      // tables are the full-text indexes' own storage.
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .all() as { name: string; sql: string }[];
    expect(tables.length).toBeGreaterThan(8);
    for (const table of tables) expect(table.sql, table.name).toMatch(/\)\s*STRICT/);
    expect(() => db.prepare("INSERT INTO app_settings (key, value) VALUES ('k', x'00')").run()).toThrow(/cannot store BLOB/);
    db.close();
  });

  it('refuses a migration that was edited after it was applied', () => {
    const dir = migrationsWith({ '0002_extra.sql': 'CREATE TABLE extra (id TEXT PRIMARY KEY) STRICT;' });
    const db = new BetterSqlite3(':memory:');
    migrate(db, loadMigrations(dir));
    writeFileSync(join(dir, '0002_extra.sql'), 'CREATE TABLE extra (id TEXT PRIMARY KEY, note TEXT) STRICT;');
    expect(() => migrate(db, loadMigrations(dir))).toThrow(MigrationError);
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/0002_extra was changed after it was applied/);
    db.close();
  });

  it('refuses a database written by a newer app', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, loadMigrations(migrationsDir));
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x', '2030-01-01T00:00:00.000Z')").run();
    expect(() => migrate(db, loadMigrations(migrationsDir))).toThrow(/newer version of Interview Console/);
    db.close();
  });

  it('rolls a failing migration back as a whole', () => {
    const dir = migrationsWith({ '0002_broken.sql': 'CREATE TABLE half (id TEXT) STRICT;\nINSERT INTO no_such_table VALUES (1);' });
    const db = new BetterSqlite3(':memory:');
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/no such table/);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    db.close();
  });

  it('refuses gaps in migration numbering', () => {
    const dir = migrationsWith({ '0003_gap.sql': 'SELECT 1;' });
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });

  it('makes the server exit with a clear message on a newer database', async () => {
    const dataDir = tempDir();
    openDatabase({ dataDir, migrationsDir }).close();
    const db = new BetterSqlite3(join(dataDir, 'voice.sqlite3'));
    db.prepare("INSERT INTO schema_migrations VALUES (42, 'future', 'x', '2030-01-01T00:00:00.000Z')").run();
    db.close();
    const { code, stdout, stderr } = await runServeToExit({ VOICE_PORT: '0', VOICE_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('newer version of Interview Console (schema 42');
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
