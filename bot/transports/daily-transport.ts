import { errorText } from '../runtime/logger.js';
import type { BridgeConnection } from './bridge-connection.js';
import type { JoinRequest, PageMessage } from './bridge-protocol.js';
import { BridgedTransport, type BridgedTransportOptions } from './bridged-transport.js';
import type { MediaPageHost } from './media-page-host.js';

export interface DailyTransportOptions extends BridgedTransportOptions {
  join: JoinRequest;
  /** Shows the bot's page: headless Chromium, or a hidden window of the desktop app. */
  pageHost: MediaPageHost;
  /** How long joining may take before the bot gives up. */
  joinTimeoutMs?: number;
}

/**
 * The bot in a Daily room. daily-js runs only in a browser, so the bot serves its own page and has
 * a host show it: the page joins with the bot's meeting token, sends the candidate's audio into the
 * bridge and plays the bridge's audio as its microphone. The join details travel over the bridge
 * socket, never in a URL.
 */
export class DailyTransport extends BridgedTransport {
  readonly kind = 'daily' as const;
  private joined: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(private readonly daily: DailyTransportOptions) {
    super(daily);
    daily.pageHost.lost.add(() => this.failed.emit(new Error('the media page closed')));
  }

  async start(): Promise<void> {
    await this.server.listen();
    const joined = new Promise<void>((resolve, reject) => (this.joined = { resolve, reject }));
    const timeoutMs = this.daily.joinTimeoutMs ?? 30_000;
    const timer = setTimeout(() => this.joined?.reject(new Error(`joining the Daily room took longer than ${timeoutMs} ms`)), timeoutMs);
    try {
      await this.daily.pageHost.open(this.server.pageUrl('daily'));
      await joined;
    } finally {
      clearTimeout(timer);
      this.joined = null;
    }
  }

  override async end(reason: string): Promise<void> {
    await super.end(reason);
    this.connection?.send({ type: 'leave' });
  }

  override async stop(): Promise<void> {
    try {
      await this.daily.pageHost.close();
    } catch (error) {
      this.options.logger.warn('closing the media page failed', { error: errorText(error) });
    }
    await super.stop();
  }

  protected onPageMessage(message: PageMessage, connection: BridgeConnection): void {
    if (message.type === 'hello') connection.send({ type: 'join', join: this.daily.join });
    else if (message.type === 'joined') this.joined?.resolve();
    else if (message.type === 'presence') this.setPresence(message.present);
    else if (message.type === 'error' && message.fatal) {
      const error = new Error(`Daily: ${message.message}`);
      if (this.joined) this.joined.reject(error);
      else this.failed.emit(error);
    }
  }
}
