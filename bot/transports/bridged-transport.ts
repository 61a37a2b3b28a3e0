import type { BotState } from '../../contracts/live-events.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { Listeners } from '../runtime/listeners.js';
import type { Logger } from '../runtime/logger.js';
import type { BridgeConnection } from './bridge-connection.js';
import type { PageMessage } from './bridge-protocol.js';
import { BridgeServer } from './bridge-server.js';
import type { MediaTransport } from './media-transport.js';

export interface BridgedTransportOptions {
  host?: string;
  port?: number;
  pageDir?: string;
  logger: Logger;
}

/**
 * What both transports share: the bridge server, the one live page connection, and the audio and
 * playback accounting over it. A page that reconnects (a reload) replaces the previous one.
 */
export abstract class BridgedTransport implements MediaTransport {
  abstract readonly kind: 'daily' | 'local';
  readonly audio = new Listeners<Int16Array>();
  readonly presence = new Listeners<boolean>();
  readonly played = new Listeners<number>();
  readonly failed = new Listeners<Error>();
  protected readonly server: BridgeServer;
  protected connection: BridgeConnection | null = null;
  private present = false;
  /** Played totals restart with each page; this keeps one rising count across reloads. */
  private playedOffset = 0;
  private lastPlayed = 0;

  constructor(protected readonly options: BridgedTransportOptions) {
    this.server = new BridgeServer(options);
    this.server.connections.add((connection) => this.adopt(connection));
  }

  get candidatePresent(): boolean {
    return this.present;
  }

  abstract start(): Promise<void>;

  play(samples: Int16Array): void {
    this.connection?.play(samples);
  }

  async clear(): Promise<number> {
    const connection = this.connection;
    if (!connection) return this.lastPlayed;
    const samples = await connection.clear();
    if (this.connection === connection) this.lastPlayed = Math.max(this.lastPlayed, this.playedOffset + samples);
    return this.lastPlayed;
  }

  showSegment(segment: LiveSegment): void {
    this.connection?.send({ type: 'segment', segment });
  }

  showBotState(state: BotState): void {
    this.connection?.send({ type: 'bot_state', state });
  }

  async end(reason: string): Promise<void> {
    this.connection?.send({ type: 'ended', reason });
  }

  async stop(): Promise<void> {
    this.connection?.close();
    await this.server.close();
  }

  protected setPresence(present: boolean): void {
    if (present === this.present) return;
    this.present = present;
    this.presence.emit(present);
  }

  /** Hook for the transports: a page message other than audio and playback. */
  protected abstract onPageMessage(message: PageMessage, connection: BridgeConnection): void;

  protected onPageClosed(): void {
    this.setPresence(false);
  }

  private adopt(connection: BridgeConnection): void {
    const previous = this.connection;
    this.connection = connection;
    this.playedOffset = this.lastPlayed;
    if (previous) previous.close();
    connection.audio.add((samples) => {
      if (this.connection === connection) this.audio.emit(samples);
    });
    connection.messages.add((message) => {
      if (this.connection !== connection) return;
      if (message.type === 'played' || message.type === 'cleared') {
        this.lastPlayed = Math.max(this.lastPlayed, this.playedOffset + connection.played);
        this.played.emit(this.lastPlayed);
      }
      else if (message.type === 'error') this.options.logger.warn('bridge page error', { message: message.message, fatal: message.fatal });
      this.onPageMessage(message, connection);
    });
    connection.closed.add(() => {
      if (this.connection !== connection) return;
      this.connection = null;
      this.onPageClosed();
    });
  }
}
