import WebSocket from 'ws';
import type { ServerMessage } from '../../contracts/live-events.js';
import type { LiveSegment } from '../../contracts/transcript.js';

const LIVE_PATH = '/api/voice/ws';

/** A WebSocket peer that records every server message and can wait for one that matches. */
class LivePeer {
  readonly messages: ServerMessage[] = [];
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  /** Listens from creation: the server greets as soon as the upgrade completes, before `open` resolves. */
  protected constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.messages.push(message);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.match(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
  }

  protected static socketTo(baseUrl: string, token: string, headers: Record<string, string> = {}): WebSocket {
    return new WebSocket(baseUrl.replace(/^http/, 'ws') + LIVE_PATH, { headers: { authorization: `Bearer ${token}`, ...headers } });
  }

  protected opened(): Promise<this> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState === WebSocket.OPEN) return resolve(this);
      this.socket.once('open', () => resolve(this));
      this.socket.once('error', reject);
    });
  }

  waitFor<T extends ServerMessage>(match: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<T> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a live message')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as T);
        },
      });
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Speaks the bot side of the live-events protocol, as the interview bot does. */
export class BotClient extends LivePeer {
  static connect(baseUrl: string, botToken: string): Promise<BotClient> {
    return new BotClient(LivePeer.socketTo(baseUrl, botToken)).opened();
  }

  /** Sends a segment and waits for its ack (final segments) or returns at once (interim). */
  async segment(segment: LiveSegment): Promise<{ stored: boolean } | null> {
    this.send({ type: 'transcript_segment', segment });
    if (!segment.final) return null;
    const ack = await this.waitFor<Extract<ServerMessage, { type: 'ack' }>>((m) => m.type === 'ack' && m.seq === segment.seq);
    this.messages.splice(this.messages.indexOf(ack), 1);
    return { stored: ack.stored };
  }

  /** Resolves once the server has handled everything sent before (it answers a bot in order). */
  async roundTrip(): Promise<void> {
    for (let index = this.messages.length - 1; index >= 0; index--) if (this.messages[index]?.type === 'pong') this.messages.splice(index, 1);
    this.send({ type: 'heartbeat' });
    await this.waitFor((m) => m.type === 'pong');
  }
}

/** The console side: subscribes to sessions and collects what is broadcast. */
export class ConsoleClient extends LivePeer {
  static connect(baseUrl: string, apiToken: string, headers: Record<string, string> = {}): Promise<ConsoleClient> {
    return new ConsoleClient(LivePeer.socketTo(baseUrl, apiToken, headers)).opened();
  }

  async subscribe(sessionId: string): Promise<Extract<ServerMessage, { type: 'subscribed' }>> {
    this.send({ type: 'subscribe', sessionId });
    return this.waitFor((m) => m.type === 'subscribed' && m.sessionId === sessionId);
  }
}

/** Tries an upgrade and reports the HTTP status the server refused it with (or 101 when accepted). */
export function upgradeStatus(baseUrl: string, headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + LIVE_PATH, { headers });
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => resolve(0));
  });
}
