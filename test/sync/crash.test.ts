import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { Me } from '../../contracts/identity.js';
import { openDatabaseFile } from '../support/db-snapshot.js';
import { signIn, startAppDesktop, syncNow, waitUntil, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';

// SIGKILL of the app while a push and while a pull is on the wire, then a restart: nothing lost,
// nothing applied twice (the outbox keeps the frozen ops and their ids; each pull page and its
// cursor commit together).
let stack: SupabaseStack;
let alice: TestUser;
let orgId: string;
const desktops: AppDesktop[] = [];

beforeAll(async () => {
  stack = await startSupabaseStack();
  alice = await stack.createUser('alice');
  orgId = await stack.createOrg('Acme', [{ user: alice, role: 'org_owner' }]);
});

afterAll(async () => {
  for (const desktop of desktops) await desktop.stop();
  await stack?.stop();
});

const count = (desktop: AppDesktop, sql: string, ...args: unknown[]): number => {
  const db = openDatabaseFile(desktop.dataDir, { readonly: true });
  try {
    return (db.prepare(sql).get(...args) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('SIGKILL and restart', () => {
  it('mid-push: the server committed, the answer never arrived; after restart every op is applied exactly once', async () => {
    const desktop = await startAppDesktop({ VOICE_SYNC_PUSH_BATCH: '100', VOICE_SYNC_TIMER_MS: '600000' });
    desktops.push(desktop);
    expect((await signIn(desktop.server, stack, alice)).status).toBe(200);
    await syncNow(desktop.server);
    const me = (await desktop.server.call<ApiSuccess<Me>>('GET', '/api/me')).json.data;
    expect(me.orgs[0]?.id).toBe(orgId);

    await stack.gateway.offline();
    for (let i = 0; i < 250; i++) {
      const reply = await desktop.server.call('POST', '/api/voice/sessions', { body: { orgId, interviewType: 'technical', candidateName: `Offline ${i}` } });
      expect(reply.status).toBe(201);
    }
    expect(count(desktop, "SELECT COUNT(*) AS n FROM sync_outbox WHERE state = 'pending'")).toBe(250);
    // The first push goes through to Postgres, and its answer is held until after the kill.
    stack.gateway.fault(/rpc\/sync_push/, { kind: 'hold-response', ms: 5000 });
    await stack.gateway.online();
    const pushed = stack.gateway.count(/rpc\/sync_push/);
    void desktop.server.call('POST', '/api/sync/now').catch(() => undefined);
    await waitUntil(() => stack.gateway.count(/rpc\/sync_push/) > pushed, 'the push to reach the gateway');
    await waitUntil(async () => (await stack.admin.query('SELECT COUNT(*)::int AS n FROM voice_sessions WHERE org_id = $1', [orgId])).rows[0].n === 100, 'the first batch to commit');
    await desktop.restart('SIGKILL');
    expect(count(desktop, "SELECT COUNT(*) AS n FROM sync_outbox WHERE state = 'sending'")).toBe(100);

    stack.gateway.clearFaults();
    await syncNow(desktop.server);
    await syncNow(desktop.server);
    const server = await stack.admin.query(
      'SELECT COUNT(*)::int AS n, COUNT(DISTINCT candidate_name)::int AS names, MAX(row_version)::int AS max_version FROM voice_sessions WHERE org_id = $1',
      [orgId],
    );
    expect(server.rows[0]).toEqual({ n: 250, names: 250, max_version: 1 });
    const ledger = await stack.admin.query('SELECT COUNT(*)::int AS n FROM sync_op_ledger WHERE org_id = $1', [orgId]);
    expect(ledger.rows[0]).toEqual({ n: 250 });
    expect(count(desktop, 'SELECT COUNT(*) AS n FROM sync_outbox')).toBe(0);
    expect(count(desktop, 'SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ? AND sync_version = 1', orgId)).toBe(250);
  });

  it('mid-pull: pages applied before the kill stay, the rest follow, none twice', async () => {
    await stack.admin.query(
      `INSERT INTO voice_sessions (org_id, interview_type, candidate_name, created_by)
       SELECT $1, 'technical', 'Seeded ' || i, $2 FROM generate_series(1, 6000) AS i`,
      [orgId, alice.id],
    );
    const total = (await stack.admin.query('SELECT COUNT(*)::int AS n FROM voice_sessions WHERE org_id = $1', [orgId])).rows[0].n as number;
    const desktop = await startAppDesktop({ VOICE_SYNC_PULL_PAGE: '500', VOICE_SYNC_TIMER_MS: '600000' });
    desktops.push(desktop);
    stack.gateway.fault(/rpc\/sync_pull/, { kind: 'delay', ms: 150 }, Infinity);
    expect((await signIn(desktop.server, stack, alice)).status).toBe(200);
    await waitUntil(() => count(desktop, 'SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ?', orgId) >= 1500, 'part of the initial pull');
    await desktop.restart('SIGKILL');
    const partial = count(desktop, 'SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ?', orgId);
    expect(partial).toBeGreaterThanOrEqual(1500);
    expect(partial).toBeLessThan(total);
    stack.gateway.clearFaults();
    await syncNow(desktop.server);
    expect(count(desktop, 'SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ?', orgId)).toBe(total);
    expect(count(desktop, 'SELECT COUNT(DISTINCT id) AS n FROM voice_sessions WHERE org_id = ?', orgId)).toBe(total);
    // The trigger-kept totals match the rows: nothing was counted twice.
    expect(count(desktop, 'SELECT SUM(n) AS n FROM voice_session_counts WHERE org_id = ?', orgId)).toBe(total);
    expect(count(desktop, 'SELECT COUNT(*) AS n FROM sync_outbox')).toBe(0);
  });
});
