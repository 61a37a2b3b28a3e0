import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import type { WebSocketLikeConstructor } from '@supabase/realtime-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually } from '../support/eventually.js';
import { userAccessToken } from '../support/supabase-jwt.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';

// Migration 009 through the real PostgREST (behind the stack's gateway, where Supabase serves it):
// the bot's RPCs with nothing but the anon key and its credential, their custom SQLSTATEs arriving
// as HTTP statuses, and the broadcasts reaching an org member's private channel through the
// Realtime stand-in, never another org's.
const nodeWebSocket = WebSocket as unknown as WebSocketLikeConstructor;

let stack: SupabaseStack;
let alice: TestUser;
let bob: TestUser;
let orgA: string;
const clients: SupabaseClient[] = [];

interface RpcReply {
  status: number;
  body: unknown;
}

async function rpc(name: string, args: Record<string, unknown>, bearer?: string): Promise<RpcReply> {
  const response = await fetch(`${stack.url}/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, authorization: `Bearer ${bearer ?? stack.anonKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

function credential(): { token: string; hash: string } {
  const token = `vbr_${randomBytes(32).toString('base64url')}`;
  return { token, hash: createHash('sha256').update(token, 'utf8').digest('hex') };
}

function segment(seq: number, speaker: 'bot' | 'candidate', text: string): Record<string, unknown> {
  return { seq, speaker, text, startTime: seq, endTime: seq + 0.5, confidence: 0.8, final: true };
}

async function createSession(candidate: string): Promise<string> {
  const id = randomUUID();
  await stack.admin.query(
    "INSERT INTO voice_sessions (id, org_id, interview_type, candidate_name, status, created_by) VALUES ($1, $2, 'technical', $3, 'ready', $4)",
    [id, orgA, candidate, alice.id],
  );
  return id;
}

async function issue(sessionId: string): Promise<string> {
  const { token, hash } = credential();
  const reply = await rpc('voice_issue_bot_credential', { p_session_id: sessionId, p_token_hash: hash }, await userAccessToken(alice));
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return token;
}

async function signedIn(user: TestUser): Promise<SupabaseClient> {
  const token = await userAccessToken(user);
  const client = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: nodeWebSocket },
    accessToken: async () => token,
  });
  await client.realtime.setAuth(token);
  clients.push(client);
  return client;
}

function subscribe(channel: RealtimeChannel): Promise<string> {
  return new Promise((resolve) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve(status);
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') resolve(`${status}: ${error?.message ?? ''}`);
    });
  });
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  alice = await stack.createUser('alice');
  bob = await stack.createUser('bob');
  orgA = await stack.createOrg('Org A', [{ user: alice, role: 'org_user' }]);
  await stack.createOrg('Org B', [{ user: bob, role: 'org_user' }]);
});

afterAll(async () => {
  for (const client of clients) await client.removeAllChannels();
  await stack?.stop();
});

describe('bot reporting through PostgREST (009)', () => {
  it('answers PT401 / PT409 / PT400 as HTTP 401 / 409 / 400 to a bot holding only the anon key', async () => {
    const sessionId = await createSession('Ada');
    const token = await issue(sessionId);

    const wrong = await rpc('voice_bot_append_segments', { p_token: `${token}x`, p_segments: [segment(0, 'bot', 'hello')] });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'PT401', message: 'bot credential refused' } });
    // The refusal never echoes the credential.
    expect(JSON.stringify(wrong.body)).not.toContain(token);

    const early = await rpc('voice_bot_append_segments', { p_token: token, p_segments: [segment(0, 'bot', 'hello')] });
    expect(early).toMatchObject({ status: 409, body: { code: 'PT409' } });
    const illegal = await rpc('voice_bot_report_status', { p_token: token, p_status: 'completed' });
    expect(illegal).toMatchObject({ status: 409, body: { code: 'PT409' } });

    // Without p_reason: PostgREST resolves the function through its default.
    expect(await rpc('voice_bot_report_status', { p_token: token, p_status: 'active' })).toEqual({
      status: 200,
      body: { status: 'active', previous_status: 'ready' },
    });
    const malformed = await rpc('voice_bot_append_segments', { p_token: token, p_segments: [{ ...segment(0, 'bot', 'x'), speaker: 'narrator' }] });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'PT400', message: 'segment 0: speaker must be "bot" or "candidate"' } });
    const tooMany = await rpc('voice_bot_append_segments', { p_token: token, p_segments: Array.from({ length: 51 }, (_, i) => segment(i, 'bot', 'x')) });
    expect(tooMany).toMatchObject({ status: 400, body: { code: 'PT400' } });

    // A state is broadcast only: void, answered 204.
    const state = await rpc('voice_bot_report_state', { p_token: token, p_state: 'listening' });
    expect(state.status).toBe(204);
  });

  it('stores, acknowledges replays, completes with the transcript in the same transaction, then refuses the ended session', async () => {
    const sessionId = await createSession('Grace');
    const token = await issue(sessionId);
    expect((await rpc('voice_bot_report_status', { p_token: token, p_status: 'active', p_reason: 'joined' })).status).toBe(200);

    const first = await rpc('voice_bot_append_segments', { p_token: token, p_segments: [segment(0, 'bot', 'Hello Grace.'), segment(1, 'candidate', 'Hi there!')] });
    expect(first).toEqual({ status: 200, body: { stored: [0, 1] } });
    // A lost acknowledgement: the same batch again, plus a new one.
    const replay = await rpc('voice_bot_append_segments', { p_token: token, p_segments: [segment(1, 'candidate', 'Hi there!'), segment(2, 'bot', 'Shall we begin?')] });
    expect(replay).toEqual({ status: 200, body: { stored: [1, 2] } });

    const done = await rpc('voice_bot_report_status', { p_token: token, p_status: 'completed', p_reason: 'interview finished' });
    expect(done).toEqual({ status: 200, body: { status: 'completed', previous_status: 'active' } });

    const row = await stack.admin.query<{ transcript_text: string; word_count: number; candidate_name: string; same_txid: boolean; segments: number }>(
      `SELECT t.transcript_text, t.word_count, t.candidate_name, t.sync_txid = s.sync_txid AS same_txid, jsonb_array_length(t.speaker_segments) AS segments
       FROM voice_transcripts t JOIN voice_sessions s ON s.id = t.session_id WHERE t.session_id = $1 AND t.deleted_at IS NULL`,
      [sessionId],
    );
    expect(row.rows).toEqual([
      {
        transcript_text: 'Interviewer: Hello Grace.\nCandidate: Hi there!\nInterviewer: Shall we begin?',
        word_count: 7,
        candidate_name: 'Grace',
        same_txid: true,
        segments: 3,
      },
    ]);

    const late = await rpc('voice_bot_append_segments', { p_token: token, p_segments: [segment(3, 'candidate', 'one more thing')] });
    expect(late).toMatchObject({ status: 401, body: { code: 'PT401' } });
    const count = await stack.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM voice_live_segments WHERE session_id = $1', [sessionId]);
    expect(count.rows[0]?.n).toBe(3);
  });

  it('stores a seq once when the same batch arrives twice at the same time (a retry racing its original)', async () => {
    const sessionId = await createSession('Hedy');
    const token = await issue(sessionId);
    expect((await rpc('voice_bot_report_status', { p_token: token, p_status: 'active' })).status).toBe(200);
    const batch = Array.from({ length: 20 }, (_, i) => segment(i, i % 2 === 0 ? 'bot' : 'candidate', `line ${i}`));
    const replies = await Promise.all(Array.from({ length: 6 }, () => rpc('voice_bot_append_segments', { p_token: token, p_segments: batch })));
    for (const reply of replies) expect(reply).toEqual({ status: 200, body: { stored: batch.map((s) => s.seq) } });
    const stored = await stack.admin.query<{ n: number; broadcasts: number }>(
      `SELECT (SELECT count(*)::int FROM voice_live_segments WHERE session_id = $1) AS n,
              (SELECT count(*)::int FROM realtime.messages WHERE topic = 'live:session:' || $1 AND event = 'segment') AS broadcasts`,
      [sessionId],
    );
    expect(stored.rows[0]).toEqual({ n: 20, broadcasts: 20 });
  });

  it('leases: of desktops racing for one, exactly one holds it; once done it is never taken again', async () => {
    const sessionId = await createSession('Ida');
    const token = await userAccessToken(alice);
    const holders = Array.from({ length: 8 }, (_, i) => `desktop-${i}`);
    const takes = await Promise.all(
      holders.map((holder) => rpc('voice_take_lease', { p_session_id: sessionId, p_kind: 'archive', p_holder: holder, p_ttl_seconds: 60 }, token)),
    );
    for (const take of takes) expect(take.status).toBe(200);
    const winners = holders.filter((_, i) => takes[i]?.body === true);
    expect(winners).toHaveLength(1);
    const winner = winners[0] as string;
    const loser = holders.find((holder) => holder !== winner) as string;
    expect((await rpc('voice_finish_lease', { p_session_id: sessionId, p_kind: 'archive', p_holder: loser }, token)).body).toBe(false);
    expect((await rpc('voice_finish_lease', { p_session_id: sessionId, p_kind: 'archive', p_holder: winner }, token)).body).toBe(true);
    await stack.admin.query("UPDATE voice_session_leases SET expires_at = now() - interval '1 hour' WHERE session_id = $1", [sessionId]);
    const again = await Promise.all(
      holders.map((holder) => rpc('voice_take_lease', { p_session_id: sessionId, p_kind: 'archive', p_holder: holder, p_ttl_seconds: 60 }, token)),
    );
    expect(again.map((take) => take.body)).toEqual(holders.map(() => false));
  });

  it('gives anon no table access and members only their own org through the API', async () => {
    const anonRead = await fetch(`${stack.url}/rest/v1/voice_live_segments?select=seq`, {
      headers: { apikey: stack.anonKey, authorization: `Bearer ${stack.anonKey}` },
    });
    expect(anonRead.status).toBe(401);
    const bobRead = await fetch(`${stack.url}/rest/v1/voice_live_segments?select=seq`, {
      headers: { apikey: stack.anonKey, authorization: `Bearer ${await userAccessToken(bob)}` },
    });
    expect(bobRead.status).toBe(200);
    expect(await bobRead.json()).toEqual([]);
    const aliceRead = await fetch(`${stack.url}/rest/v1/voice_live_segments?select=seq`, {
      headers: { apikey: stack.anonKey, authorization: `Bearer ${await userAccessToken(alice)}` },
    });
    expect(((await aliceRead.json()) as unknown[]).length).toBeGreaterThan(0);
    const anonIssue = await rpc('voice_issue_bot_credential', { p_session_id: randomUUID(), p_token_hash: credential().hash });
    expect(anonIssue.status).toBe(401);
  });

  it('broadcasts segments and statuses to a member on the private live topic; another org cannot join it', async () => {
    const sessionId = await createSession('Linus');
    const token = await issue(sessionId);
    const topic = `live:session:${sessionId}`;
    const watcher = (await signedIn(alice)).channel(topic, { config: { private: true } });
    const received: { event: string; payload: Record<string, unknown> }[] = [];
    watcher.on('broadcast', { event: '*' }, (message) => received.push({ event: String(message.event), payload: message.payload as Record<string, unknown> }));
    expect(await subscribe(watcher)).toBe('SUBSCRIBED');
    expect(await subscribe((await signedIn(bob)).channel(topic, { config: { private: true } }))).toMatch(/^CHANNEL_ERROR/);

    expect((await rpc('voice_bot_report_status', { p_token: token, p_status: 'active' })).status).toBe(200);
    expect((await rpc('voice_bot_append_segments', { p_token: token, p_segments: [segment(0, 'bot', 'Welcome.')] })).status).toBe(200);
    await eventually(() => (received.length >= 2 ? true : undefined), 'the status and the segment');
    expect(received.map((message) => message.event)).toEqual(['status', 'segment']);
    expect(received[0]?.payload).toMatchObject({ sessionId, status: 'active', previousStatus: 'ready' });
    expect(received[1]?.payload).toMatchObject({ sessionId, segment: { seq: 0, speaker: 'bot', text: 'Welcome.', startTime: 0, endTime: 0.5, confidence: 0.8, final: true } });
  });
});
