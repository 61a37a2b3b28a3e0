import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureLocalIdentity } from '../../server/identity/local-identity.js';
import { openDatabase } from '../../server/store/open-database.js';
import { ApplyingTransactions } from '../../server/sync/applying-transaction.js';
import { syncedTables, tableSpecs } from '../../server/sync/table-specs.js';
import { makeDataDir, removeDataDir } from '../support/server-process.js';
import { localWrites, sqliteMigrations } from '../support/sync-desktop.js';

// The outbox is written by SQLite triggers (0003_sync.sql), in the same transaction as the change.
let dir: string;
let db: Database;
let teamOrg: string;
let localOrg: string;
const user = randomUUID();

const outbox = (): { kind: string; table_name: string; row_id: string; state: string; old_row: string | null; new_row: string | null }[] =>
  db.prepare('SELECT kind, table_name, row_id, state, old_row, new_row FROM sync_outbox ORDER BY seq').all() as never[];

beforeEach(() => {
  dir = makeDataDir();
  db = openDatabase({ dataDir: dir, migrationsDir: sqliteMigrations });
  ensureLocalIdentity(db);
  localOrg = (db.prepare('SELECT id FROM orgs').get() as { id: string }).id;
  teamOrg = randomUUID();
  const now = new Date().toISOString();
  db.prepare('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(teamOrg, 'Team', now);
  db.prepare('INSERT INTO sync_orgs (org_id, joined_at) VALUES (?, ?)').run(teamOrg, now);
});

afterEach(() => {
  db.close();
  removeDataDir(dir);
});

describe('outbox triggers', () => {
  it('write the op in the same transaction as the change: a rollback leaves neither', () => {
    expect(() =>
      db.transaction(() => {
        localWrites.createSession(db, teamOrg, user, 'Rolled back');
        throw new Error('the route failed after writing');
      })(),
    ).toThrow('the route failed');
    expect(db.prepare('SELECT COUNT(*) AS n FROM voice_sessions').get()).toEqual({ n: 0 });
    expect(outbox()).toEqual([]);
    localWrites.createSession(db, teamOrg, user, 'Kept');
    expect(outbox()).toEqual([expect.objectContaining({ kind: 'insert', table_name: 'voice_sessions', state: 'pending' })]);
  });

  it('carry exactly the synced columns (the trigger lists match server/sync/table-specs.ts), never the join token', () => {
    const session = localWrites.createSession(db, teamOrg, user, 'Grace');
    db.prepare("UPDATE voice_sessions SET daily_room_token = 'secret-join-token' WHERE id = ?").run(session);
    expect(JSON.stringify(outbox())).not.toContain('secret-join-token');
    for (const table of syncedTables) {
      const trigger = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").get(`sync_outbox_${table}_insert`) as { sql: string };
      const payload = trigger.sql.slice(trigger.sql.indexOf('json_object('));
      const columns = [...payload.matchAll(/'([a-z0-9_]+)',\s*NEW\.([a-z0-9_]+)/g)].map((match) => match[1]);
      expect(columns, table).toEqual(['id', 'org_id', ...Object.keys(tableSpecs[table].columns)]);
    }
  });

  it('fold later edits into the pending op, keeping the base the user started from', () => {
    const session = localWrites.createSession(db, teamOrg, user, 'Ada');
    new ApplyingTransactions(db).run(() => db.prepare('UPDATE voice_sessions SET sync_version = 1').run());
    db.prepare('DELETE FROM sync_outbox').run();
    localWrites.updateSession(db, session, user, { candidate_name: 'Ada L.' });
    localWrites.updateSession(db, session, user, { candidate_name: 'Ada Lovelace' });
    const ops = outbox();
    expect(ops).toHaveLength(1);
    expect(JSON.parse(ops[0]?.old_row ?? '{}')).toMatchObject({ candidate_name: 'Ada' });
    expect(JSON.parse(ops[0]?.new_row ?? '{}')).toMatchObject({ candidate_name: 'Ada Lovelace' });
    // Once an op is on its way it is frozen: the next edit starts a new one.
    db.prepare("UPDATE sync_outbox SET state = 'sending', op_id = ?").run(randomUUID());
    localWrites.updateSession(db, session, user, { candidate_name: 'Countess' });
    expect(outbox().map((op) => op.state)).toEqual(['sending', 'pending']);
  });

  it('stay quiet while pulled rows are applied, and for orgs that do not sync', () => {
    new ApplyingTransactions(db).run(() => localWrites.createSession(db, teamOrg, user, 'From the server'));
    localWrites.createSession(db, localOrg, user, 'Local only');
    expect(outbox()).toEqual([]);
    expect(db.prepare('SELECT applying FROM sync_state').get()).toEqual({ applying: 0 });
  });

  it('turn deletes into delete ops (with cascades), and drop the ops of rows the server never saw', () => {
    const unsent = localWrites.createSession(db, teamOrg, user, 'Never sent');
    localWrites.deleteSession(db, unsent);
    expect(outbox()).toEqual([]);

    const session = localWrites.createSession(db, teamOrg, user, 'Synced');
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO voice_transcripts (id, org_id, session_id, transcript_text, word_count, created_at, updated_at, created_by) VALUES (?, ?, ?, 'hi', 1, ?, ?, ?)`,
    ).run(randomUUID(), teamOrg, session, now, now, user);
    new ApplyingTransactions(db).run(() => {
      db.prepare('UPDATE voice_sessions SET sync_version = 1').run();
      db.prepare('UPDATE voice_transcripts SET sync_version = 1').run();
    });
    db.prepare('DELETE FROM sync_outbox').run();
    localWrites.deleteSession(db, session);
    expect(outbox().map((op) => `${op.kind} ${op.table_name}`)).toEqual(['delete voice_transcripts', 'delete voice_sessions']);
  });
});
