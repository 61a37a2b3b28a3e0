import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import type { WebSocketLikeConstructor } from '@supabase/realtime-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually } from '../support/eventually.js';
import { signJwt, userAccessToken } from '../support/supabase-jwt.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';

// The Realtime stand-in, driven by the real supabase-js client through the stack's gateway: the
// same wire as a desktop's pokes and live feed. Each assertion waits for an event, never a delay;
// "did not arrive" is proven by a later message on the same ordered stream arriving first.
const nodeWebSocket = WebSocket as unknown as WebSocketLikeConstructor;

let stack: SupabaseStack;
let alice: TestUser;
let bob: TestUser;
let orgA: string;
let orgB: string;
const clients: SupabaseClient[] = [];

interface Received {
  event: string;
  payload: Record<string, unknown>;
  meta?: { id: string };
}

/**
 * A signed-in client whose Realtime already holds the user's token. supabase-js hands Realtime the
 * token asynchronously: a channel subscribed before that joins with the anon key (a private join
 * is then refused once and retried by the client's rejoin timer), exactly as against Supabase.
 */
async function clientFor(user: TestUser | null, options: { vsn?: '1.0.0' | '2.0.0' } = {}): Promise<SupabaseClient> {
  const token = user ? await userAccessToken(user) : null;
  const client = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: nodeWebSocket, ...(options.vsn ? { vsn: options.vsn } : {}) },
    ...(token ? { accessToken: async () => token } : {}),
  });
  if (token) await client.realtime.setAuth(token);
  clients.push(client);
  return client;
}

/** Subscribes and resolves with the first final status (SUBSCRIBED, or the error's message). */
function subscribe(channel: RealtimeChannel): Promise<string> {
  return new Promise((resolve) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve(status);
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') resolve(`${status}: ${error?.message ?? ''}`);
    });
  });
}

function collect(channel: RealtimeChannel, event = '*'): Received[] {
  const received: Received[] = [];
  channel.on('broadcast', { event }, (message) => {
    received.push({ event: String(message.event), payload: message.payload as Record<string, unknown>, meta: message.meta });
  });
  return received;
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  alice = await stack.createUser('alice');
  bob = await stack.createUser('bob');
  orgA = await stack.createOrg('Org A', [{ user: alice, role: 'org_user' }]);
  orgB = await stack.createOrg('Org B', [{ user: bob, role: 'org_user' }]);
  // What an app migration does for its private topics: members of the org may read `rt-test:{org}`.
  await stack.admin.query(`
    CREATE POLICY rt_test_org_members_read ON realtime.messages FOR SELECT TO authenticated
    USING (CASE WHEN realtime.topic() ~ '^rt-test:[0-9a-f-]{36}$'
                THEN public.can_access_org_data(split_part(realtime.topic(), ':', 2)::uuid)
                ELSE false END)`);
});

afterAll(async () => {
  for (const client of clients) await client.removeAllChannels();
  await stack?.stop();
});

describe('the Realtime stand-in, through supabase-js', () => {
  it('joins a channel, answers heartbeats and leaves', async () => {
    const client = await clientFor(alice);
    const beats: string[] = [];
    client.realtime.onHeartbeat((status) => beats.push(status));
    const channel = client.channel('rt-basic');
    expect(await subscribe(channel)).toBe('SUBSCRIBED');
    expect(stack.realtime.joinedCount('rt-basic')).toBe(1);
    expect(stack.realtime.joinRecords.at(-1)).toMatchObject({ topic: 'realtime:rt-basic', private: false, subject: alice.id, outcome: 'ok' });

    await client.realtime.sendHeartbeat();
    await eventually(() => (beats.includes('ok') ? true : undefined), 'a heartbeat reply');
    expect(stack.realtime.wire.some((frame) => frame.topic === 'phoenix' && frame.event === 'heartbeat' && frame.direction === 'in')).toBe(true);

    expect(await client.removeChannel(channel)).toBe('ok');
    await eventually(() => (stack.realtime.joinedCount('rt-basic') === 0 ? true : undefined), 'the leave');
    // The socket went through the gateway, where Supabase serves it.
    expect(stack.gateway.seen.some((request) => request.path === '/realtime/v1/websocket' && request.status === 101)).toBe(true);
  });

  it('relays broadcasts as binary frames, to the sender only with self, acknowledged only with ack', async () => {
    const sender = (await clientFor(alice)).channel('rt-room', { config: { broadcast: { self: true, ack: true } } });
    const quiet = (await clientFor(alice)).channel('rt-room', { config: { broadcast: { self: false, ack: false } } });
    const listener = (await clientFor(bob)).channel('rt-room');
    const legacy = (await clientFor(bob, { vsn: '1.0.0' })).channel('rt-room');
    const [fromSender, fromQuiet, atListener, atLegacy] = [collect(sender), collect(quiet), collect(listener), collect(legacy)];
    for (const channel of [sender, quiet, listener, legacy]) expect(await subscribe(channel)).toBe('SUBSCRIBED');

    // With ack the send resolves on the server's reply; 'ok' is that reply.
    expect(await sender.send({ type: 'broadcast', event: 'move', payload: { x: 1 } })).toBe('ok');
    expect(await quiet.send({ type: 'broadcast', event: 'move', payload: { x: 2 } })).toBe('ok');
    await eventually(() => (atListener.length === 2 && atLegacy.length === 2 ? true : undefined), 'both broadcasts at both listeners');

    expect(atListener.map((message) => message.payload)).toEqual([{ x: 1 }, { x: 2 }]);
    expect(atLegacy.map((message) => message.payload)).toEqual([{ x: 1 }, { x: 2 }]);
    await eventually(() => (fromSender.length === 2 ? true : undefined), 'the self copy and the other sender');
    expect(fromSender.map((message) => message.payload)).toEqual([{ x: 1 }, { x: 2 }]);
    // `quiet` has self off: it saw the sender's broadcast, not its own.
    expect(fromQuiet.map((message) => message.payload)).toEqual([{ x: 1 }]);

    const room = stack.realtime.wire.filter((frame) => frame.topic === 'realtime:rt-room' && frame.event === 'broadcast');
    expect(room.filter((frame) => frame.direction === 'in').map((frame) => frame.kind)).toEqual(['binary', 'binary']);
    expect(room.some((frame) => frame.direction === 'out' && frame.kind === 'binary')).toBe(true);
    // The vsn 1.0.0 socket got them as JSON text.
    expect(room.some((frame) => frame.direction === 'out' && frame.kind === 'text')).toBe(true);
    const acks = stack.realtime.wire.filter((frame) => frame.topic === 'realtime:rt-room' && frame.event === 'phx_reply' && frame.direction === 'out');
    // Four join replies and one ack (the quiet channel asked for none).
    expect(acks).toHaveLength(5);
  });

  it('refuses a key or a token not signed with the project secret', async () => {
    const forged = await signJwt({ iss: 'supabase', role: 'anon' }, 3600, 'not-the-project-secret-0123456789abcdef');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${stack.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${forged}&vsn=2.0.0`);
      ws.on('unexpected-response', (request, response) => {
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      ws.on('error', () => undefined);
      ws.on('open', () => {
        resolve(101);
        ws.close();
      });
    });
    expect(status).toBe(403);

    const client = await clientFor(null);
    const badToken = await signJwt({ sub: alice.id, role: 'authenticated' }, 3600, 'not-the-project-secret-0123456789abcdef');
    await client.realtime.setAuth(badToken);
    expect(await subscribe(client.channel('rt-forged'))).toMatch(/CHANNEL_ERROR: .*JwtSignatureError/);
    await client.realtime.setAuth(await signJwt({ sub: alice.id, role: 'authenticated' }, -10));
    expect(await subscribe(client.channel('rt-expired'))).toMatch(/CHANNEL_ERROR: .*Token has expired/);
  });

  it('delivers a database broadcast to an authorized private subscriber, never to another org', async () => {
    const topic = `rt-test:${orgA}`;
    const aliceChannel = (await clientFor(alice)).channel(topic, { config: { private: true } });
    const bobPrivate = (await clientFor(bob)).channel(topic, { config: { private: true } });
    const bobPublic = (await clientFor(bob)).channel(topic);
    const atAlice = collect(aliceChannel);
    const atBobPublic = collect(bobPublic);
    const atBobPrivate = collect(bobPrivate);

    expect(await subscribe(aliceChannel)).toBe('SUBSCRIBED');
    expect(await subscribe(bobPrivate)).toBe(
      `CHANNEL_ERROR: Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
    expect(await subscribe(bobPublic)).toBe('SUBSCRIBED');
    // Bob's own org topic is his to join, not Alice's.
    expect(await subscribe((await clientFor(bob)).channel(`rt-test:${orgB}`, { config: { private: true } }))).toBe('SUBSCRIBED');

    // A rolled-back send reaches nobody; committed ones arrive in order, private ones only privately.
    const db = await stack.admin.connect();
    try {
      await db.query('BEGIN');
      await db.query(`SELECT realtime.send('{"n": 0}', 'ping', $1, true)`, [topic]);
      await db.query('ROLLBACK');
    } finally {
      db.release();
    }
    await stack.admin.query(`SELECT realtime.send('{"n": 1}', 'ping', $1, true)`, [topic]);
    await stack.admin.query(`SELECT realtime.send('{"n": 2}', 'ping', $1, false)`, [topic]);
    await stack.admin.query(`SELECT realtime.send('{"n": 3, "id": "mine"}', 'pong', $1)`, [topic]);

    await eventually(() => (atAlice.length === 2 && atBobPublic.length === 1 ? true : undefined), 'the private and the public broadcasts');
    expect(atAlice.map((message) => [message.event, message.payload.n])).toEqual([
      ['ping', 1],
      ['pong', 3],
    ]);
    // Like Supabase's realtime.send: a payload without an id gets one; meta.id is the message's.
    expect(typeof atAlice[0]?.payload.id).toBe('string');
    expect(atAlice[1]?.payload.id).toBe('mine');
    expect(atAlice[0]?.meta?.id).toMatch(/^\d+$/);
    // Bob's public join of the same topic saw only the public message, sent after the private one.
    expect(atBobPublic.map((message) => message.payload.n)).toEqual([2]);
    expect(atBobPrivate).toEqual([]);
    expect(stack.realtime.errors).toEqual([]);
  });

  it('refuses a private join made with the anon key, and admits the rejoin that carries the user token', async () => {
    // supabase-js hands Realtime the token asynchronously: subscribing at once joins as anon.
    const token = userAccessToken(alice);
    const client = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: nodeWebSocket },
      accessToken: () => token,
    });
    clients.push(client);
    const statuses: string[] = [];
    client.channel(`rt-test:${orgA}`, { config: { private: true } }).subscribe((status) => statuses.push(status));
    await eventually(() => (statuses.includes('SUBSCRIBED') ? true : undefined), 'the rejoin with the token');
    const joins = stack.realtime.joinRecords.filter((record) => record.topic === `realtime:rt-test:${orgA}` && record.connection === stack.realtime.joinRecords.at(-1)?.connection);
    expect(joins.map((record) => [record.subject, record.outcome])).toEqual([
      ['anon', 'error'],
      [alice.id, 'ok'],
    ]);
    expect(statuses[0]).toBe('CHANNEL_ERROR');
  });

  it('drops a private client broadcast without an INSERT policy, and relays it once one exists', async () => {
    const topic = `rt-test:${orgA}`;
    const writer = (await clientFor(alice)).channel(topic, { config: { private: true, broadcast: { ack: true } } });
    const reader = (await clientFor(alice)).channel(topic, { config: { private: true } });
    const atReader = collect(reader);
    expect(await subscribe(writer)).toBe('SUBSCRIBED');
    expect(await subscribe(reader)).toBe('SUBSCRIBED');
    // Realtime answers nothing to an unauthorized broadcast, so an ack never comes.
    expect(await writer.send({ type: 'broadcast', event: 'note', payload: { text: 'dropped' } }, { timeout: 1000 })).toBe('timed out');

    await stack.admin.query(`
      CREATE POLICY rt_test_org_members_write ON realtime.messages FOR INSERT TO authenticated
      WITH CHECK (CASE WHEN realtime.topic() ~ '^rt-test:[0-9a-f-]{36}$'
                       THEN public.can_access_org_data(split_part(realtime.topic(), ':', 2)::uuid)
                       ELSE false END)`);
    // Realtime decides write access once per join: a new join sees the new policy.
    const writer2 = (await clientFor(alice)).channel(`${topic}`, { config: { private: true, broadcast: { ack: true } } });
    expect(await subscribe(writer2)).toBe('SUBSCRIBED');
    expect(await writer2.send({ type: 'broadcast', event: 'note', payload: { text: 'kept' } })).toBe('ok');
    await eventually(() => (atReader.length === 1 ? true : undefined), 'the authorized broadcast');
    expect(atReader.map((message) => message.payload)).toEqual([{ text: 'kept' }]);
  });

  it('shows presence to the other joins of the channel', async () => {
    const one = (await clientFor(alice)).channel('rt-presence', { config: { presence: { key: 'alice' } } });
    const two = (await clientFor(bob)).channel('rt-presence', { config: { presence: { key: 'bob' } } });
    one.on('presence', { event: 'sync' }, () => undefined);
    two.on('presence', { event: 'sync' }, () => undefined);
    expect(await subscribe(one)).toBe('SUBSCRIBED');
    expect(await subscribe(two)).toBe('SUBSCRIBED');
    expect(await one.track({ online: true })).toBe('ok');
    expect(await two.track({ online: true })).toBe('ok');
    await eventually(() => (Object.keys(one.presenceState()).sort().join() === 'alice,bob' ? true : undefined), 'both presences at one');
    expect(await two.untrack()).toBe('ok');
    await eventually(() => (Object.keys(one.presenceState()).join() === 'alice' ? true : undefined), 'bob leaving');
  });

  it('refuses postgres_changes clearly instead of pretending to stream them', async () => {
    const channel = (await clientFor(alice))
      .channel('rt-changes')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'voice_sessions' }, () => undefined);
    expect(await subscribe(channel)).toMatch(/CHANNEL_ERROR: PostgresChangesUnsupported/);
  });

  it('clients rejoin after the stand-in drops every socket, and after it comes back online', async () => {
    const client = await clientFor(alice);
    const statuses: string[] = [];
    const channel = client.channel('rt-drop');
    const received = collect(channel);
    channel.subscribe((status) => statuses.push(status));
    await eventually(() => (statuses.includes('SUBSCRIBED') ? true : undefined), 'the first join');

    stack.realtime.dropAll();
    await eventually(() => (statuses.filter((status) => status === 'SUBSCRIBED').length === 2 ? true : undefined), 'the rejoin after a drop');
    expect(statuses).toContain('CHANNEL_ERROR');

    await stack.gateway.offline();
    await eventually(() => (stack.realtime.joinedCount('rt-drop') === 0 ? true : undefined), 'the socket cut by the gateway');
    await stack.gateway.online();
    await eventually(() => (statuses.filter((status) => status === 'SUBSCRIBED').length === 3 ? true : undefined), 'the rejoin after offline', 30_000);

    await stack.admin.query(`SELECT realtime.send('{"after": "reconnect"}', 'ping', 'rt-drop', false)`);
    await eventually(() => (received.length === 1 ? true : undefined), 'a broadcast on the rejoined channel');
  });
});
