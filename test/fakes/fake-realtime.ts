import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  decodeBinary,
  decodeText,
  encodeText,
  encodeUserBroadcast,
  FrameError,
  isUserBroadcast,
  userBroadcastAsJson,
  type InboundMessage,
  type JsonObject,
  type JsonValue,
  type OutboundMessage,
  type UserBroadcast,
  type Vsn,
} from './realtime/phoenix-frames.js';
import { PresenceRegistry } from './realtime/presence-registry.js';
import { broadcastWritePolicy, readPolicies, verifyRealtimeToken, type RealtimeClaims } from './realtime/realtime-authorization.js';

/**
 * A local Supabase Realtime: Phoenix channels over WebSocket at `/realtime/v1/websocket?apikey=
 * ANON&vsn=2.0.0` (or 1.0.0), answering supabase-js's realtime-js as the service does:
 *  - the upgrade is refused (403) unless `apikey` is a valid JWT of the project's secret;
 *  - `phx_join` on `realtime:TOPIC` with its config (broadcast self/ack, presence key/enabled,
 *    postgres_changes, private) and the user's access_token, answered by `phx_reply` ok with
 *    `{postgres_changes: []}` or error `{reason}` in Realtime's words; a private join is authorized
 *    by the user's RLS on realtime.messages (see realtime-authorization.ts);
 *  - `heartbeat` on `phoenix`, `access_token` (re-verified; a bad or revoked one shuts the channel
 *    with a `system` error and `phx_close`), `phx_leave` (ok, then `phx_close`);
 *  - client broadcasts (JSON text or the vsn 2.0.0 binary push) relayed to the joins of the same
 *    topic and privacy, to the sender only with `self`, acknowledged only with `ack`; on a private
 *    channel only with an INSERT policy, and only to joins that may read;
 *  - database broadcasts: each row committed to realtime.messages (realtime.send) goes to the joins
 *    of its topic with the same privacy (private ones only if authorized), as `broadcast` with
 *    `meta.id`;
 *  - presence track/untrack with `presence_state` / `presence_diff`.
 * `postgres_changes` is not served: a join asking for it is refused with a reason that says so.
 * Fault controls: dropAll() cuts every socket (clients reconnect and rejoin), offline()/online().
 */
export interface FakeRealtimeOptions {
  /** The project's JWT secret: the apikey and every access token must be signed with it. */
  jwtSecret: string;
  /** A superuser URL of the project's Postgres: LISTEN for database broadcasts, authorization probes. */
  databaseUrl: string;
  port?: number;
}

/** What the wire carried, without payloads or tokens (tests assert on framing and routing). */
export interface WireRecord {
  connection: number;
  direction: 'in' | 'out';
  kind: 'text' | 'binary';
  topic: string;
  event: string;
}

export interface JoinRecord {
  connection: number;
  topic: string;
  private: boolean;
  /** The token's `sub` (a user id), or its role when it has none. */
  subject: string;
  outcome: 'ok' | 'error';
  reason?: string;
}

interface ChannelJoin {
  id: string;
  topic: string;
  subTopic: string;
  joinRef: string;
  private: boolean;
  self: boolean;
  ack: boolean;
  presenceKey: string;
  presenceEnabled: boolean;
  claims: RealtimeClaims;
  accessToken: string;
  canReadBroadcast: boolean;
  /** Decided on the first client broadcast of a private channel, as Realtime does. */
  canWriteBroadcast: boolean | null;
}

interface Connection {
  id: number;
  ws: WebSocket;
  vsn: Vsn;
  apikey: string;
  joins: Map<string, ChannelJoin>;
  /** Per-topic queues: a join's authorization is async, later pushes on that topic wait for it. */
  queues: Map<string, Promise<void>>;
}

const WEBSOCKET_PATH = '/realtime/v1/websocket';
export const REALTIME_NOTIFY_CHANNEL = 'test_stack_realtime_messages';

export class FakeRealtime {
  readonly wire: WireRecord[] = [];
  readonly joinRecords: JoinRecord[] = [];
  /** Database broadcasts delivered, by message id (in order of delivery). */
  readonly databaseBroadcasts: { id: string; topic: string; event: string; recipients: number }[] = [];
  /** Failures of the fake's own machinery (a test may assert it stayed empty). */
  readonly errors: string[] = [];
  port = 0;

  private server: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly rawSockets = new Set<Socket>();
  private readonly presence = new PresenceRegistry();
  private pool: pg.Pool | null = null;
  private listener: pg.Client | null = null;
  private deliveries: Promise<void> = Promise.resolve();
  private nextConnectionId = 1;
  private stopped = false;

  constructor(private readonly options: FakeRealtimeOptions) {}

  /** The origin that serves /realtime/v1/websocket (supabase-js derives the ws:// URL from it). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isOnline(): boolean {
    return this.server !== null;
  }

  /** Open sockets right now. */
  get connectionCount(): number {
    return this.connections.size;
  }

  async start(): Promise<this> {
    this.pool = new pg.Pool({ connectionString: this.options.databaseUrl, max: 4 });
    this.pool.on('error', (error) => this.errors.push(`pool: ${error.message}`));
    const listener = new pg.Client({ connectionString: this.options.databaseUrl });
    listener.on('error', (error) => this.errors.push(`listener: ${error.message}`));
    listener.on('notification', (message) => {
      if (message.channel === REALTIME_NOTIFY_CHANNEL && message.payload) this.queueDatabaseBroadcast(message.payload);
    });
    await listener.connect();
    await listener.query(`LISTEN ${REALTIME_NOTIFY_CHANNEL}`);
    this.listener = listener;
    await this.listen(this.options.port ?? 0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.offline();
    await this.deliveries;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
    this.wss.close();
  }

  /** Cuts every socket without a close handshake (a network drop or a Realtime restart). */
  dropAll(): void {
    for (const connection of this.connections) connection.ws.terminate();
    for (const socket of this.rawSockets) socket.destroy();
  }

  /** Stops listening and cuts every socket: connects are refused until online(). */
  async offline(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.dropAll();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async online(): Promise<void> {
    if (this.server || this.stopped) return;
    await this.listen(this.port);
  }

  /** Joins currently open on `topic` (without the `realtime:` prefix). */
  joinedCount(topic: string, options: { private?: boolean } = {}): number {
    let count = 0;
    for (const connection of this.connections) {
      for (const join of connection.joins.values()) {
        if (join.subTopic === topic && (options.private === undefined || join.private === options.private)) count += 1;
      }
    }
    return count;
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      // Realtime's HTTP API (broadcast over REST) is not part of this stand-in.
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'not served by the test Realtime' }));
    });
    server.on('connection', (socket: Socket) => {
      this.rawSockets.add(socket);
      socket.once('close', () => this.rawSockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => void this.upgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  private async upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://realtime.local');
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
    };
    if (url.pathname !== WEBSOCKET_PATH) return refuse(404, 'Not Found');
    const vsnParam = url.searchParams.get('vsn') ?? '1.0.0';
    if (vsnParam !== '1.0.0' && vsnParam !== '2.0.0') return refuse(400, 'Bad Request');
    const apikey = url.searchParams.get('apikey') ?? req.headers['x-api-key']?.toString() ?? '';
    const check = await verifyRealtimeToken(apikey, this.options.jwtSecret);
    if (!check.ok) return refuse(403, 'Forbidden');
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, vsnParam, apikey));
  }

  private accept(ws: WebSocket, vsn: Vsn, apikey: string): void {
    const connection: Connection = { id: this.nextConnectionId++, ws, vsn, apikey, joins: new Map(), queues: new Map() };
    this.connections.add(connection);
    ws.on('message', (data: RawData, isBinary: boolean) => this.receive(connection, data, isBinary));
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.connections.delete(connection);
      for (const join of connection.joins.values()) this.untrackPresence(join);
      connection.joins.clear();
    });
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    let message: InboundMessage;
    try {
      // Realtime has no binary frames in vsn 1.0.0: its V1 serializer cannot decode them.
      if (isBinary && connection.vsn === '1.0.0') throw new FrameError('binary frame on a vsn 1.0.0 socket');
      message = isBinary ? decodeBinary(bytes) : decodeText(bytes.toString('utf8'), connection.vsn);
    } catch (error) {
      // Phoenix's socket process crashes on a frame it cannot decode: the client sees a close.
      this.errors.push(`connection ${connection.id}: ${(error as Error).message}`);
      connection.ws.close(1011, 'invalid frame');
      return;
    }
    this.wire.push({ connection: connection.id, direction: 'in', kind: isBinary ? 'binary' : 'text', topic: message.topic, event: message.event });
    const previous = connection.queues.get(message.topic) ?? Promise.resolve();
    const next = previous
      .then(() => this.handle(connection, message))
      .catch((error: unknown) => {
        this.errors.push(`connection ${connection.id} ${message.topic} ${message.event}: ${String(error)}`);
      });
    connection.queues.set(message.topic, next);
  }

  private send(connection: Connection, message: OutboundMessage): void {
    if (connection.ws.readyState !== connection.ws.OPEN) return;
    this.wire.push({ connection: connection.id, direction: 'out', kind: 'text', topic: message.topic, event: message.event });
    connection.ws.send(encodeText(message, connection.vsn));
  }

  private reply(connection: Connection, message: InboundMessage, status: 'ok' | 'error', response: JsonObject): void {
    this.send(connection, { joinRef: message.joinRef, ref: message.ref, topic: message.topic, event: 'phx_reply', payload: { status, response } });
  }

  private async handle(connection: Connection, message: InboundMessage): Promise<void> {
    if (message.topic === 'phoenix') {
      if (message.event === 'heartbeat') this.reply(connection, message, 'ok', {});
      return;
    }
    if (message.event === 'phx_join') return this.join(connection, message);
    const join = connection.joins.get(message.topic);
    // Phoenix answers a push to a topic this socket has not joined (or joined under another ref).
    if (!join || (message.joinRef !== null && message.joinRef !== join.joinRef)) {
      if (message.ref !== null) this.reply(connection, message, 'error', { reason: 'unmatched topic' });
      return;
    }
    const payload = message.payload;
    if (message.event === 'phx_leave') {
      this.reply(connection, message, 'ok', {});
      this.close(connection, join);
      return;
    }
    if (isUserBroadcast(payload)) return this.clientBroadcast(connection, join, message, payload);
    if (message.event === 'broadcast') return this.clientBroadcast(connection, join, message, payload);
    if (message.event === 'access_token') return this.refreshToken(connection, join, payload);
    if (message.event === 'presence') return this.presenceEvent(connection, join, message, payload);
    // Realtime ignores other events from clients (it only logs them).
  }

  private async join(connection: Connection, message: InboundMessage): Promise<void> {
    const payload = isUserBroadcast(message.payload) ? {} : message.payload;
    const fail = (reason: string, subject = 'unknown', isPrivate = false): void => {
      this.joinRecords.push({ connection: connection.id, topic: message.topic, private: isPrivate, subject, outcome: 'error', reason });
      this.reply(connection, message, 'error', { reason });
    };
    if (!message.topic.startsWith('realtime:')) return fail('unmatched topic');
    const subTopic = message.topic.slice('realtime:'.length);
    if (subTopic === '') return fail('TopicNameRequired: You must provide a topic name');
    if (message.joinRef === null) return fail('join_ref is required');

    // Phoenix: a second join of a topic on the same socket closes the first.
    const existing = connection.joins.get(message.topic);
    if (existing) this.close(connection, existing);

    const config = objectAt(payload, 'config');
    const broadcast = objectAt(config, 'broadcast');
    const presence = objectAt(config, 'presence');
    const isPrivate = config.private === true;
    const given = stringAt(payload, 'access_token') ?? stringAt(payload, 'user_token');
    // An `sb_` key is not a JWT: Realtime then uses the socket's apikey.
    const accessToken = given && !given.startsWith('sb_') ? given : connection.apikey;
    const token = await verifyRealtimeToken(accessToken, this.options.jwtSecret);
    if (!token.ok) return fail(token.reason, 'unknown', isPrivate);
    const subject = typeof token.claims.sub === 'string' ? token.claims.sub : token.claims.role;

    const postgresChanges = Array.isArray(config.postgres_changes) ? config.postgres_changes.filter((entry) => entry !== null) : [];
    if (postgresChanges.length > 0) {
      return fail('PostgresChangesUnsupported: the test Realtime serves broadcast and presence only; use a database broadcast (realtime.send)', subject, isPrivate);
    }

    let canReadBroadcast = true;
    if (isPrivate) {
      const pool = this.requirePool();
      const policies = await readPolicies(pool, subTopic, token.claims);
      if (!policies.broadcast && !policies.presence) {
        return fail(`Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`, subject, true);
      }
      canReadBroadcast = policies.broadcast;
    }
    if (connection.ws.readyState !== connection.ws.OPEN) return;

    const join: ChannelJoin = {
      id: randomUUID(),
      topic: message.topic,
      subTopic,
      joinRef: message.joinRef,
      private: isPrivate,
      self: broadcast.self === true,
      ack: broadcast.ack === true,
      presenceKey: typeof presence.key === 'string' && presence.key !== '' ? presence.key : randomUUID(),
      presenceEnabled: presence.enabled === true,
      claims: token.claims,
      accessToken,
      canReadBroadcast,
      canWriteBroadcast: null,
    };
    connection.joins.set(message.topic, join);
    this.joinRecords.push({ connection: connection.id, topic: message.topic, private: isPrivate, subject, outcome: 'ok' });
    this.reply(connection, message, 'ok', { postgres_changes: [] });
    if (join.presenceEnabled) {
      this.send(connection, { joinRef: join.joinRef, ref: null, topic: join.topic, event: 'presence_state', payload: this.presence.state(channelKey(join)) });
    }
  }

  /** The channel ends on the server: Phoenix tells the client with `phx_close` (ref = join_ref). */
  private close(connection: Connection, join: ChannelJoin): void {
    this.untrackPresence(join);
    connection.joins.delete(join.topic);
    this.send(connection, { joinRef: join.joinRef, ref: join.joinRef, topic: join.topic, event: 'phx_close', payload: {} });
  }

  /** Realtime's shutdown_response: a `system` error, then the channel stops. */
  private shutdown(connection: Connection, join: ChannelJoin, message: string): void {
    this.send(connection, {
      joinRef: join.joinRef,
      ref: null,
      topic: join.topic,
      event: 'system',
      payload: { extension: 'system', status: 'error', message, channel: join.subTopic },
    });
    this.close(connection, join);
  }

  private async refreshToken(connection: Connection, join: ChannelJoin, payload: JsonObject): Promise<void> {
    const token = stringAt(payload, 'access_token');
    if (!token || token.startsWith('sb_') || token === join.accessToken) return;
    const check = await verifyRealtimeToken(token, this.options.jwtSecret);
    if (!check.ok) return this.shutdown(connection, join, check.reason.replace(/^[A-Za-z]+: /, ''));
    if (join.private) {
      const policies = await readPolicies(this.requirePool(), join.subTopic, check.claims);
      if (join.canReadBroadcast && !policies.broadcast) {
        return this.shutdown(connection, join, `You no longer have permission to read from this Channel topic: ${join.subTopic}`);
      }
      join.canReadBroadcast = policies.broadcast;
      join.canWriteBroadcast = null;
    }
    join.claims = check.claims;
    join.accessToken = token;
  }

  private async clientBroadcast(connection: Connection, join: ChannelJoin, message: InboundMessage, payload: JsonObject | UserBroadcast): Promise<void> {
    if (join.private) {
      join.canWriteBroadcast ??= await broadcastWritePolicy(this.requirePool(), join.subTopic, join.claims);
      // Realtime drops it without an answer (an `ack` sender times out).
      if (!join.canWriteBroadcast) return;
    }
    for (const target of this.connections) {
      for (const other of target.joins.values()) {
        if (other.subTopic !== join.subTopic || other.private !== join.private) continue;
        if (other === join && !join.self) continue;
        if (other.private && !other.canReadBroadcast) continue;
        this.deliverBroadcast(target, other, payload);
      }
    }
    if (join.ack) this.reply(connection, message, 'ok', {});
  }

  private deliverBroadcast(connection: Connection, join: ChannelJoin, payload: JsonObject | UserBroadcast): void {
    if (!isUserBroadcast(payload)) {
      this.send(connection, { joinRef: null, ref: null, topic: join.topic, event: 'broadcast', payload });
      return;
    }
    if (connection.vsn === '2.0.0') {
      if (connection.ws.readyState !== connection.ws.OPEN) return;
      this.wire.push({ connection: connection.id, direction: 'out', kind: 'binary', topic: join.topic, event: 'broadcast' });
      connection.ws.send(encodeUserBroadcast(join.topic, payload));
      return;
    }
    const json = userBroadcastAsJson(payload);
    if (json) this.send(connection, { joinRef: null, ref: null, topic: join.topic, event: 'broadcast', payload: json });
  }

  private presenceEvent(connection: Connection, join: ChannelJoin, message: InboundMessage, payload: JsonObject): void {
    const event = payload.event;
    let diff = null;
    if (event === 'track') {
      const meta = payload.payload;
      if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
        this.reply(connection, message, 'error', { reason: 'Presence track payload must be a map' });
        return;
      }
      join.presenceEnabled = true;
      diff = this.presence.track(channelKey(join), join.id, join.presenceKey, meta);
    } else if (event === 'untrack') {
      diff = this.presence.untrack(channelKey(join), join.id);
    } else {
      this.reply(connection, message, 'error', { reason: `unknown presence event ${String(event)}` });
      return;
    }
    this.reply(connection, message, 'ok', {});
    if (diff) this.sendPresenceDiff(join, { joins: diff.joins, leaves: diff.leaves });
  }

  private untrackPresence(join: ChannelJoin): void {
    const diff = this.presence.untrack(channelKey(join), join.id);
    if (diff) this.sendPresenceDiff(join, { joins: diff.joins, leaves: diff.leaves });
  }

  private sendPresenceDiff(from: ChannelJoin, diff: JsonObject): void {
    for (const target of this.connections) {
      for (const other of target.joins.values()) {
        if (channelKey(other) !== channelKey(from) || !other.presenceEnabled) continue;
        this.send(target, { joinRef: null, ref: null, topic: other.topic, event: 'presence_diff', payload: diff });
      }
    }
  }

  private queueDatabaseBroadcast(id: string): void {
    // One at a time, in commit order: clients see database broadcasts in the order they committed.
    this.deliveries = this.deliveries
      .then(() => this.deliverDatabaseBroadcast(id))
      .catch((error: unknown) => {
        this.errors.push(`database broadcast ${id}: ${String(error)}`);
      });
  }

  private async deliverDatabaseBroadcast(id: string): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    const { rows } = await pool.query<{ topic: string; extension: string; event: string | null; payload: JsonValue; private: boolean | null }>(
      'SELECT topic, extension, event, payload, private FROM realtime.messages WHERE id = $1',
      [id],
    );
    const row = rows[0];
    // Realtime broadcasts rows that have a topic, an event and a payload; others are logged and dropped.
    if (!row || row.extension !== 'broadcast' || row.event === null || row.payload === null) return;
    const isPrivate = row.private === true;
    const payload: JsonObject = { payload: row.payload, event: row.event, type: 'broadcast', meta: { id } };
    let recipients = 0;
    for (const connection of this.connections) {
      for (const join of connection.joins.values()) {
        if (join.subTopic !== row.topic || join.private !== isPrivate) continue;
        if (join.private && !join.canReadBroadcast) continue;
        this.send(connection, { joinRef: null, ref: null, topic: join.topic, event: 'broadcast', payload });
        recipients += 1;
      }
    }
    this.databaseBroadcasts.push({ id, topic: row.topic, event: row.event, recipients });
  }

  private requirePool(): pg.Pool {
    if (!this.pool) throw new Error('the test Realtime is not started');
    return this.pool;
  }
}

function channelKey(join: ChannelJoin): string {
  return `${join.private ? 'private' : 'public'}:${join.subTopic}`;
}

function objectAt(value: JsonObject, key: string): JsonObject {
  const found = value[key];
  return typeof found === 'object' && found !== null && !Array.isArray(found) ? found : {};
}

function stringAt(value: JsonObject, key: string): string | null {
  const found = value[key];
  return typeof found === 'string' ? found : null;
}
