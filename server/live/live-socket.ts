import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { botMessage, consoleMessage, LIVE_EVENTS_PATH, type ServerMessage } from '../../contracts/live-events.js';
import { isTerminalStatus } from '../../contracts/session.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { changeStatus, type StatusChangeEvent } from '../domain/session-lifecycle.js';
import type { StatusEvents } from '../domain/status-events.js';
import { finalizeTranscript } from '../domain/finalize-transcript.js';
import { ApiFailure } from '../http/api-failure.js';
import type { CurrentUser } from '../identity/identity-provider.js';
import type { Logger } from '../runtime/logger.js';
import { nowIso } from '../runtime/clock.js';
import type { Stores } from '../store/stores.js';
import { BotLinks, BOT_GONE_GRACE_MS } from './bot-links.js';
import type { LiveHub } from './live-hub.js';

export type LivePeer = { role: 'console'; user: CurrentUser } | { role: 'bot'; sessionId: string };

const MAX_MESSAGE_BYTES = 1024 * 1024;
const KEEPALIVE_MS = 30_000;

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function parse(data: RawData): unknown {
  try {
    return JSON.parse(data.toString()) as unknown;
  } catch {
    return undefined;
  }
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(message)'}: ${issue.message}`).join('; ');
}

/**
 * The live-events socket. Consoles subscribe to sessions and receive status changes, segments and
 * the bot's state; a bot (authenticated by its session's token) publishes them. Every final segment
 * is stored before it is acknowledged or broadcast, so what was said survives any crash after the
 * ack; the bot's state is only relayed and remembered in memory while the session is active.
 */
export class LiveSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly keepalive: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly botLinks: BotLinks;

  constructor(
    private readonly stores: Stores,
    private readonly hub: LiveHub,
    private readonly statusEvents: StatusEvents,
    private readonly logger: Logger,
    /** Told of every bot heartbeat, so a local runner knows its bot is alive. */
    private readonly onBotHeartbeat: (sessionId: string) => void = () => undefined,
    botGoneGraceMs = BOT_GONE_GRACE_MS,
  ) {
    this.botLinks = new BotLinks((sessionId) => hub.botGone(sessionId, nowIso()), botGoneGraceMs);
    this.keepalive = setInterval(() => {
      for (const socket of this.wss.clients) {
        if (!this.alive.has(socket)) {
          socket.terminate();
          continue;
        }
        this.alive.delete(socket);
        socket.ping();
      }
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  static isLivePath(url: string | undefined): boolean {
    return (url ?? '').split('?')[0] === LIVE_EVENTS_PATH;
  }

  accept(req: IncomingMessage, socket: Duplex, head: Buffer, peer: LivePeer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.alive.add(ws);
      ws.on('pong', () => this.alive.add(ws));
      ws.on('close', () => this.hub.dropSocket(ws));
      ws.on('error', (error) => this.logger.warn('live socket error', { error: error.message }));
      if (peer.role === 'console') {
        send(ws, { type: 'hello', role: 'console' });
        ws.on('message', (data) => this.guard(ws, () => this.onConsoleMessage(ws, peer.user, data)));
      } else {
        this.botLinks.connected(peer.sessionId);
        ws.on('close', (code) => this.botLinks.disconnected(peer.sessionId, code));
        send(ws, { type: 'hello', role: 'bot', sessionId: peer.sessionId });
        ws.on('message', (data) => this.guard(ws, () => this.onBotMessage(ws, peer.sessionId, data)));
      }
    });
  }

  /** Closes every socket (1001 going away) and stops the keepalive timer. */
  close(): void {
    clearInterval(this.keepalive);
    this.botLinks.close();
    for (const socket of this.wss.clients) socket.close(1001, 'server shutting down');
    this.wss.close();
  }

  private guard(ws: WebSocket, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      if (error instanceof ApiFailure) {
        send(ws, { type: 'error', code: error.code, message: error.message });
        return;
      }
      this.logger.error('live message failed', { error: error instanceof Error ? error.stack : String(error) });
      send(ws, { type: 'error', code: 'INTERNAL_ERROR', message: 'The server could not handle this message' });
    }
  }

  private onConsoleMessage(ws: WebSocket, user: CurrentUser, data: RawData): void {
    const parsed = consoleMessage.safeParse(parse(data));
    if (!parsed.success) throw new ApiFailure(400, 'VALIDATION_ERROR', `Invalid message: ${describeIssues(parsed.error)}`);
    const message = parsed.data;
    if (message.type === 'ping') {
      send(ws, { type: 'pong' });
      return;
    }
    if (message.type === 'unsubscribe') {
      this.hub.unsubscribe(message.sessionId, ws);
      send(ws, { type: 'unsubscribed', sessionId: message.sessionId });
      return;
    }
    const session = this.stores.sessions.get(message.sessionId);
    if (!session || !this.stores.memberships.roleIn(session.org_id, user.id)) {
      throw new ApiFailure(404, 'NOT_FOUND', 'Session not found');
    }
    this.hub.subscribe(session.id, ws);
    const segments: LiveSegment[] = this.stores.transcripts
      .segments(session.id)
      .map((segment) => ({ ...segment, final: true }));
    send(ws, { type: 'subscribed', sessionId: session.id, status: session.status, segments, botState: this.hub.botStateOf(session.id) });
  }

  private onBotMessage(ws: WebSocket, sessionId: string, data: RawData): void {
    const parsed = botMessage.safeParse(parse(data));
    if (!parsed.success) throw new ApiFailure(400, 'VALIDATION_ERROR', `Invalid message: ${describeIssues(parsed.error)}`);
    const message = parsed.data;
    if (message.type === 'heartbeat') {
      this.onBotHeartbeat(sessionId);
      send(ws, { type: 'pong' });
      return;
    }
    const { stores } = this;
    if (message.type === 'bot_state') {
      const session = stores.sessions.get(sessionId);
      if (!session) throw new ApiFailure(404, 'NOT_FOUND', 'Session not found');
      // A state that crosses the session's end (the bot had not heard yet) would outlive it.
      if (session.status === 'active') this.hub.botState(sessionId, message.state, nowIso());
      return;
    }
    if (message.type === 'status') {
      let event: StatusChangeEvent | null = null;
      stores.db.transaction(() => {
        const session = stores.sessions.get(sessionId);
        if (!session) throw new ApiFailure(404, 'NOT_FOUND', 'Session not found');
        if (session.status === message.status) return;
        event = changeStatus(stores, session, message.status, null, message.reason ?? 'reported by bot', nowIso());
      })();
      if (event) this.statusEvents.emit(event);
      return;
    }
    const segment = message.segment;
    if (!segment.final) {
      // Interim text is shown greyed in the console and never stored: only final words are on record.
      this.hub.segment(sessionId, segment);
      return;
    }
    const stored = stores.db.transaction(() => {
      const session = stores.sessions.get(sessionId);
      if (!session) throw new ApiFailure(404, 'NOT_FOUND', 'Session not found');
      const now = nowIso();
      const added = stores.transcripts.addSegment(sessionId, segment, now);
      // A segment that arrives after the session ended still belongs on its transcript.
      if (added && isTerminalStatus(session.status) && stores.transcripts.idForSession(sessionId)) {
        finalizeTranscript(stores, session, session.created_by, now);
      }
      return added;
    })();
    send(ws, { type: 'ack', seq: segment.seq, stored });
    if (stored) this.hub.segment(sessionId, segment);
  }
}
