import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureLocalIdentity } from '../../server/identity/local-identity.js';
import { DATABASE_FILE, openDatabase } from '../../server/store/open-database.js';
import { SearchPool } from '../../server/store/search-pool.js';
import { createStores } from '../../server/store/stores.js';
import { makeDataDir, removeDataDir, repoRoot } from '../support/server-process.js';

const workerScript = join(repoRoot, 'dist', 'server', 'store', 'search-worker.js');
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) removeDataDir(dirs.pop() as string);
});

function seededStore() {
  const dataDir = makeDataDir();
  dirs.push(dataDir);
  const db = openDatabase({ dataDir, migrationsDir: join(repoRoot, 'migrations', 'sqlite') });
  const user = ensureLocalIdentity(db).currentUser();
  const orgId = (db.prepare('SELECT org_id FROM org_members WHERE user_id = ?').get(user.id) as { org_id: string }).org_id;
  const now = new Date().toISOString();
  for (const [index, text] of ['We migrated the monolith to kubernetes.', 'The team shipped the billing rewrite.'].entries()) {
    const sessionId = randomUUID();
    db.prepare(`INSERT INTO voice_sessions (id, org_id, interview_type, status, created_at, updated_at, created_by) VALUES (?, ?, 'technical', 'completed', ?, ?, ?)`).run(sessionId, orgId, now, now, user.id);
    db.prepare(`INSERT INTO voice_transcripts (id, org_id, session_id, transcript_text, candidate_name, word_count, created_at, updated_at, created_by)
      VALUES (?, ?, ?, ?, ?, 6, ?, ?, ?)`).run(randomUUID(), orgId, sessionId, `Candidate: ${text}`, `Candidate ${index}`, now, now, user.id);
  }
  return { db, stores: createStores(db), orgId, file: join(dataDir, DATABASE_FILE) };
}

describe('SearchPool', () => {
  it('answers searches from the worker exactly as the main connection would', async () => {
    const { db, stores, orgId, file } = seededStore();
    const pool = new SearchPool(stores.transcripts, workerScript, file);
    try {
      const query = { orgId, q: 'kubernetes', offset: 0 };
      const fromWorker = await pool.search(query);
      expect(fromWorker?.total).toBe(1);
      expect(fromWorker?.items[0]?.snippet?.highlights.length).toBe(1);
      expect(fromWorker).toEqual(stores.transcripts.list(query));
    } finally {
      await pool.close();
      db.close();
    }
  });

  it('runs two workers by default and answers concurrent searches from both alike', async () => {
    const { db, stores, orgId, file } = seededStore();
    const pool = new SearchPool(stores.transcripts, workerScript, file);
    try {
      expect(pool.workerCount()).toBe(2);
      const queries = ['kubernetes', 'billing', 'monolith', 'rewrite', 'team', 'nothing-matches'].map((q) => ({ orgId, q, offset: 0 }));
      const replies = await Promise.all(queries.map((query) => pool.search(query)));
      expect(replies).toEqual(queries.map((query) => stores.transcripts.list(query)));
      // The total rides on the page's rows; a page past the end still knows it.
      expect(await pool.search({ orgId, q: 'kubernetes', offset: 5 })).toEqual({ items: [], total: 1 });
    } finally {
      await pool.close();
      db.close();
    }
  });

  it('stops by asking: each worker answers what it was given, closes its connection and exits 0 (not terminated)', async () => {
    const { db, stores, orgId, file } = seededStore();
    const pool = new SearchPool(stores.transcripts, workerScript, file);
    try {
      const asked = ['kubernetes', 'billing', 'monolith', 'rewrite'].map((q) => pool.search({ orgId, q, offset: 0 }));
      const exitCodes = await pool.close();
      expect(exitCodes).toEqual([0, 0]);
      expect((await Promise.all(asked)).map((reply) => reply?.total)).toEqual([1, 1, 1, 1]);
      // Closed: searches now run inline.
      expect(pool.workerCount()).toBe(0);
      expect((await pool.search({ orgId, q: 'billing', offset: 0 }))?.total).toBe(1);
    } finally {
      db.close();
    }
  });

  it('searches inline when there is no worker script', async () => {
    const { db, stores, orgId, file } = seededStore();
    const pool = new SearchPool(stores.transcripts, join(repoRoot, 'no-such-worker.js'), file);
    try {
      expect((await pool.search({ orgId, q: 'billing', offset: 0 }))?.total).toBe(1);
    } finally {
      await pool.close();
      db.close();
    }
  });
});
