import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { ServerMessage } from '../../contracts/live-events.js';
import type { BotTokenGrant, VoiceSession } from '../../contracts/session.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { BotClient, ConsoleClient, upgradeStatus } from '../support/bot-client.js';
import { createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

let server: ServerProcess;
let orgId: string;

beforeAll(async () => {
  server = await startServerProcess();
  orgId = await myOrgId(server);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

async function botTokenFor(sessionId: string): Promise<string> {
  const reply = await server.call<ApiSuccess<BotTokenGrant>>('POST', `/api/voice/sessions/${sessionId}/bot-token`);
  expect(reply.status).toBe(201);
  return reply.json.data.botToken;
}

const segment = (seq: number, text: string, final = true) => ({
  seq,
  speaker: seq % 2 === 0 ? ('bot' as const) : ('candidate' as const),
  text,
  startTime: seq * 3,
  endTime: seq * 3 + 2.5,
  confidence: 0.93,
  final,
});

describe('authentication of the live-events socket', () => {
  it('refuses an upgrade without a token, with a wrong token, or from a foreign origin', async () => {
    expect(await upgradeStatus(server.url, {})).toBe(401);
    expect(await upgradeStatus(server.url, { authorization: 'Bearer not-a-token' })).toBe(401);
    expect(await upgradeStatus(server.url, { authorization: 'Bearer vbt_forged-bot-token' })).toBe(401);
    expect(await upgradeStatus(server.url, { authorization: `Bearer ${server.token}`, origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(server.url, { authorization: `Bearer ${server.token}` })).toBe(101);
  });

  it('refuses a bot token once its session has ended', async () => {
    const session = await createSession(server, orgId);
    const token = await botTokenFor(session.id);
    expect(await upgradeStatus(server.url, { authorization: `Bearer ${token}` })).toBe(101);
    await moveSession(server, session.id, 'cancelled');
    expect(await upgradeStatus(server.url, { authorization: `Bearer ${token}` })).toBe(401);
    const again = await server.call('POST', `/api/voice/sessions/${session.id}/bot-token`);
    expect(again.status).toBe(409);
  });

  it('never stores the bot token itself', async () => {
    const session = await createSession(server, orgId);
    const token = await botTokenFor(session.id);
    const db = openStore(server.dataDir);
    try {
      const rows = db.prepare('SELECT * FROM voice_bot_tokens WHERE session_id = ?').all(session.id);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);
    } finally {
      db.close();
    }
  });
});

describe('streaming a session', () => {
  it('persists final segments and broadcasts them in order; a duplicate seq is stored once', async () => {
    const session = await createSession(server, orgId, { candidateName: 'Live Candidate' });
    await moveSession(server, session.id, 'ready');
    const token = await botTokenFor(session.id);
    const watcher = await ConsoleClient.connect(server.url, server.token);
    const subscribed = await watcher.subscribe(session.id);
    expect(subscribed.status).toBe('ready');
    expect(subscribed.segments).toEqual([]);

    const bot = await BotClient.connect(server.url, token);
    bot.send({ type: 'status', status: 'active' });
    await watcher.waitFor((m) => m.type === 'session_status' && m.status === 'active');

    await bot.segment(segment(0, 'Welcome. Tell me about yourself.', false));
    const acks: boolean[] = [];
    for (let seq = 0; seq < 20; seq++) acks.push((await bot.segment(segment(seq, `Segment number ${seq}`)))?.stored ?? false);
    expect(acks.every(Boolean)).toBe(true);
    const duplicate = await bot.segment(segment(7, 'Segment number 7 again'));
    expect(duplicate?.stored).toBe(false);

    await watcher.waitFor((m) => m.type === 'transcript_segment' && m.segment.seq === 19 && m.segment.final);
    const broadcast = watcher.messages.filter(
      (m): m is Extract<ServerMessage, { type: 'transcript_segment' }> => m.type === 'transcript_segment',
    );
    expect(broadcast[0]?.segment.final).toBe(false);
    const finals = broadcast.filter((m) => m.segment.final).map((m) => m.segment.seq);
    expect(finals).toEqual(Array.from({ length: 20 }, (_, i) => i));

    const db = openStore(server.dataDir);
    try {
      const stored = db.prepare('SELECT seq, text FROM voice_live_segments WHERE session_id = ? ORDER BY seq').all(session.id) as { seq: number; text: string }[];
      expect(stored.map((row) => row.seq)).toEqual(finals);
      expect(stored[7]?.text).toBe('Segment number 7');
    } finally {
      db.close();
    }

    bot.send({ type: 'status', status: 'completed' });
    const done = await watcher.waitFor<Extract<ServerMessage, { type: 'session_status' }>>((m) => m.type === 'session_status' && m.status === 'completed');
    expect(done.previousStatus).toBe('active');
    const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
    const transcript = await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${list.json.data[0]?.id}`);
    expect(transcript.json.data.speakerSegments.map((s) => s.seq)).toEqual(finals);
    expect(transcript.json.data.candidateName).toBe('Live Candidate');
    expect(transcript.json.data.wordCount).toBe(60);
    await bot.close();
    await watcher.close();
  });

  it('lets a late console catch up on what was already said', async () => {
    const session = await createSession(server, orgId);
    await moveSession(server, session.id, 'ready', 'active');
    const bot = await BotClient.connect(server.url, await botTokenFor(session.id));
    await bot.segment(segment(0, 'First words'));
    await bot.segment(segment(1, 'Second words'));
    const late = await ConsoleClient.connect(server.url, server.token);
    const subscribed = await late.subscribe(session.id);
    expect(subscribed.segments.map((s) => s.text)).toEqual(['First words', 'Second words']);
    await Promise.all([bot.close(), late.close()]);
  });

  it('validates what the bot sends against the contract and the lifecycle', async () => {
    const session = await createSession(server, orgId);
    const bot = await BotClient.connect(server.url, await botTokenFor(session.id));
    bot.send('not json');
    const notJson = await bot.waitFor<Extract<ServerMessage, { type: 'error' }>>((m) => m.type === 'error');
    expect(notJson.code).toBe('VALIDATION_ERROR');
    bot.messages.length = 0;
    bot.send({ type: 'transcript_segment', segment: { ...segment(0, 'x'), speaker: 'narrator' } });
    const badSpeaker = await bot.waitFor<Extract<ServerMessage, { type: 'error' }>>((m) => m.type === 'error');
    expect(badSpeaker.message).toContain('segment.speaker');
    bot.messages.length = 0;
    bot.send({ type: 'status', status: 'completed' });
    const transition = await bot.waitFor<Extract<ServerMessage, { type: 'error' }>>((m) => m.type === 'error');
    expect(transition.code).toBe('INVALID_TRANSITION');
    const after = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
    expect(after.json.data.status).toBe('pending');
    await bot.close();
  });

  it('does not let a console subscribe to a session it cannot see', async () => {
    const watcher = await ConsoleClient.connect(server.url, server.token);
    watcher.send({ type: 'subscribe', sessionId: '00000000-0000-4000-8000-000000000000' });
    const refused = await watcher.waitFor<Extract<ServerMessage, { type: 'error' }>>((m) => m.type === 'error');
    expect(refused.code).toBe('NOT_FOUND');
    await watcher.close();
  });
});

describe('the bot state', () => {
  const states = (client: ConsoleClient): (string | null)[] =>
    client.messages.flatMap((m) => (m.type === 'bot_state' ? [m.state] : []));

  it('is relayed on change, remembered for a late console, and forgotten when the session ends', async () => {
    const session = await createSession(server, orgId);
    await moveSession(server, session.id, 'ready', 'active');
    const bot = await BotClient.connect(server.url, await botTokenFor(session.id));
    const watcher = await ConsoleClient.connect(server.url, server.token);
    expect((await watcher.subscribe(session.id)).botState).toBeNull();

    for (const state of ['thinking', 'speaking', 'speaking', 'listening']) bot.send({ type: 'bot_state', state });
    const listening = await watcher.waitFor<Extract<ServerMessage, { type: 'bot_state' }>>((m) => m.type === 'bot_state' && m.state === 'listening');
    expect(listening.sessionId).toBe(session.id);
    expect(Number.isNaN(Date.parse(listening.at))).toBe(false);
    await bot.roundTrip();
    expect(states(watcher)).toEqual(['thinking', 'speaking', 'listening']);

    const late = await ConsoleClient.connect(server.url, server.token);
    expect((await late.subscribe(session.id)).botState).toEqual({ state: 'listening', at: listening.at });

    await moveSession(server, session.id, 'completed');
    await watcher.waitFor((m) => m.type === 'session_status' && m.status === 'completed');
    // The end closes the bot's socket; a state it still sends is refused (late-segments.test.ts).
    await bot.close();
    late.messages.length = 0;
    expect((await late.subscribe(session.id)).botState).toBeNull();
    expect(states(watcher)).toEqual(['thinking', 'speaking', 'listening']);
    await Promise.all([bot.close(), watcher.close(), late.close()]);
  });

  it('is not taken from a bot whose session is not live yet', async () => {
    const session = await createSession(server, orgId);
    await moveSession(server, session.id, 'ready');
    const bot = await BotClient.connect(server.url, await botTokenFor(session.id));
    bot.send({ type: 'bot_state', state: 'speaking' });
    await bot.roundTrip();
    const watcher = await ConsoleClient.connect(server.url, server.token);
    expect((await watcher.subscribe(session.id)).botState).toBeNull();
    await Promise.all([bot.close(), watcher.close()]);
  });

  it('refuses a state outside the contract like any invalid bot message', async () => {
    const session = await createSession(server, orgId);
    await moveSession(server, session.id, 'ready', 'active');
    const bot = await BotClient.connect(server.url, await botTokenFor(session.id));
    const watcher = await ConsoleClient.connect(server.url, server.token);
    await watcher.subscribe(session.id);
    bot.send({ type: 'bot_state', state: 'dozing' });
    const unknown = await bot.waitFor<Extract<ServerMessage, { type: 'error' }>>((m) => m.type === 'error');
    expect(unknown.code).toBe('VALIDATION_ERROR');
    expect(unknown.message).toContain('state');
    bot.messages.length = 0;
    bot.send({ type: 'bot_state', state: 'speaking', at: '2020-01-01T00:00:00Z' });
    const extra = await bot.waitFor<Extract<ServerMessage, { type: 'error' }>>((m) => m.type === 'error');
    expect(extra.code).toBe('VALIDATION_ERROR');
    await bot.roundTrip();
    expect(states(watcher)).toEqual([]);
    watcher.messages.length = 0;
    expect((await watcher.subscribe(session.id)).botState).toBeNull();
    await Promise.all([bot.close(), watcher.close()]);
  });

  it('outlives a dropped bot socket (the bot redials) but not a bot that hangs up for good', async () => {
    const session = await createSession(server, orgId);
    await moveSession(server, session.id, 'ready', 'active');
    const token = await botTokenFor(session.id);
    const dropped = await BotClient.connect(server.url, token);
    dropped.send({ type: 'bot_state', state: 'speaking' });
    await dropped.roundTrip();
    dropped.socket.terminate();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const watcher = await ConsoleClient.connect(server.url, server.token);
    expect((await watcher.subscribe(session.id)).botState?.state).toBe('speaking');

    const redialled = await BotClient.connect(server.url, token);
    redialled.send({ type: 'bot_state', state: 'listening' });
    await watcher.waitFor((m) => m.type === 'bot_state' && m.state === 'listening');
    await new Promise<void>((resolve) => {
      redialled.socket.once('close', () => resolve());
      redialled.socket.close(1000, 'interview over');
    });
    await watcher.waitFor((m) => m.type === 'bot_state' && m.state === null);
    watcher.messages.length = 0;
    expect((await watcher.subscribe(session.id)).botState).toBeNull();
    await watcher.close();
  });
});
