import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  botMessage,
  consoleMessage,
  LIVE_EVENTS_PATH,
  SESSION_ENDED_CLOSE_CODE,
  type BotMessage,
  type ServerMessage,
} from '../../contracts/live-events.js';
import { isTerminalStatus } from '../../contracts/session.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { DomainError } from '../domain/domain-error.js';
import type { StatusEvents } from '../domain/status-events.js';
import { transition, type ChangeStatus } from '../domain/transition.js';
import { ApiFailure } from '../http/api-failure.js';
import type { CurrentUser } from '../identity/identity-provider.js';
import type { Logger } from '../runtime/logger.js';
import { nowIso } from '../runtime/clock.js';
import type { SessionChanges, StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';
import { BotLinks, BOT_GONE_GRACE_MS } from './bot-links.js';
import type { LiveHub } from './live-hub.js';

export type LivePeer = { role: 'console'; user: CurrentUser } | { role: 'bot'; sessionId: string };

const MAX_MESSAGE_BYTES = 1024 * 1024;
const KEEPALIVE_MS = 30_000;
const SESSION_ENDED_REASON = 'session ended';

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

function describeBotMessage(message: BotMessage): string {
  if (message.type === 'transcript_segment') return `Segment ${message.segment.seq}`;
  if (message.type === 'status') return `Status ${message.status}`;
  return message.type === 'bot_state' ? 'Bot state' : 'Heartbeat';
}

/**
 * The live-events socket. Consoles subscribe to sessions and receive status changes, segments and
 * the bot's state; a bot (authenticated by its session's token) publishes them. Every final segment
 * is stored before it is acknowledged or broadcast, so what was said survives any crash after the
 * ack; the bot's state is only relayed and remembered in memory while the session is active.
 *
 * A session's bot sockets live no longer than the session: when it ends (by any path) they are
 * closed with SESSION_ENDED_CLOSE_CODE, and anything a bot still sends after the end is refused
 * with SESSION_ENDED, so a late segment never reaches the transcript built at the end. Each bot
 * message costs the same however long the transcript is: a segment is one row appended.
 */
export class LiveSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly keepalive: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly botLinks: BotLinks;
  /** Open bot sockets by session, to close them when the session ends. */
  private readonly botSockets = new Map<string, Set<WebSocket>>();

  constructor(
    private readonly stores: Stores,
    private readonly hub: LiveHub,
    private readonly statusEvents: StatusEvents,
    private readonly logger: Logger,
    /** Told of every bot heartbeat, so a local runner knows its bot is alive. */
    private readonly onBotHeartbeat: (sessionId: string) => void = () => undefined,
    botGoneGraceMs = BOT_GONE_GRACE_MS,
    /** How often sockets are pinged and the bot sockets of sessions ended elsewhere are closed. */
    keepaliveMs = KEEPALIVE_MS,
  ) {
    this.botLinks = new BotLinks((sessionId) => hub.botGone(sessionId, nowIso()), botGoneGraceMs);
    statusEvents.on((event) => {
      if (isTerminalStatus(event.status)) this.closeBotSockets(event.sessionId);
    });
    this.keepalive = setInterval(() => {
      // A session can also end without a status event (a sync pull brings the final status).
      this.closeSocketsOfEndedSessions();
      for (const socket of this.wss.clients) {
        if (!this.alive.has(socket)) {
          socket.terminate();
          continue;
        }
        this.alive.delete(socket);
        socket.ping();
      }
    }, keepaliveMs);
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
        this.trackBotSocket(peer.sessionId, ws);
        ws.on('close', (code) => {
          this.untrackBotSocket(peer.sessionId, ws);
          this.botLinks.disconnected(peer.sessionId, code);
        });
        send(ws, { type: 'hello', role: 'bot', sessionId: peer.sessionId });
        ws.on('message', (data) => this.guard(ws, () => this.onBotMessage(ws, peer.sessionId, data)));
        // The session may have ended while the handshake was completing, after its sockets were closed.
        if (!this.isLive(peer.sessionId)) ws.close(SESSION_ENDED_CLOSE_CODE, SESSION_ENDED_REASON);
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
      if (error instanceof DomainError) {
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
    if (!session || !this.stores.memberships.roleIn(session.orgId, user.id)) {
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
    const { stores } = this;
    const session = stores.sessions.get(sessionId);
    if (!session || isTerminalStatus(session.status)) {
      this.refuseAfterEnd(ws, message, session ? `the session is ${session.status}` : 'the session no longer exists');
      return;
    }
    if (message.type === 'heartbeat') {
      this.onBotHeartbeat(sessionId);
      send(ws, { type: 'pong' });
      return;
    }
    if (message.type === 'bot_state') {
      // A state from before the call started describes nothing a console shows.
      if (session.status === 'active') this.hub.botState(sessionId, message.state, nowIso());
      return;
    }
    if (message.type === 'status') {
      // The bot's quality figures come with its final status and are kept on the session (synced with it).
      // So does the consent outcome (the bot reports a "yes" at once, with the status it already has).
      const quality = (current: StoredVoiceSession): Pick<SessionChanges, 'sessionMetadata'> =>
        message.quality || message.consent
          ? {
              sessionMetadata: {
                ...current.sessionMetadata,
                ...(message.quality ? { quality: message.quality } : {}),
                // Stamped with the config version the session runs: what the candidate was told.
                ...(message.consent ? { consent: { ...message.consent, configVersion: current.configVersion } } : {}),
              },
            }
          : {};
      // Announced after the commit (transition); the pong below still goes first, as listeners run after this turn.
      const event = this.whileLive(sessionId, (current, change) => {
        if (current.status !== message.status) return change(current, message.status, null, message.reason ?? 'reported by bot', nowIso(), quality(current));
        if (message.consent) stores.sessions.update(current.id, { ...quality(current), updatedAt: nowIso(), updatedBy: null });
        return null;
      });
      if (event === 'ended') return this.refuseAfterEnd(ws, message, 'the session has ended');
      if (event === null) return;
      // The bot learns that a status was processed from the pong to the heartbeat it sends right
      // behind it. When this status ended the session the socket is closed next, possibly before
      // that heartbeat is read, so the pong goes now: everything up to the status was handled.
      if (isTerminalStatus(event.status)) send(ws, { type: 'pong' });
      return;
    }
    const segment = message.segment;
    if (!segment.final) {
      // Interim text is shown greyed in the console and never stored: only final words are on record.
      this.hub.segment(sessionId, segment);
      return;
    }
    const stored = this.whileLive(sessionId, () => stores.transcripts.addSegment(sessionId, segment, nowIso()));
    if (stored === 'ended') return this.refuseAfterEnd(ws, message, 'the session has ended');
    send(ws, { type: 'ack', seq: segment.seq, stored });
    if (stored) this.hub.segment(sessionId, segment);
  }

  /**
   * Runs a write in one transition that holds the write lock from its start, only while the
   * session has not ended: the session is read again there because another connection (a sync
   * pull) may have ended it since the message arrived. A status it changes is announced after commit.
   */
  private whileLive<T>(sessionId: string, write: (session: StoredVoiceSession, change: ChangeStatus) => T): T | 'ended' {
    const { stores } = this;
    return transition(
      stores,
      this.statusEvents,
      (change): T | 'ended' => {
        const session = stores.sessions.get(sessionId);
        if (!session || isTerminalStatus(session.status)) return 'ended';
        return write(session, change);
      },
      { immediate: true },
    );
  }

  /**
   * A bot message after its session ended: nothing is taken, the bot is told why (a heartbeat
   * still gets its pong: everything before it was handled), and the socket is closed.
   */
  private refuseAfterEnd(ws: WebSocket, message: BotMessage, why: string): void {
    if (message.type === 'heartbeat') send(ws, { type: 'pong' });
    else send(ws, { type: 'error', code: 'SESSION_ENDED', message: `${describeBotMessage(message)} refused: ${why}` });
    ws.close(SESSION_ENDED_CLOSE_CODE, SESSION_ENDED_REASON);
  }

  private trackBotSocket(sessionId: string, ws: WebSocket): void {
    let set = this.botSockets.get(sessionId);
    if (!set) {
      set = new Set();
      this.botSockets.set(sessionId, set);
    }
    set.add(ws);
  }

  private untrackBotSocket(sessionId: string, ws: WebSocket): void {
    const set = this.botSockets.get(sessionId);
    if (!set) return;
    set.delete(ws);
    if (set.size === 0) this.botSockets.delete(sessionId);
  }

  private closeBotSockets(sessionId: string): void {
    for (const socket of this.botSockets.get(sessionId) ?? []) socket.close(SESSION_ENDED_CLOSE_CODE, SESSION_ENDED_REASON);
  }

  private closeSocketsOfEndedSessions(): void {
    for (const sessionId of [...this.botSockets.keys()]) if (!this.isLive(sessionId)) this.closeBotSockets(sessionId);
  }

  /** Whether the session still exists and has not ended. */
  private isLive(sessionId: string): boolean {
    const session = this.stores.sessions.get(sessionId);
    return session !== undefined && !isTerminalStatus(session.status);
  }
}
