import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { VoiceConfig } from '../../contracts/config.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { ParkedOp } from '../../contracts/sync.js';
import { createConfig, createSession, openStore } from '../support/fixtures.js';
import { signIn, startAppDesktop, syncNow, syncStatus, type AppDesktop } from '../support/sync-app.js';
import type { ServerProcess } from '../support/server-process.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { userAccessToken } from '../support/supabase-jwt.js';

// Two desktops of one org (two servers, two SQLite files, two keychains) and a third of another org.
let stack: SupabaseStack;
let one: AppDesktop;
let two: AppDesktop;
let other: AppDesktop;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let orgA: string;
let orgB: string;

type Listed<T> = ApiSuccess<T[]>;

async function sessions(server: ServerProcess, orgId = orgA): Promise<VoiceSession[]> {
  const reply = await server.call<Listed<VoiceSession>>('GET', `/api/voice/sessions?orgId=${orgId}&limit=1000`);
  if (reply.status !== 200) throw new Error(`list sessions: ${reply.status} ${reply.text}`);
  // The join token is not shared through Supabase (only this desktop's creator sees it).
  return reply.json.data
    .map((session) => {
      const shared: Partial<VoiceSession> = { ...session };
      delete shared.dailyRoomToken;
      return shared as VoiceSession;
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function configs(server: ServerProcess, orgId = orgA): Promise<VoiceConfig[]> {
  const reply = await server.call<Listed<VoiceConfig>>('GET', `/api/voice/configs?orgId=${orgId}&limit=1000`);
  return reply.json.data;
}

/** Both desktops push, then both pull what the other pushed. */
async function converge(...servers: ServerProcess[]): Promise<void> {
  for (const server of [...servers, ...servers]) await syncNow(server);
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  [alice, bob, carol] = await Promise.all([stack.createUser('alice'), stack.createUser('bob'), stack.createUser('carol')]);
  orgA = await stack.createOrg('Org A', [
    { user: alice, role: 'org_owner' },
    { user: bob, role: 'org_user' },
  ]);
  orgB = await stack.createOrg('Org B', [{ user: carol, role: 'org_owner' }]);
  [one, two, other] = await Promise.all([startAppDesktop(), startAppDesktop(), startAppDesktop()]);
  expect((await signIn(one.server, stack, alice)).status).toBe(200);
  expect((await signIn(two.server, stack, bob)).status).toBe(200);
  expect((await signIn(other.server, stack, carol)).status).toBe(200);
});

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop(), other?.stop()]);
  await stack?.stop();
});

describe('two desktops of one org', () => {
  it('converge to identical rows after online and offline edits on each', async () => {
    const config = await createConfig(one.server, orgA, { name: 'Backend screen' });
    const shared = await createSession(one.server, orgA, { configId: config.id, candidateName: 'Grace' });
    await converge(one.server, two.server);
    expect((await sessions(two.server)).map((session) => session.id)).toContain(shared.id);

    await stack.gateway.offline();
    await one.server.call('PUT', `/api/voice/sessions/${shared.id}`, { body: { candidateName: 'Grace Hopper' } });
    await two.server.call('PUT', `/api/voice/sessions/${shared.id}`, { body: { candidateEmail: 'grace@navy.mil', status: 'ready' } });
    await createSession(one.server, orgA, { candidateName: 'Offline on one' });
    await createSession(two.server, orgA, { candidateName: 'Offline on two' });
    await two.server.call('PUT', `/api/voice/configs/${config.id}`, { body: { description: 'edited offline' } });
    expect((await syncNow(one.server)).state).toBe('offline');
    expect((await syncStatus(one.server)).pendingOps).toBeGreaterThan(0);
    await stack.gateway.online();
    await converge(one.server, two.server);

    const onOne = await sessions(one.server);
    expect(await sessions(two.server)).toEqual(onOne);
    expect(onOne.find((session) => session.id === shared.id)).toMatchObject({
      candidateName: 'Grace Hopper',
      candidateEmail: 'grace@navy.mil',
      status: 'ready',
    });
    expect(onOne.map((session) => session.candidateName)).toEqual(expect.arrayContaining(['Offline on one', 'Offline on two']));
    expect(await configs(two.server)).toEqual(await configs(one.server));
    const history = await two.server.call<ApiSuccess<{ statusHistory: { to: string }[] }>>('GET', `/api/voice/sessions/${shared.id}`);
    expect(history.json.data.statusHistory.map((change) => change.to)).toContain('ready');
    // (A timer run may be under way: nothing is waiting or refused either way.)
    for (const server of [one.server, two.server]) expect(await syncStatus(server)).toMatchObject({ pendingOps: 0, needsAttention: 0, lastError: null });
  });

  it('propagates deletes of sessions and configs', async () => {
    const config = await createConfig(two.server, orgA, { name: `Short-lived ${randomUUID().slice(0, 4)}` });
    const doomed = await createSession(two.server, orgA, { candidateName: 'To be deleted' });
    await converge(two.server, one.server);
    expect((await sessions(one.server)).some((session) => session.id === doomed.id)).toBe(true);
    expect((await one.server.call('DELETE', `/api/voice/sessions/${doomed.id}`)).status).toBe(200);
    expect((await one.server.call('DELETE', `/api/voice/configs/${config.id}`)).status).toBe(200);
    await converge(one.server, two.server);
    expect((await two.server.call('GET', `/api/voice/sessions/${doomed.id}`)).status).toBe(404);
    expect((await two.server.call('GET', `/api/voice/configs/${config.id}`)).status).toBe(404);
    expect(await sessions(two.server)).toEqual(await sessions(one.server));
  });

  it('parks a config renamed to a name taken meanwhile, keeps the local value, and lets the user fix it', async () => {
    const mine = await createConfig(one.server, orgA, { name: `Mine ${randomUUID().slice(0, 4)}` });
    await converge(one.server, two.server);
    const taken = `Taken ${randomUUID().slice(0, 4)}`;
    await stack.gateway.offline();
    expect((await one.server.call('PUT', `/api/voice/configs/${mine.id}`, { body: { name: taken } })).status).toBe(200);
    await stack.gateway.online();
    await createConfig(two.server, orgA, { name: taken });
    await syncNow(two.server);
    const afterPush = await syncNow(one.server);
    expect(afterPush).toMatchObject({ state: 'needs_attention', needsAttention: 1 });
    const parked = (await one.server.call<ApiSuccess<ParkedOp[]>>('GET', '/api/sync/attention')).json.data;
    expect(parked).toEqual([
      expect.objectContaining({ table: 'voice_configs', rowId: mine.id, kind: 'update', sqlstate: '23505', fields: expect.objectContaining({ name: taken }) }),
    ]);
    // Not lost: the local config still shows the name the user typed.
    expect((await one.server.call<ApiSuccess<VoiceConfig>>('GET', `/api/voice/configs/${mine.id}`)).json.data.name).toBe(taken);

    const fixedName = `${taken} (mine)`;
    const edited = await one.server.call('PUT', `/api/sync/attention/${parked[0]?.id}`, { body: { fields: { name: fixedName } } });
    expect(edited.status).toBe(200);
    await converge(one.server, two.server);
    expect((await configs(two.server)).map((config) => config.name)).toEqual(expect.arrayContaining([taken, fixedName]));
    expect(await configs(two.server)).toEqual(await configs(one.server));
    expect((await syncStatus(one.server)).needsAttention).toBe(0);
  });

  it('discarding a parked change brings back the server row', async () => {
    const config = await createConfig(two.server, orgA, { name: `In use ${randomUUID().slice(0, 4)}` });
    await converge(two.server, one.server);
    await stack.gateway.offline();
    // One deletes the unused config while two starts using it.
    expect((await one.server.call('DELETE', `/api/voice/configs/${config.id}`)).status).toBe(200);
    await createSession(two.server, orgA, { configId: config.id, candidateName: 'Uses the config' });
    await stack.gateway.online();
    await syncNow(two.server);
    const status = await syncNow(one.server);
    expect(status.needsAttention).toBe(1);
    const [parked] = (await one.server.call<ApiSuccess<ParkedOp[]>>('GET', '/api/sync/attention')).json.data;
    expect(parked).toMatchObject({ kind: 'delete', sqlstate: '23503' });
    expect((await one.server.call('DELETE', `/api/sync/attention/${parked?.id}`)).status).toBe(200);
    await converge(one.server, two.server);
    expect((await one.server.call('GET', `/api/voice/configs/${config.id}`)).status).toBe(200);
    expect(await sessions(one.server)).toEqual(await sessions(two.server));
  });
});

describe('credentials', () => {
  it('sync as metadata only: the key stays in the keychain of the admin who entered it', async () => {
    const canary = `dg-canary-${randomUUID()}`;
    const created = await one.server.call('POST', '/api/voice/credentials', {
      body: { orgId: orgA, serviceName: 'deepgram', apiKey: canary, configMetadata: { model: 'nova-2' } },
    });
    expect(created.status).toBe(201);
    await converge(one.server, two.server);
    const onServer = await stack.admin.query("SELECT to_jsonb(c) AS row FROM voice_credentials c WHERE org_id = $1 AND service_name = 'deepgram'", [orgA]);
    expect(onServer.rows).toHaveLength(1);
    expect(onServer.rows[0].row.config_metadata).toEqual({ model: 'nova-2' });
    const everything = await stack.admin.query(
      `SELECT (SELECT jsonb_agg(to_jsonb(c)) FROM voice_credentials c)::text || (SELECT coalesce(jsonb_agg(to_jsonb(l)), '[]') FROM sync_op_ledger l)::text AS dump`,
    );
    expect(everything.rows[0].dump).not.toContain(canary);
    // Bob is not an admin: RLS gives him no credentials metadata, so his desktop has none.
    const store = openStore(two.dataDir);
    try {
      expect(store.prepare('SELECT COUNT(*) AS n FROM voice_credentials WHERE org_id = ?').get(orgA)).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });
});

describe('org boundaries', () => {
  it('a user of org B cannot read or write org A through the app', async () => {
    await syncNow(other.server);
    const me = (await other.server.call<ApiSuccess<{ orgs: { id: string }[] }>>('GET', '/api/me')).json.data;
    expect(me.orgs.map((org) => org.id)).toEqual([orgB]);
    expect((await other.server.call('GET', `/api/voice/sessions?orgId=${orgA}`)).status).toBe(403);
    expect((await other.server.call('POST', '/api/voice/sessions', { body: { orgId: orgA, interviewType: 'technical' } })).status).toBe(403);
    const store = openStore(other.dataDir);
    try {
      expect(store.prepare('SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ?').get(orgA)).toEqual({ n: 0 });
      // Even a row forced into the cache for org A, with an op in the outbox, is refused by the server.
      const now = new Date().toISOString();
      store.prepare('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(orgA, 'forged', now);
      store.prepare('INSERT INTO sync_orgs (org_id, joined_at) VALUES (?, ?)').run(orgA, now);
      store
        .prepare("INSERT INTO voice_sessions (id, org_id, interview_type, created_at, updated_at, created_by) VALUES (?, ?, 'technical', ?, ?, ?)")
        .run(randomUUID(), orgA, now, now, carol.id);
      expect(store.prepare("SELECT COUNT(*) AS n FROM sync_outbox WHERE org_id = ? AND state = 'pending'").get(orgA)).toEqual({ n: 1 });
    } finally {
      store.close();
    }
    const status = await syncNow(other.server);
    expect(status.needsAttention).toBe(1);
    const [parked] = (await other.server.call<ApiSuccess<ParkedOp[]>>('GET', '/api/sync/attention')).json.data;
    expect(parked?.sqlstate).toBe('42501');
    const onServer = await stack.admin.query('SELECT COUNT(*)::int AS n FROM voice_sessions WHERE org_id = $1 AND created_by = $2', [orgA, carol.id]);
    expect(onServer.rows[0]).toEqual({ n: 0 });
  });

  it('a user of org B cannot read or write org A directly through PostgREST', async () => {
    const token = await userAccessToken(carol);
    const headers = { apikey: stack.anonKey, authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const read = await fetch(`${stack.url}/rest/v1/voice_sessions?org_id=eq.${orgA}&select=id`, { headers });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual([]);
    const insert = await fetch(`${stack.url}/rest/v1/voice_sessions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ org_id: orgA, interview_type: 'technical', created_by: carol.id }),
    });
    expect(insert.status).toBe(403);
    expect(((await insert.json()) as { code: string }).code).toBe('42501');
    const target = (await sessions(one.server))[0] as VoiceSession;
    // The trap: an UPDATE of a row RLS hides answers 200 with zero rows...
    const update = await fetch(`${stack.url}/rest/v1/voice_sessions?id=eq.${target.id}`, {
      method: 'PATCH',
      headers: { ...headers, prefer: 'return=representation' },
      body: JSON.stringify({ candidate_name: 'hijacked' }),
    });
    expect(update.status).toBe(200);
    expect(await update.json()).toEqual([]);
    // ...which sync_push reports as rejected instead.
    const push = await fetch(`${stack.url}/rest/v1/rpc/sync_push`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        p_ops: [{ op_id: randomUUID(), table: 'voice_sessions', kind: 'update', id: target.id, org_id: orgA, fields: { candidate_name: 'hijacked' }, base: {} }],
      }),
    });
    expect(((await push.json()) as { outcome: string; sqlstate: string }[])[0]).toMatchObject({ outcome: 'rejected', sqlstate: '42501' });
    const deleted = await fetch(`${stack.url}/rest/v1/voice_sessions?id=eq.${target.id}`, { method: 'DELETE', headers });
    expect(deleted.status).toBe(204);
    const row = await stack.admin.query('SELECT candidate_name, deleted_at FROM voice_sessions WHERE id = $1', [target.id]);
    expect(row.rows[0]).toEqual({ candidate_name: target.candidateName, deleted_at: null });
  });
});
