import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { FakeGoTrue } from './fake-gotrue.js';

/**
 * What supabase-js talks to: one loopback origin that routes `/rest/v1/*` to PostgREST,
 * `/auth/v1/*` to the GoTrue fake and WebSocket upgrades of `/realtime/v1/*` to the Realtime fake
 * (the bytes are relayed as they are, so the fake sees the client's own handshake), like
 * Supabase's API gateway, and injects faults on request (upgrades too: refuse, status, delay):
 *  - refuse: the connection is reset before anything is forwarded;
 *  - drop-after-commit: forwarded, PostgREST commits and answers, then the connection is reset
 *    before the answer reaches the client (the lost acknowledgement);
 *  - status: answered with this status (503, 429, 500) without forwarding;
 *  - delay: forwarded after `ms`;
 *  - hold-response: forwarded at once, answered after `ms` (a kill meanwhile loses the answer);
 *  - offline(): the listener closes and every open connection (Realtime sockets included) is cut,
 *    so connects are refused, until online().
 */
export type FaultMode =
  | { kind: 'refuse' }
  | { kind: 'drop-after-commit' }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'delay'; ms: number }
  /** Forwarded at once (PostgREST commits), the answer held back for `ms`. */
  | { kind: 'hold-response'; ms: number };

export interface FaultRule {
  /** Matched against `METHOD /path` (the path as the client sent it, with /rest/v1 or /auth/v1). */
  match: RegExp;
  mode: FaultMode;
  /** How many matching requests it applies to; Infinity until cleared. */
  times: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  status: number | 'dropped' | 'refused';
  at: number;
}

export class SupabaseGateway {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private rules: FaultRule[] = [];
  readonly seen: SeenRequest[] = [];
  port = 0;

  constructor(
    private readonly postgrestUrl: string,
    private readonly gotrue: FakeGoTrue,
    /** The Realtime fake's origin; without it, upgrades are answered 404. */
    private readonly realtimeUrl: string | null = null,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.route(req, res));
    server.on('connection', (socket: Socket) => this.track(socket));
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => void this.upgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this;
  }

  fault(match: RegExp, mode: FaultMode, times = 1): void {
    this.rules.push({ match, mode, times });
  }

  clearFaults(): void {
    this.rules = [];
  }

  /** Stops listening and cuts every open connection: the desktop is offline. */
  async offline(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async online(): Promise<void> {
    if (this.server) return;
    await this.start(this.port);
  }

  get isOnline(): boolean {
    return this.server !== null;
  }

  async stop(): Promise<void> {
    await this.offline();
  }

  count(match: RegExp): number {
    return this.seen.filter((request) => match.test(`${request.method} ${request.path}`)).length;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** A WebSocket handshake: relayed byte for byte to the Realtime fake, then piped both ways. */
  private async upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const path = req.url ?? '/';
    // The query carries the apikey: only the path is recorded.
    const record: SeenRequest = { method: req.method ?? 'GET', path: path.split('?')[0] ?? path, status: 0, at: Date.now() };
    this.seen.push(record);
    socket.on('error', () => undefined);
    const answer = (status: number, text: string): void => {
      record.status = status;
      socket.end(`HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
    };
    const fault = this.takeFault(`${record.method} ${record.path}`);
    if (fault?.kind === 'refuse') {
      record.status = 'refused';
      socket.destroy();
      return;
    }
    if (fault?.kind === 'status') return answer(fault.status, 'Injected');
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (socket.destroyed) return;
    if (!this.realtimeUrl || !record.path.startsWith('/realtime/v1/')) return answer(404, 'Not Found');
    const target = new URL(this.realtimeUrl);
    const upstream = connect(Number(target.port), target.hostname);
    this.track(upstream);
    upstream.on('error', () => {
      if (record.status === 0) return answer(502, 'Bad Gateway');
      socket.destroy();
    });
    socket.once('close', () => upstream.destroy());
    upstream.once('close', () => socket.destroy());
    upstream.once('data', (chunk: Buffer) => {
      record.status = Number(chunk.toString('latin1').split(' ')[1] ?? 0);
    });
    upstream.once('connect', () => {
      const lines = [`${record.method} ${path} HTTP/${req.httpVersion}`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
  }

  private takeFault(line: string): FaultMode | null {
    const rule = this.rules.find((candidate) => candidate.times > 0 && candidate.match.test(line));
    if (!rule) return null;
    rule.times -= 1;
    return rule.mode;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const record: SeenRequest = { method, path, status: 0, at: Date.now() };
    this.seen.push(record);
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const fault = this.takeFault(`${method} ${path}`);
    if (fault?.kind === 'refuse') {
      record.status = 'refused';
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      record.status = fault.status;
      const payload = JSON.stringify({ message: `injected ${fault.status}` });
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        ...(fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {}),
      });
      res.end(payload);
      return;
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (res.destroyed || req.socket.destroyed) return;

    if (path.startsWith('/auth/v1/')) {
      await this.gotrue.handle(req, res, path.slice('/auth/v1'.length), body.toString('utf8'));
      record.status = res.statusCode;
      return;
    }
    if (!path.startsWith('/rest/v1/')) {
      record.status = 404;
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `no route for ${path}` }));
      return;
    }
    const upstream = await this.forward(req, path.slice('/rest/v1'.length), body).catch((error: unknown) => error as Error);
    if (upstream instanceof Error) {
      record.status = 502;
      if (!res.destroyed) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: upstream.message }));
      return;
    }
    if (fault?.kind === 'drop-after-commit') {
      // PostgREST answered, so its transaction committed; the client never hears about it.
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hold-response') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    record.status = upstream.status;
    if (res.destroyed) return;
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  }

  private forward(
    req: IncomingMessage,
    path: string,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const target = new URL(path, this.postgrestUrl);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name === 'host' || name === 'connection' || name === 'transfer-encoding') continue;
      headers[name] = value;
    }
    headers['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers, agent: false },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (chunk: Buffer) => parts.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const out: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value === undefined || name === 'connection' || name === 'transfer-encoding' || name === 'content-length') continue;
              out[name] = value;
            }
            resolve({ status: response.statusCode ?? 502, headers: out, body: Buffer.concat(parts) });
          });
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}
