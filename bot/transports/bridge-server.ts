import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { WebSocketServer } from 'ws';
import { Listeners } from '../runtime/listeners.js';
import type { Logger } from '../runtime/logger.js';
import { BridgeConnection } from './bridge-connection.js';
import { BRIDGE_PATH } from './bridge-protocol.js';
import { pageContentTypes, resolvePageDir } from './page-assets.js';

export interface BridgeServerOptions {
  host?: string;
  port?: number;
  pageDir?: string;
  logger: Logger;
}

const pages: Record<string, string> = { '/rehearse': 'rehearsal.html', '/daily': 'daily.html' };
const MAX_AUDIO_MESSAGE_BYTES = 256 * 1024;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Serves the bridge pages and accepts their audio socket, on loopback only. A page proves it was
 * opened by us with a per-run key (carried in the URL fragment, so it is never sent in a request
 * line or a Referer); the socket also checks Host (DNS rebinding) and Origin (other sites).
 */
export class BridgeServer {
  readonly connections = new Listeners<BridgeConnection>();
  readonly key = randomBytes(24).toString('base64url');
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_AUDIO_MESSAGE_BYTES });
  private readonly pageDir: string;
  private port = 0;

  constructor(private readonly options: BridgeServerOptions) {
    this.pageDir = resolvePageDir(options.pageDir);
    this.server = createServer((req, res) => void this.serve(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket, head) => {
      const url = new URL(req.url ?? '/', this.origin);
      const key = url.searchParams.get('key') ?? '';
      const trusted = url.pathname === BRIDGE_PATH && sameSecret(key, this.key) && this.isOwnHost(req) && this.isOwnOrigin(req);
      if (!trusted) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connections.emit(new BridgeConnection(ws, options.logger)));
    });
  }

  get origin(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.port}`;
  }

  /** The page's address, with the key in the fragment. */
  pageUrl(page: 'rehearse' | 'daily'): string {
    return `${this.origin}/${page}#key=${this.key}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private isOwnHost(req: IncomingMessage): boolean {
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${this.port}` || host === `localhost:${this.port}`;
  }

  private isOwnOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${this.port}` || origin === `http://localhost:${this.port}`;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.origin).pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = pages[path] ?? (/^\/page\/[\w.-]+\.(js|css|map)$/.test(path) ? path.slice('/page/'.length) : null);
    if (req.method !== 'GET' || !file || !this.isOwnHost(req)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    try {
      const body = await readFile(join(this.pageDir, file));
      res.writeHead(200, {
        'content-type': pageContentTypes[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  }
}
