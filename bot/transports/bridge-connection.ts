import type { RawData, WebSocket } from 'ws';
import { bytesFromInt16, int16FromBytes } from '../audio/pcm.js';
import { Listeners } from '../runtime/listeners.js';
import type { Logger } from '../runtime/logger.js';
import type { BotToPageMessage, PageKind, PageMessage } from './bridge-protocol.js';

const CLEAR_TIMEOUT_MS = 500;

/** The bot's end of one page's audio bridge. */
export class BridgeConnection {
  readonly audio = new Listeners<Int16Array>();
  readonly messages = new Listeners<PageMessage>();
  readonly closed = new Listeners<void>();
  private playedTotal = 0;
  private clearId = 0;
  private readonly clears = new Map<number, (samples: number) => void>();
  page: PageKind | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly logger: Logger,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('close', () => {
      for (const resolve of this.clears.values()) resolve(this.playedTotal);
      this.clears.clear();
      this.closed.emit();
    });
    socket.on('error', (error) => logger.warn('bridge socket error', { error: error.message }));
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  get played(): number {
    return this.playedTotal;
  }

  play(samples: Int16Array): void {
    if (this.isOpen) this.socket.send(bytesFromInt16(samples), { binary: true });
  }

  /** Stops playback at once; resolves with the page's played total (or the last known one). */
  clear(): Promise<number> {
    if (!this.isOpen) return Promise.resolve(this.playedTotal);
    const id = ++this.clearId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.clears.delete(id);
        resolve(this.playedTotal);
      }, CLEAR_TIMEOUT_MS);
      this.clears.set(id, (samples) => {
        clearTimeout(timer);
        resolve(samples);
      });
      this.send({ type: 'clear', id });
    });
  }

  send(message: BotToPageMessage): void {
    if (this.isOpen) this.socket.send(JSON.stringify(message));
  }

  close(): void {
    this.socket.close();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    if (isBinary) {
      this.audio.emit(int16FromBytes(bytes));
      return;
    }
    let message: PageMessage;
    try {
      message = JSON.parse(bytes.toString('utf8')) as PageMessage;
    } catch {
      this.logger.warn('bridge page sent a message that is not JSON');
      return;
    }
    if (message.type === 'hello') this.page = message.page;
    if (message.type === 'played' || message.type === 'cleared') this.playedTotal = Math.max(this.playedTotal, message.samples);
    if (message.type === 'cleared') {
      this.clears.get(message.id)?.(message.samples);
      this.clears.delete(message.id);
    }
    this.messages.emit(message);
  }
}
