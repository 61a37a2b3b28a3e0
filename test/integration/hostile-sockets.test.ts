import { connect, type Socket } from 'node:net';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_EVENTS_PATH } from '../../contracts/live-events.js';
import { eventually } from '../support/eventually.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * Sockets that never authenticate must not exhaust the server: with a small cap set for the test,
 * a few hundred idle connections leave at most the cap open, the console keeps answering, an
 * authenticated live socket survives the flood, and anonymous sockets are closed after a short
 * deadline. A client that abandons an upload is not a server error.
 */

const CAP = 20;
const FLOOD = 300;

function openIdleSocket(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

describe('hostile sockets', () => {
  let server: ServerProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startServerProcess({ env: { VOICE_MAX_CONNECTIONS: String(CAP), VOICE_UNAUTHENTICATED_SOCKET_MS: '3000' } });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    if (!server) return;
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it(`${FLOOD} idle sockets leave at most ${CAP} open, and an authenticated live socket and the API keep working`, async () => {
    const port = Number(new URL(server.url).port);
    const live = new WebSocket(server.url.replace(/^http/, 'ws') + LIVE_EVENTS_PATH, { headers: { authorization: `Bearer ${server.token}` } });
    await new Promise<void>((resolve, reject) => {
      live.once('open', () => resolve());
      live.once('error', reject);
    });

    let closedCount = 0;
    const closings: Promise<void>[] = [];
    for (let i = 0; i < FLOOD; i += 1) {
      // A socket the server refused at once may reset before it connects; that is a closed one too.
      const opened = await openIdleSocket(port).catch(() => null);
      if (!opened) {
        closedCount += 1;
        continue;
      }
      sockets.push(opened.socket);
      closings.push(opened.closed.then(() => void (closedCount += 1)));
    }
    await eventually(() => (closedCount >= FLOOD - CAP ? true : undefined), `at least ${FLOOD - CAP} of ${FLOOD} idle sockets closed by the server`);
    expect(FLOOD - closedCount).toBeLessThanOrEqual(CAP);

    const me = await server.call('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(live.readyState, 'the authenticated live socket was not evicted').toBe(WebSocket.OPEN);

    // The anonymous ones left over are closed after their short deadline, with nothing sent by us.
    await Promise.all(closings);
    expect(closedCount).toBe(FLOOD);
    expect(live.readyState, 'the deadline is for anonymous sockets only').toBe(WebSocket.OPEN);
    live.close();
  });

  it('an upload the client abandons is logged as an abort, not as an error with a stack', async () => {
    const url = new URL(server.url);
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/voice/sessions',
        agent: false,
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', 'content-length': '100000' },
      });
      req.on('error', () => resolve());
      req.write('{"orgId":"', () => setTimeout(() => req.destroy(), 100));
    });
    await eventually(() => (server.stderrText().includes('request aborted by the client') ? true : undefined), 'the abort in the log');
    expect(server.stderrText()).not.toContain('"level":"error"');
  });
});
