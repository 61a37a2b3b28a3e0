import { randomUUID } from 'node:crypto';
import { FakeHttpServer, type CannedReply, type RecordedRequest } from './fake-http-server.js';

export interface FakeRoom {
  name: string;
  url: string;
  privacy: string;
  properties: Record<string, unknown>;
}

/**
 * Daily's REST API as protocols.md describes it: Bearer auth, rooms (name rules, taken names),
 * meeting tokens, `GET /` for key checks, and its error bodies.
 */
export class DailyRestFake {
  readonly rooms = new Map<string, FakeRoom>();
  readonly tokens: { token: string; properties: Record<string, unknown> }[] = [];
  readonly http: FakeHttpServer;

  constructor(readonly apiKey: string) {
    this.http = new FakeHttpServer((request) => this.handle(request));
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  get url(): string {
    return this.http.url;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  private handle(request: RecordedRequest): CannedReply {
    const auth = request.headers.authorization;
    if (!auth) return { status: 400, body: { error: 'authorization-header-error', info: 'Authorization header missing' } };
    if (auth !== `Bearer ${this.apiKey}`) return { status: 401, body: { error: 'authentication-error' } };
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (request.method === 'GET' && request.path === '/') {
      return { status: 200, body: { domain_name: 'fake-domain', domain_id: randomUUID(), config: {} } };
    }
    if (request.method === 'POST' && request.path === '/rooms') {
      const name = typeof body.name === 'string' ? body.name : `room-${randomUUID().slice(0, 8)}`;
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) return { status: 400, body: { error: 'invalid-request-error', info: `invalid room name ${name}` } };
      if (this.rooms.has(name)) return { status: 400, body: { error: 'invalid-request-error', info: `a room named ${name} already exists` } };
      const room: FakeRoom = {
        name,
        url: `https://fake-domain.daily.co/${name}`,
        privacy: String(body.privacy ?? 'public'),
        properties: (body.properties ?? {}) as Record<string, unknown>,
      };
      this.rooms.set(name, room);
      return {
        status: 200,
        body: { id: randomUUID(), name, api_created: true, privacy: room.privacy, url: room.url, created_at: new Date().toISOString(), config: room.properties },
      };
    }
    const roomMatch = /^\/rooms\/([^/]+)$/.exec(request.path);
    if (request.method === 'DELETE' && roomMatch) {
      const name = decodeURIComponent(roomMatch[1] as string);
      if (!this.rooms.delete(name)) return { status: 404, body: { error: 'not-found', info: `room ${name} not found` } };
      return { status: 200, body: { deleted: true, name } };
    }
    if (request.method === 'POST' && request.path === '/meeting-tokens') {
      const properties = (body.properties ?? {}) as Record<string, unknown>;
      if (typeof properties.room_name !== 'string' || !this.rooms.has(properties.room_name)) {
        return { status: 400, body: { error: 'invalid-request-error', info: 'room_name does not exist' } };
      }
      const token = `daily-token-${randomUUID()}`;
      this.tokens.push({ token, properties });
      return { status: 200, body: { token } };
    }
    return { status: 404, body: { error: 'not-found' } };
  }
}
