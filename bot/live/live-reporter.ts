import WebSocket from 'ws';
import type { ConsentRecord } from '../../contracts/consent.js';
import type { InterviewQuality } from '../../contracts/interview-quality.js';
import type { BotMessage, BotState, ServerMessage } from '../../contracts/live-events.js';
import type { SessionStatus } from '../../contracts/session.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { delay } from '../runtime/delay.js';
import { Listeners } from '../runtime/listeners.js';
import { errorText, type Logger } from '../runtime/logger.js';
import type { SessionReporter, Undelivered } from './session-reporter.js';

export interface LiveReporterOptions {
  /** The server's live-events socket (`ws://127.0.0.1:PORT/api/voice/ws`); an http(s) URL is converted. */
  url: string;
  /** The session's bot token (`vbt_...`). */
  token: string;
  logger: Logger;
  heartbeatMs?: number;
}

type Outgoing =
  | { kind: 'segment'; segment: LiveSegment; message: BotMessage }
  | { kind: 'status'; status: SessionStatus; reason: string | null; message: BotMessage; barrier: number | null };

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/**
 * The bot's line to the server: status changes and every final segment, in order, over the
 * authenticated live-events socket. A final segment stays in the outbox until the server acks it
 * (it acks only after storing), a status until a later heartbeat's pong shows it was processed;
 * after a reconnect everything still in the outbox is sent again (the server stores by seq, once).
 * The bot's state is different: only the latest one matters, so it skips the outbox and is sent
 * once more after a reconnect, after whatever the outbox resends.
 */
export class LiveReporter implements SessionReporter {
  /** The server refused our token: the session has ended (or was cancelled) under us. */
  readonly rejected = new Listeners<string>();
  private socket: WebSocket | null = null;
  private outbox: Outgoing[] = [];
  private heartbeatsSent = 0;
  private pongs = 0;
  private running = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private drainedWaiters: (() => void)[] = [];
  private firstOpen: Promise<void> | null = null;
  private latestBotState: BotState | null = null;
  private refused = false;

  constructor(private readonly options: LiveReporterOptions) {}

  /** Connects (retrying in the background); resolves once connected or after `waitMs`. */
  async start(waitMs = 5000): Promise<void> {
    this.running = true;
    this.firstOpen = this.runConnectionLoop();
    await Promise.race([this.firstOpen, delay(waitMs)]);
    this.heartbeat = setInterval(() => this.sendHeartbeat(), this.options.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  segment(segment: LiveSegment): void {
    const message: BotMessage = { type: 'transcript_segment', segment };
    if (segment.final) this.outbox.push({ kind: 'segment', segment, message });
    this.send(message);
  }

  status(status: SessionStatus, reason?: string, quality?: InterviewQuality, consent?: ConsentRecord): void {
    const clipped = reason?.slice(0, 2000);
    const message: BotMessage = {
      type: 'status',
      status,
      ...(clipped === undefined ? {} : { reason: clipped }),
      ...(quality ? { quality } : {}),
      ...(consent ? { consent } : {}),
    };
    const entry: Outgoing = { kind: 'status', status, reason: clipped ?? null, message, barrier: null };
    this.outbox.push(entry);
    if (this.send(message)) entry.barrier = this.sendHeartbeat();
  }

  botState(state: BotState): void {
    if (state === this.latestBotState) return;
    this.latestBotState = state;
    this.send({ type: 'bot_state', state });
  }

  /** Resolves true once every segment is acked and every status processed, false on timeout. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.outbox.length === 0) return true;
    const drained = new Promise<boolean>((resolve) => this.drainedWaiters.push(() => resolve(true)));
    return Promise.race([drained, delay(timeoutMs).then(() => this.outbox.length === 0)]);
  }

  undelivered(): Undelivered {
    const segments: LiveSegment[] = [];
    const statuses: Undelivered['statuses'] = [];
    for (const entry of this.outbox) {
      if (entry.kind === 'segment') segments.push(entry.segment);
      else statuses.push({ status: entry.status, reason: entry.reason });
    }
    return { segments: segments.sort((a, b) => a.seq - b.seq), statuses, rejected: this.refused };
  }

  close(): void {
    this.running = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.socket?.close(1000, 'interview over');
    this.socket = null;
  }

  private send(message: BotMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private sendHeartbeat(): number | null {
    if (!this.send({ type: 'heartbeat' })) return null;
    return ++this.heartbeatsSent;
  }

  /** Keeps a connection up while running; resolves at the first open (or when it gives up). */
  private runConnectionLoop(): Promise<void> {
    return new Promise<void>((resolveFirst) => {
      void (async () => {
        for (let attempt = 0; this.running; ) {
          const outcome = await this.connectOnce(() => {
            attempt = 0;
            resolveFirst();
          });
          if (outcome === 'rejected' || !this.running) break;
          await delay(RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)] as number);
        }
        resolveFirst();
      })();
    });
  }

  /** One connection's life: resolves when it closes ('closed') or the token is refused ('rejected'). */
  private connectOnce(onOpen: () => void): Promise<'closed' | 'rejected'> {
    const url = this.options.url.replace(/^http/, 'ws');
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.options.token}` }, handshakeTimeout: 5000 });
    return new Promise((resolve) => {
      socket.once('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0;
        socket.terminate();
        if (status === 401 || status === 403) {
          this.options.logger.warn('the server refused the bot token; the session has ended', { status });
          this.running = false;
          this.refused = true;
          this.rejected.emit(`the server refused the bot token (HTTP ${status})`);
          resolve('rejected');
        } else {
          resolve('closed');
        }
      });
      socket.once('open', () => {
        this.socket = socket;
        this.heartbeatsSent = 0;
        this.pongs = 0;
        this.options.logger.info('live events connected', { resent: this.outbox.length });
        // Resend in the original order: statuses and segments interleaved as they happened.
        for (const entry of this.outbox) {
          this.send(entry.message);
          if (entry.kind === 'status') entry.barrier = this.sendHeartbeat();
        }
        if (this.latestBotState) this.send({ type: 'bot_state', state: this.latestBotState });
        onOpen();
      });
      socket.on('message', (data) => this.onMessage(data.toString()));
      socket.on('error', (error) => this.options.logger.debug('live events socket error', { error: errorText(error) }));
      socket.once('close', () => {
        if (this.socket === socket) this.socket = null;
        resolve('closed');
      });
    });
  }

  private onMessage(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if (message.type === 'ack') {
      this.outbox = this.outbox.filter((entry) => entry.kind !== 'segment' || entry.segment.seq !== message.seq);
    } else if (message.type === 'pong') {
      this.pongs++;
      this.outbox = this.outbox.filter((entry) => entry.kind !== 'status' || entry.barrier === null || entry.barrier > this.pongs);
    } else if (message.type === 'error') {
      this.options.logger.warn('the server refused a bot message', { code: message.code, message: message.message });
    }
    if (this.outbox.length === 0) {
      for (const resolve of this.drainedWaiters) resolve();
      this.drainedWaiters = [];
    }
  }
}
