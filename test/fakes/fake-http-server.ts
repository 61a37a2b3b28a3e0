import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface CannedReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Answer only after this long (a slow or hanging provider). */
  delayMs?: number;
}

export type FakeHandler = (request: RecordedRequest) => CannedReply;

/**
 * A loopback HTTP server for provider fakes: records every request (parsed JSON body), lets a test
 * queue faults for the next calls, and answers the rest with the fake's own handler.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: { match: (request: RecordedRequest) => boolean; reply: CannedReply }[] = [];
  private server: Server | null = null;
  url = '';

  constructor(
    private readonly handler: FakeHandler,
    private readonly contentType = 'application/json',
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next request matching `match` gets `reply` instead of the normal answer (once). */
  failNext(match: (request: RecordedRequest) => boolean, reply: CannedReply): void {
    this.faults.push({ match, reply });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const request: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
    this.requests.push(request);
    const faultIndex = this.faults.findIndex((fault) => fault.match(request));
    const reply = faultIndex >= 0 ? (this.faults.splice(faultIndex, 1)[0] as { reply: CannedReply }).reply : this.handler(request);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    const payload = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': this.contentType, 'content-length': Buffer.byteLength(payload), ...reply.headers });
    res.end(payload);
  }
}
