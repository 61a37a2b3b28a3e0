import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import { LIVE_EVENTS_PATH, SESSION_ENDED_CLOSE_CODE, type ServerMessage } from '../../contracts/live-events.js';
import type { BotTokenGrant } from '../../contracts/session.js';
import type { LiveSegment, Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { LiveReporter } from '../../bot/live/live-reporter.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { BotClient, ConsoleClient, upgradeStatus } from '../support/bot-client.js';
import { createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * A bot socket must not outlive its session: once the session ends (by any path) the server closes
 * the session's bot sockets, refuses whatever a bot still sends, and the transcript built at the end
 * stays as it was.
 */
let server: ServerProcess;
let orgId: string;

beforeAll(async () => {
  // The keepalive's sweep also closes an ended session's bot sockets; kept out of the way here so
  // each test sees its own path (a message after the end is refused) and not the sweep's.
  server = await startServerProcess({ env: { VOICE_LIVE_KEEPALIVE_MS: '3600000' } });
  orgId = await myOrgId(server);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

type Closed = { code: number; reason: string };
type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;

/** Connects a bot and starts listening for its close at once, so an early close is not missed. */
async function connectBot(token: string): Promise<{ bot: BotClient; closed: Promise<Closed> }> {
  const bot = await BotClient.connect(server.url, token);
  const closed = new Promise<Closed>((resolve) => bot.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { bot, closed };
}

async function activeSessionWithToken(): Promise<{ sessionId: string; token: string }> {
  const session = await createSession(server, orgId, { candidateName: 'Late Segment Candidate' });
  await moveSession(server, session.id, 'ready', 'active');
  const grant = await server.call<ApiSuccess<BotTokenGrant>>('POST', `/api/voice/sessions/${session.id}/bot-token`);
  expect(grant.status).toBe(201);
  return { sessionId: session.id, token: grant.json.data.botToken };
}

const segment = (seq: number, text: string, final = true): LiveSegment => ({
  seq,
  speaker: seq % 2 === 0 ? 'bot' : 'candidate',
  text,
  startTime: seq * 3,
  endTime: seq * 3 + 2.5,
  confidence: 0.9,
  final,
});

async function transcriptOf(sessionId: string): Promise<Transcript | null> {
  const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${sessionId}`);
  const id = list.json.data[0]?.id;
  if (!id) return null;
  return (await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${id}`)).json.data;
}

function storedSeqs(sessionId: string): number[] {
  const db = openStore(server.dataDir);
  try {
    return (db.prepare('SELECT seq FROM voice_live_segments WHERE session_id = ? ORDER BY seq').all(sessionId) as { seq: number }[]).map((row) => row.seq);
  } finally {
    db.close();
  }
}

const endedClose: Closed = { code: SESSION_ENDED_CLOSE_CODE, reason: 'session ended' };

describe('a bot socket after its session ended', () => {
  it('is closed when the bot completes the session, the status still answered first; a segment on an older socket is never stored', async () => {
    const { sessionId, token } = await activeSessionWithToken();
    // The bot redialled once: its first socket is still open beside the current one.
    const older = await connectBot(token);
    const current = await connectBot(token);
    for (let seq = 0; seq < 3; seq++) expect(await current.bot.segment(segment(seq, `Said before the end ${seq}`))).toEqual({ stored: true });

    current.bot.send({ type: 'status', status: 'completed' });
    // A bot waits for the pong behind its status before it hangs up; it must come before the close.
    await current.bot.roundTrip();
    const before = await transcriptOf(sessionId);
    expect(before?.speakerSegments.map((s) => s.seq)).toEqual([0, 1, 2]);

    // The older socket may or may not have heard of the close when this leaves: either way the
    // segment is not taken, and if the server could still answer, it says why.
    if (older.bot.socket.readyState === WebSocket.OPEN) older.bot.send({ type: 'transcript_segment', segment: segment(3, 'Said after the end') });
    expect(await older.closed).toEqual(endedClose);
    expect(await current.closed).toEqual(endedClose);
    expect(older.bot.messages.filter((m) => m.type === 'ack')).toEqual([]);
    for (const refusal of older.bot.messages.filter((m): m is ErrorMessage => m.type === 'error')) expect(refusal.code).toBe('SESSION_ENDED');

    expect(storedSeqs(sessionId)).toEqual([0, 1, 2]);
    expect(await transcriptOf(sessionId)).toEqual(before);
    // Redialling is final too: the token died with the session.
    expect(await upgradeStatus(server.url, { authorization: `Bearer ${token}` })).toBe(401);
  });

  it('is closed when the session is cancelled through the API', async () => {
    const { sessionId, token } = await activeSessionWithToken();
    const { bot, closed } = await connectBot(token);
    expect(await bot.segment(segment(0, 'Hello and welcome'))).toEqual({ stored: true });
    const watcher = await ConsoleClient.connect(server.url, server.token);
    await watcher.subscribe(sessionId);

    await moveSession(server, sessionId, 'cancelled');
    expect(await closed).toEqual(endedClose);
    await watcher.waitFor((m) => m.type === 'session_status' && m.status === 'cancelled');
    expect(await upgradeStatus(server.url, { authorization: `Bearer ${token}` })).toBe(401);
    expect((await transcriptOf(sessionId))?.speakerSegments.map((s) => s.text)).toEqual(['Hello and welcome']);
    await watcher.close();
  });

  it('refuses a late segment with SESSION_ENDED and closes, when the session ended without telling the socket (as a sync pull does)', async () => {
    const { sessionId, token } = await activeSessionWithToken();
    const { bot, closed } = await connectBot(token);
    expect(await bot.segment(segment(0, 'Spoken while live'))).toEqual({ stored: true });
    const watcher = await ConsoleClient.connect(server.url, server.token);
    await watcher.subscribe(sessionId);

    // A sync pull writes the final status straight into the cache, with no status event and
    // without revoking this desktop's bot tokens: the socket is still open afterwards.
    const db = openStore(server.dataDir);
    try {
      db.prepare("UPDATE voice_sessions SET status = 'completed' WHERE id = ?").run(sessionId);
    } finally {
      db.close();
    }
    const before = await transcriptOf(sessionId);
    expect(bot.socket.readyState).toBe(WebSocket.OPEN);

    bot.send({ type: 'transcript_segment', segment: segment(1, 'Spoken after the end') });
    const refusal = await bot.waitFor<ErrorMessage>((m) => m.type === 'error');
    expect(refusal.code).toBe('SESSION_ENDED');
    expect(refusal.message).toContain('Segment 1');
    expect(await closed).toEqual(endedClose);
    expect(bot.messages.filter((m) => m.type === 'ack')).toEqual([]);

    expect(storedSeqs(sessionId)).toEqual([0]);
    expect(await transcriptOf(sessionId)).toEqual(before);
    // The refused words were not relayed to a console either.
    expect(watcher.messages.filter((m) => m.type === 'transcript_segment')).toEqual([]);
    watcher.messages.length = 0;
    expect((await watcher.subscribe(sessionId)).segments.map((s) => s.seq)).toEqual([0]);
    // The token was never revoked, yet the ended session refuses it.
    expect(await upgradeStatus(server.url, { authorization: `Bearer ${token}` })).toBe(401);
    await watcher.close();
  });

  it('refuses interim text and states after the end as well, and answers a heartbeat before closing', async () => {
    const { sessionId, token } = await activeSessionWithToken();
    const sockets = [await connectBot(token), await connectBot(token), await connectBot(token)];
    // The server writes the 101 before it finishes accepting (and checks the session is still live),
    // so a socket counts as accepted only once it has answered: ending the session earlier would
    // close it at accept, before any of the messages below are read.
    for (const { bot } of sockets) {
      bot.send({ type: 'heartbeat' });
      await bot.waitFor((m) => m.type === 'pong');
      bot.messages.length = 0;
    }
    const db = openStore(server.dataDir);
    try {
      db.prepare("UPDATE voice_sessions SET status = 'failed' WHERE id = ?").run(sessionId);
    } finally {
      db.close();
    }
    const [interim, state, heartbeat] = sockets as [(typeof sockets)[number], (typeof sockets)[number], (typeof sockets)[number]];
    interim.bot.send({ type: 'transcript_segment', segment: segment(0, 'half a sentence', false) });
    state.bot.send({ type: 'bot_state', state: 'speaking' });
    heartbeat.bot.send({ type: 'heartbeat' });
    expect((await interim.bot.waitFor<ErrorMessage>((m) => m.type === 'error')).code).toBe('SESSION_ENDED');
    expect((await state.bot.waitFor<ErrorMessage>((m) => m.type === 'error')).code).toBe('SESSION_ENDED');
    await heartbeat.bot.waitFor((m) => m.type === 'pong');
    for (const socket of sockets) expect(await socket.closed).toEqual(endedClose);
    expect(storedSeqs(sessionId)).toEqual([]);
  });

  it("ends the bot's own reporter for good: it redials once, its token is refused, and it stops", async () => {
    const { sessionId, token } = await activeSessionWithToken();
    const reporter = new LiveReporter({ url: `${server.url}${LIVE_EVENTS_PATH}`, token, logger: silentLogger });
    const refused = new Promise<string>((resolve) => reporter.rejected.add(resolve));
    try {
      await reporter.start();
      expect(reporter.connected).toBe(true);
      await moveSession(server, sessionId, 'cancelled');
      await refused;
      expect(reporter.connected).toBe(false);
    } finally {
      reporter.close();
    }
  });
});

describe('the keepalive sweep', () => {
  it('closes the bot sockets of a session that ended without a status event (as a sync pull ends one), with nothing sent', async () => {
    const swept = await startServerProcess({ env: { VOICE_LIVE_KEEPALIVE_MS: '200' } });
    try {
      const sweptOrg = await myOrgId(swept);
      const session = await createSession(swept, sweptOrg, { candidateName: 'Swept Candidate' });
      await moveSession(swept, session.id, 'ready', 'active');
      const grant = await swept.call<ApiSuccess<BotTokenGrant>>('POST', `/api/voice/sessions/${session.id}/bot-token`);
      const bot = await BotClient.connect(swept.url, grant.json.data.botToken);
      const closed = new Promise<Closed>((resolve) => bot.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      const db = openStore(swept.dataDir);
      try {
        db.prepare("UPDATE voice_sessions SET status = 'completed' WHERE id = ?").run(session.id);
      } finally {
        db.close();
      }
      expect(await closed).toEqual(endedClose);
      expect(bot.messages.filter((m) => m.type === 'error')).toEqual([]);
    } finally {
      await swept.stop();
      removeDataDir(swept.dataDir);
    }
  });
});
