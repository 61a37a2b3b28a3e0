import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeepAliveConnection } from '../bench/keep-alive-connection.js';

// The bench's load generator reads replies itself; a misread reply would make its figures meaningless.
let server: Server | null = null;
const connections: KeepAliveConnection[] = [];
const sockets = new Set<string>();

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.close();
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<KeepAliveConnection> {
  server = createServer((req, res) => {
    sockets.add(`${req.socket.remotePort}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const connection = new KeepAliveConnection('127.0.0.1', port, `Host: 127.0.0.1:${port}\r\nAuthorization: Bearer t0ken\r\n`);
  connections.push(connection);
  return connection;
}

const never = (): boolean => false;
const always = (): boolean => true;

describe('KeepAliveConnection', () => {
  it('reads Content-Length replies back to back on one socket, sending the given headers', async () => {
    const seen: string[] = [];
    const connection = await serve((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      const body = 'x'.repeat(200_000);
      res.writeHead(200, { 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    for (let i = 0; i < 5; i++) expect(await connection.get(`/list?page=${i}`, never)).toEqual({ status: 200, body: null });
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `/list?page=${i} Bearer t0ken`));
    expect(sockets.size).toBe(1);
  });

  it('reads chunked replies, including chunks split across packets, and keeps a sample of an error body', async () => {
    const connection = await serve((req, res) => {
      const status = req.url === '/bad' ? 500 : 206;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.write('{"message":');
      setTimeout(() => {
        res.write(`"${'y'.repeat(70_000)}"`);
        res.end('}');
      }, 5);
    });
    expect(await connection.get('/ok', never)).toEqual({ status: 206, body: null });
    const failed = await connection.get('/bad', always);
    expect(failed.status).toBe(500);
    expect(failed.body?.startsWith('{"message":"yyy')).toBe(true);
    expect(failed.body?.length).toBe(300);
    expect(await connection.get('/ok', never)).toEqual({ status: 206, body: null });
    expect(sockets.size).toBe(1);
  });

  it('opens a new socket after a reply that says Connection: close', async () => {
    const connection = await serve((_req, res) => {
      res.writeHead(401, { 'content-length': 2, connection: 'close' });
      res.end('no');
    });
    expect(await connection.get('/a', always)).toEqual({ status: 401, body: 'no' });
    expect(await connection.get('/b', always)).toEqual({ status: 401, body: 'no' });
    expect(sockets.size).toBe(2);
  });

  it('rejects a request whose socket is closed before the reply is complete', async () => {
    const connection = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 5);
    });
    await expect(connection.get('/cut', never)).rejects.toThrow(/closed the connection/);
  });
});
