import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusChangeEvent } from '../../server/domain/session-lifecycle.js';
import { StatusEvents } from '../../server/domain/status-events.js';
import { transition } from '../../server/domain/transition.js';
import { ensureLocalIdentity } from '../../server/identity/local-identity.js';
import { createLogger } from '../../server/runtime/logger.js';
import { openDatabase } from '../../server/store/open-database.js';
import { createStores, type Stores } from '../../server/store/stores.js';
import { makeDataDir, removeDataDir, repoRoot } from '../support/server-process.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) removeDataDir(dirs.pop() as string);
});

function setUp(): { stores: Stores; events: StatusEvents; heard: StatusChangeEvent[]; historyWhenHeard: number[]; sessionId: string; close(): void } {
  const dataDir = makeDataDir();
  dirs.push(dataDir);
  const db = openDatabase({ dataDir, migrationsDir: join(repoRoot, 'migrations', 'sqlite') });
  const user = ensureLocalIdentity(db).currentUser();
  const orgId = (db.prepare('SELECT org_id FROM org_members WHERE user_id = ?').get(user.id) as { org_id: string }).org_id;
  const sessionId = randomUUID();
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO voice_sessions (id, org_id, interview_type, status, created_at, updated_at, created_by) VALUES (?, ?, 'technical', 'pending', ?, ?, ?)`).run(sessionId, orgId, now, now, user.id);
  const stores = createStores(db);
  const events = new StatusEvents(createLogger('error'));
  const heard: StatusChangeEvent[] = [];
  // What a listener sees when it runs: every change of the transition, committed.
  const historyWhenHeard: number[] = [];
  events.on((event) => {
    historyWhenHeard.push(stores.sessions.history(event.sessionId).length);
    heard.push(event);
  });
  return { stores, events, heard, historyWhenHeard, sessionId, close: () => db.close() };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('transition(): one transaction, announcements after commit', () => {
  it('announces every change made inside, in order, once the transaction has committed', async () => {
    const { stores, events, heard, historyWhenHeard, sessionId, close } = setUp();
    const now = new Date().toISOString();
    transition(stores, events, (change) => {
      const pending = stores.sessions.get(sessionId);
      if (!pending) throw new Error('no session');
      change(pending, 'ready', null, 'test', now);
      change(stores.sessions.get(sessionId) ?? pending, 'active', null, 'test', now);
      // Nothing is announced while the transaction is open.
      expect(heard).toEqual([]);
    });
    await settle();
    expect(heard.map((event) => [event.previousStatus, event.status])).toEqual([
      ['pending', 'ready'],
      ['ready', 'active'],
    ]);
    expect(historyWhenHeard).toEqual([2, 2]);
    close();
  });

  it('announces nothing and keeps nothing when the work throws', async () => {
    const { stores, events, heard, sessionId, close } = setUp();
    const now = new Date().toISOString();
    expect(() =>
      transition(stores, events, (change) => {
        change(stores.sessions.get(sessionId) as NonNullable<ReturnType<typeof stores.sessions.get>>, 'ready', null, 'test', now);
        throw new Error('later step failed');
      }),
    ).toThrow('later step failed');
    await settle();
    expect(heard).toEqual([]);
    expect(stores.sessions.get(sessionId)?.status).toBe('pending');
    expect(stores.sessions.history(sessionId)).toEqual([]);
    close();
  });

  it('a refused move is a domain error and changes nothing', async () => {
    const { stores, events, heard, sessionId, close } = setUp();
    expect(() => transition(stores, events, (change) => change(stores.sessions.get(sessionId) as NonNullable<ReturnType<typeof stores.sessions.get>>, 'completed', null, 'test', new Date().toISOString()))).toThrow(/Cannot change status from pending to completed/);
    await settle();
    expect(heard).toEqual([]);
    expect(stores.sessions.get(sessionId)?.status).toBe('pending');
    close();
  });
});
