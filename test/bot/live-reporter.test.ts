import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BotMessage } from '../../contracts/live-events.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { LiveReporter } from '../../bot/live/live-reporter.js';
import { silentLogger } from '../../bot/runtime/logger.js';

/**
 * The reporter against a scripted live-events server, to force what the real one rarely does on
 * cue: drop the connection before acking. (Against the real server, see the interview tests.)
 */
interface Connection {
  socket: WebSocket;
  received: BotMessage[];
}

let server: Server | null = null;
let wss: WebSocketServer | null = null;

async function liveServer(onMessage: (connection: Connection, message: BotMessage, index: number) => void, refuse = false): Promise<{ url: string; connections: Connection[] }> {
  const connections: Connection[] = [];
  server = createServer();
  wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (refuse || req.headers.authorization !== 'Bearer vbt_test') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss?.handleUpgrade(req, socket, head, (ws) => {
      const connection: Connection = { socket: ws, received: [] };
      connections.push(connection);
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as BotMessage;
        connection.received.push(message);
        onMessage(connection, message, connections.indexOf(connection));
      });
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/voice/ws`, connections };
}

afterEach(async () => {
  for (const client of wss?.clients ?? []) client.terminate();
  wss?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const segment = (seq: number): LiveSegment => ({ seq, speaker: seq % 2 ? 'candidate' : 'bot', text: `segment ${seq}`, startTime: seq, endTime: seq + 1, confidence: null, final: true });

const waitFor = async (check: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the live reporter', () => {
  it('resends, after a reconnect and in their order, the segments and statuses the server had not confirmed', async () => {
    const live = await liveServer((connection, message, index) => {
      if (message.type === 'heartbeat' && index > 0) connection.socket.send(JSON.stringify({ type: 'pong' }));
      if (message.type !== 'transcript_segment') return;
      // The first connection stores segment 0 only, then drops.
      if (index === 0 && message.segment.seq === 0) connection.socket.send(JSON.stringify({ type: 'ack', seq: 0, stored: true }));
      if (index === 0 && message.segment.seq === 2) connection.socket.terminate();
      if (index > 0) connection.socket.send(JSON.stringify({ type: 'ack', seq: message.segment.seq, stored: true }));
    });
    const reporter = new LiveReporter({ url: live.url, token: 'vbt_test', logger: silentLogger, heartbeatMs: 60_000 });
    await reporter.start();
    reporter.segment(segment(0));
    reporter.status('active', 'candidate joined');
    reporter.segment(segment(1));
    reporter.segment({ ...segment(99), final: false });
    reporter.segment(segment(2));
    await waitFor(() => live.connections.length === 2, 'the reconnect');
    expect(await reporter.flush(5000)).toBe(true);
    reporter.close();

    const resent = live.connections[1]?.received.filter((message) => message.type !== 'heartbeat');
    expect(resent).toEqual([
      { type: 'status', status: 'active', reason: 'candidate joined' },
      { type: 'transcript_segment', segment: segment(1) },
      { type: 'transcript_segment', segment: segment(2) },
    ]);
  });

  it('sends the bot state only on change, keeps it out of the outbox, and sends the latest once after a reconnect', async () => {
    const live = await liveServer((connection, message, index) => {
      if (message.type === 'heartbeat') connection.socket.send(JSON.stringify({ type: 'pong' }));
      if (message.type === 'transcript_segment' && index > 0) connection.socket.send(JSON.stringify({ type: 'ack', seq: message.segment.seq, stored: true }));
    });
    const reporter = new LiveReporter({ url: live.url, token: 'vbt_test', logger: silentLogger, heartbeatMs: 60_000 });
    await reporter.start();
    reporter.botState('thinking');
    reporter.botState('thinking');
    reporter.botState('speaking');
    reporter.segment(segment(0));
    reporter.botState('listening');
    await waitFor(() => live.connections[0]?.received.length === 4, 'the first messages');
    expect(live.connections[0]?.received).toEqual([
      { type: 'bot_state', state: 'thinking' },
      { type: 'bot_state', state: 'speaking' },
      { type: 'transcript_segment', segment: segment(0) },
      { type: 'bot_state', state: 'listening' },
    ]);

    live.connections[0]?.socket.terminate();
    await waitFor(() => live.connections.length === 2, 'the reconnect');
    expect(await reporter.flush(5000)).toBe(true);
    // Nothing changed while it was away: a repeat is still not sent.
    reporter.botState('listening');
    await waitFor(() => (live.connections[1]?.received.length ?? 0) >= 2, 'the resend');
    await new Promise((resolve) => setTimeout(resolve, 100));
    reporter.close();
    expect(live.connections[1]?.received).toEqual([
      { type: 'transcript_segment', segment: segment(0) },
      { type: 'bot_state', state: 'listening' },
    ]);
  });

  it('tells the bot when the server refuses its token (the session ended)', async () => {
    const live = await liveServer(() => undefined, true);
    const reporter = new LiveReporter({ url: live.url, token: 'vbt_test', logger: silentLogger });
    const reasons: string[] = [];
    reporter.rejected.add((reason) => reasons.push(reason));
    await reporter.start(2000);
    expect(reasons).toEqual(['the server refused the bot token (HTTP 401)']);
    expect(reporter.connected).toBe(false);
    reporter.segment(segment(0));
    expect(reporter.undelivered()).toEqual({ segments: [segment(0)], statuses: [], rejected: true });
    reporter.close();
  });

  it('lists what the server never confirmed (for the S3 fallback), by seq, with the statuses in order', async () => {
    const live = await liveServer((connection, message) => {
      if (message.type === 'transcript_segment' && message.segment.seq === 1) connection.socket.send(JSON.stringify({ type: 'ack', seq: 1, stored: true }));
    });
    const reporter = new LiveReporter({ url: live.url, token: 'vbt_test', logger: silentLogger, heartbeatMs: 60_000 });
    await reporter.start();
    reporter.status('active', 'candidate joined');
    for (const seq of [0, 1, 2]) reporter.segment(segment(seq));
    reporter.status('completed');
    expect(await reporter.flush(300)).toBe(false);
    reporter.close();
    expect(reporter.undelivered()).toEqual({
      segments: [segment(0), segment(2)],
      statuses: [
        { status: 'active', reason: 'candidate joined' },
        { status: 'completed', reason: null },
      ],
      rejected: false,
    });
  });
});
