import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalPokeBus } from '../../server/sync/pokes.js';
import { localRows, outboxSummary, serverRows } from '../support/sync-assertions.js';
import { localWrites, openDesktop, removeDesktop, type Desktop, type DesktopOptions } from '../support/sync-desktop.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';

let stack: SupabaseStack;
let alice: TestUser;
let bob: TestUser;
let orgId: string;
const desktops: Desktop[] = [];

const open = (user: TestUser, name: string, options: DesktopOptions = {}): Desktop => {
  const desktop = openDesktop(stack, user, name, options);
  desktops.push(desktop);
  return desktop;
};

async function synced(...list: Desktop[]): Promise<void> {
  for (const desktop of list) {
    const result = await desktop.engine.syncNow();
    if (!result.ok) throw new Error(`${desktop.name} sync failed: ${result.error}`);
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  alice = await stack.createUser('alice');
  bob = await stack.createUser('bob');
});

afterEach(async () => {
  stack.gateway.clearFaults();
  await stack.gateway.online();
  while (desktops.length > 0) removeDesktop(desktops.pop() as Desktop);
});

afterAll(async () => {
  await stack?.stop();
});

describe('sync engine against Postgres + PostgREST', () => {
  beforeAll(async () => {
    orgId = await stack.createOrg('Acme', [
      { user: alice, role: 'org_owner' },
      { user: bob, role: 'org_user' },
    ]);
  });

  it('pulls memberships first, then converges two desktops after offline and online edits', async () => {
    const a = open(alice, 'A');
    const b = open(bob, 'B');
    await synced(a, b);
    expect(a.db.prepare('SELECT role FROM org_members WHERE org_id = ? AND user_id = ?').get(orgId, alice.id)).toEqual({ role: 'org_owner' });

    const configId = localWrites.createConfig(a.db, orgId, alice.id, `Backend ${randomUUID().slice(0, 4)}`);
    const sessionId = localWrites.createSession(a.db, orgId, alice.id, 'Grace', configId);
    await synced(a, b);
    expect(localRows(b.db, orgId)).toEqual(localRows(a.db, orgId));

    // Both offline: different fields of the same row, and a new row each.
    await stack.gateway.offline();
    localWrites.updateSession(a.db, sessionId, alice.id, { candidate_name: 'Grace Hopper' });
    localWrites.updateSession(b.db, sessionId, bob.id, { candidate_email: 'grace@example.com' });
    localWrites.createSession(a.db, orgId, alice.id, 'Ada');
    localWrites.createSession(b.db, orgId, bob.id, 'Linus');
    expect((await a.engine.syncNow()).ok).toBe(false);
    expect(a.engine.status().state).toBe('offline');
    await stack.gateway.online();
    await synced(a, b, a);

    const server = await serverRows(stack.admin, orgId);
    expect(localRows(a.db, orgId)).toEqual(server);
    expect(localRows(b.db, orgId)).toEqual(server);
    const merged = server.voice_sessions?.find((row) => row.id === sessionId);
    expect(merged).toMatchObject({ candidate_name: 'Grace Hopper', candidate_email: 'grace@example.com' });
    expect(outboxSummary(a.db)).toEqual([]);
    expect(outboxSummary(b.db)).toEqual([]);
  });

  it('propagates deletes, including a session deleted with its transcript', async () => {
    const a = open(alice, 'A');
    const b = open(bob, 'B');
    await synced(a, b);
    const sessionId = localWrites.createSession(a.db, orgId, alice.id, 'Margaret');
    a.db
      .prepare(
        `INSERT INTO voice_transcripts (id, org_id, session_id, transcript_text, word_count, created_at, updated_at, created_by)
         VALUES (?, ?, ?, 'Interviewer: hello', 2, ?, ?, ?)`,
      )
      .run(randomUUID(), orgId, sessionId, new Date().toISOString(), new Date().toISOString(), alice.id);
    await synced(a, b);
    expect(b.db.prepare('SELECT COUNT(*) AS n FROM voice_transcripts WHERE session_id = ?').get(sessionId)).toEqual({ n: 1 });

    a.db.pragma('foreign_keys = ON');
    localWrites.deleteSession(a.db, sessionId);
    await synced(a, b);
    expect(b.db.prepare('SELECT COUNT(*) AS n FROM voice_sessions WHERE id = ?').get(sessionId)).toEqual({ n: 0 });
    expect(b.db.prepare('SELECT COUNT(*) AS n FROM voice_transcripts WHERE session_id = ?').get(sessionId)).toEqual({ n: 0 });
    expect(b.db.prepare('SELECT COUNT(*) AS n FROM voice_session_status_history WHERE session_id = ?').get(sessionId)).toEqual({ n: 0 });
    const tombstone = await stack.admin.query('SELECT deleted_at FROM voice_sessions WHERE id = $1', [sessionId]);
    expect(tombstone.rows[0].deleted_at).not.toBeNull();
  });

  it('keeps the first committed value of a field both desktops changed, and logs the overruled one', async () => {
    const a = open(alice, 'A');
    const b = open(bob, 'B');
    await synced(a, b);
    const sessionId = localWrites.createSession(a.db, orgId, alice.id, 'Alan');
    await synced(a, b);
    localWrites.updateSession(a.db, sessionId, alice.id, { candidate_name: 'Alan Turing' });
    localWrites.updateSession(b.db, sessionId, bob.id, { candidate_name: 'A. M. Turing', candidate_email: 'alan@example.com' });
    await synced(a, b, a);
    const row = (await serverRows(stack.admin, orgId)).voice_sessions?.find((candidate) => candidate.id === sessionId);
    expect(row).toMatchObject({ candidate_name: 'Alan Turing', candidate_email: 'alan@example.com' });
    expect(localRows(b.db, orgId)).toEqual(localRows(a.db, orgId));
    const conflicts = b.engine.conflicts.list({ limit: 10, offset: 0, includeResolved: false }).items;
    expect(conflicts).toEqual([
      expect.objectContaining({ rowId: sessionId, field: 'candidate_name', localValue: 'A. M. Turing', serverValue: 'Alan Turing' }),
    ]);
    expect(a.engine.conflicts.unresolved()).toBe(0);
  });

  it('parks a config renamed to a taken name, keeps the local value, and resolves it by edit', async () => {
    const a = open(alice, 'A');
    const b = open(bob, 'B');
    const taken = `Taken ${randomUUID().slice(0, 6)}`;
    await synced(a, b);
    const mine = localWrites.createConfig(a.db, orgId, alice.id, `Mine ${randomUUID().slice(0, 6)}`);
    await synced(a, b);
    localWrites.createConfig(b.db, orgId, bob.id, taken);
    await synced(b);
    localWrites.updateConfig(a.db, mine, alice.id, { name: taken, description: 'renamed offline' });
    const other = localWrites.createSession(a.db, orgId, alice.id, 'Later op on another row');
    await synced(a);

    const parked = outboxSummary(a.db).filter((op) => op.state === 'parked');
    expect(parked).toEqual([expect.objectContaining({ table_name: 'voice_configs', kind: 'update' })]);
    expect(parked[0]?.reason).toMatch(/duplicate key|unique/i);
    expect(a.db.prepare('SELECT name, description FROM voice_configs WHERE id = ?').get(mine)).toEqual({ name: taken, description: 'renamed offline' });
    expect((await serverRows(stack.admin, orgId)).voice_sessions?.some((row) => row.id === other)).toBe(true);
    expect(a.engine.status().state).toBe('needs_attention');

    const { AttentionActions } = await import('../../server/sync/attention.js');
    const actions = new AttentionActions(a.db, a.engine);
    const [op] = actions.parked();
    expect(op?.fields).toMatchObject({ name: taken, description: 'renamed offline' });
    const renamed = `${taken} (2)`;
    actions.edit(op?.id as number, { name: renamed });
    await synced(a, b, a);
    const server = await serverRows(stack.admin, orgId);
    expect(server.voice_configs?.find((row) => row.id === mine)).toMatchObject({ name: renamed, description: 'renamed offline' });
    expect(localRows(a.db, orgId)).toEqual(server);
    expect(localRows(b.db, orgId)).toEqual(server);
    expect(outboxSummary(a.db)).toEqual([]);
  });

  it('applies an op exactly once when the acknowledgement is lost after the commit', async () => {
    const a = open(alice, 'A');
    await synced(a);
    const sessionId = localWrites.createSession(a.db, orgId, alice.id, 'Barbara');
    await synced(a);
    localWrites.updateSession(a.db, sessionId, alice.id, { candidate_name: 'Barbara Liskov' });
    const pushesBefore = stack.gateway.count(/rpc\/sync_push/);
    // Committed by Postgres, then the connection is cut before the answer: the engine resends the
    // op (same id) and the ledger answers it instead of applying it again.
    stack.gateway.fault(/rpc\/sync_push/, { kind: 'drop-after-commit' });
    await synced(a);
    expect(stack.gateway.seen.filter((request) => request.path.includes('sync_push')).slice(pushesBefore).map((request) => request.status)).toEqual([
      'dropped',
      200,
    ]);
    const ledger = await stack.admin.query('SELECT outcome FROM sync_op_ledger WHERE row_id = $1 ORDER BY applied_at', [sessionId]);
    expect(ledger.rows).toEqual([{ outcome: 'applied' }, { outcome: 'applied' }]);
    const row = await stack.admin.query('SELECT candidate_name, row_version FROM voice_sessions WHERE id = $1', [sessionId]);
    expect(row.rows[0]).toEqual({ candidate_name: 'Barbara Liskov', row_version: '2' });
    expect(outboxSummary(a.db)).toEqual([]);
  });

  it('never lets a late-committing transaction slip behind the pull cursor', async () => {
    const a = open(alice, 'A');
    await synced(a);
    const slow = await stack.admin.connect();
    const early = randomUUID();
    const late = randomUUID();
    try {
      await slow.query('BEGIN');
      // This transaction takes its id first...
      await slow.query(
        `INSERT INTO voice_sessions (id, org_id, interview_type, created_by) VALUES ($1, $2, 'technical', $3)`,
        [early, orgId, alice.id],
      );
      // ...then another one commits after it started.
      await stack.admin.query(`INSERT INTO voice_sessions (id, org_id, interview_type, created_by) VALUES ($1, $2, 'technical', $3)`, [
        late,
        orgId,
        alice.id,
      ]);
      await synced(a);
      const seen = (id: string): boolean => a.db.prepare('SELECT 1 FROM voice_sessions WHERE id = ?').get(id) !== undefined;
      // Below the oldest running transaction only: neither is visible yet, so the cursor has not passed `early`.
      expect(seen(late)).toBe(false);
      await slow.query('COMMIT');
      await synced(a);
      expect(seen(early)).toBe(true);
      expect(seen(late)).toBe(true);
    } finally {
      slow.release();
    }
  });

  it('refreshes the session on a 401 and retries 503s with backoff', async () => {
    const a = open(alice, 'A', { tokenTtlSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await synced(a);
    stack.gateway.fault(/rpc\/sync_memberships/, { kind: 'status', status: 503 }, 2);
    const failed = await a.engine.syncNow();
    expect(failed.ok).toBe(false);
    expect(a.engine.status()).toMatchObject({ state: 'error', nextRetryAt: expect.any(String) });
    await waitFor(() => a.engine.status().state === 'idle', 'the backoff retries to succeed');
    expect(stack.gateway.count(/rpc\/sync_memberships/)).toBeGreaterThanOrEqual(3);
  });

  it('pulls a joined org with its history, purges a left one, and parks what could not be sent', async () => {
    const later = await stack.createOrg('Joined later', [{ user: bob, role: 'org_owner' }]);
    await stack.admin.query(
      `INSERT INTO voice_sessions (org_id, interview_type, candidate_name, created_by) SELECT $1, 'technical', 'History ' || i, $2 FROM generate_series(1, 3) i`,
      [later, bob.id],
    );
    const a = open(alice, 'A');
    await synced(a);
    const count = (): number => (a.db.prepare('SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ?').get(later) as { n: number }).n;
    expect(count()).toBe(0);

    await stack.setMembership(later, alice, 'org_user');
    await synced(a);
    expect(count()).toBe(3);
    expect(a.db.prepare('SELECT role FROM org_members WHERE org_id = ? AND user_id = ?').get(later, alice.id)).toEqual({ role: 'org_user' });

    const [first] = a.db.prepare('SELECT id FROM voice_sessions WHERE org_id = ? ORDER BY id').all(later) as { id: string }[];
    localWrites.updateSession(a.db, first?.id as string, alice.id, { candidate_name: 'Edited before leaving' });
    await stack.setMembership(later, alice, null);
    await synced(a);
    expect(count()).toBe(0);
    expect(a.db.prepare('SELECT COUNT(*) AS n FROM org_members WHERE org_id = ?').get(later)).toEqual({ n: 0 });
    const parked = outboxSummary(a.db);
    expect(parked).toEqual([expect.objectContaining({ state: 'parked', table_name: 'voice_sessions' })]);
    expect(parked[0]?.reason).toMatch(/no longer a member/);
    const server = await stack.admin.query('SELECT COUNT(*)::int AS n FROM voice_sessions WHERE org_id = $1 AND candidate_name = $2', [later, 'Edited before leaving']);
    expect(server.rows[0]).toEqual({ n: 0 });
  });

  it('keeps credentials metadata for admins only, and never a key', async () => {
    const credential = randomUUID();
    await stack.admin.query(
      `INSERT INTO voice_credentials (id, org_id, service_name, config_metadata, created_by) VALUES ($1, $2, 'deepgram', '{"model": "nova-2"}', $3)`,
      [credential, orgId, alice.id],
    );
    const a = open(alice, 'A');
    const b = open(bob, 'B');
    await synced(a, b);
    const local = (desktop: Desktop): unknown => desktop.db.prepare('SELECT service_name, config_metadata, keychain_service, keychain_account FROM voice_credentials WHERE id = ?').get(credential);
    expect(local(a)).toEqual({
      service_name: 'deepgram',
      config_metadata: '{"model":"nova-2"}',
      keychain_service: 'Interview Console',
      keychain_account: `org/${orgId}/deepgram`,
    });
    expect(local(b)).toBeUndefined();
    await stack.setMembership(orgId, alice, 'org_user');
    await synced(a);
    expect(local(a)).toBeUndefined();
    await stack.setMembership(orgId, alice, 'org_owner');
    await synced(a);
    expect(local(a)).toBeDefined();
    const columns = await stack.admin.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'voice_credentials'");
    expect(columns.rows.map((row: { column_name: string }) => row.column_name).filter((name: string) => /key|secret|arn|keychain/.test(name))).toEqual([]);
    await stack.admin.query('DELETE FROM voice_credentials WHERE id = $1', [credential]);
  });

  it('bounds every request: a hung answer is a timeout, retried later', async () => {
    const a = open(alice, 'A', { requestTimeoutMs: 300 });
    stack.gateway.fault(/rpc\/sync_memberships/, { kind: 'delay', ms: 3000 });
    const started = Date.now();
    const result = await a.engine.syncNow();
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/timed out|abort/i);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(a.engine.status().state).toBe('offline');
    await synced(a);
  });

  it('pulls as soon as a poke arrives, with no timer', async () => {
    const bus = new LocalPokeBus();
    const a = open(alice, 'A', { pokes: bus.source() });
    const b = open(bob, 'B', { pokes: bus.source() });
    await synced(a, b);
    const sessionId = localWrites.createSession(a.db, orgId, alice.id, 'Poked');
    await synced(a);
    await waitFor(() => b.db.prepare('SELECT 1 FROM voice_sessions WHERE id = ?').get(sessionId) !== undefined, 'the poked pull', 3000);
  });
});
