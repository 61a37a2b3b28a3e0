import type { PageMessage } from './bridge-protocol.js';
import { BridgedTransport } from './bridged-transport.js';

/**
 * Local rehearsal: the bot serves a page that a person opens in their own browser; the page's
 * microphone is the candidate and its speakers play the bot. No Daily room or account is needed.
 * The candidate is present while the page has its microphone live.
 */
export class LocalTransport extends BridgedTransport {
  readonly kind = 'local' as const;

  async start(): Promise<void> {
    await this.server.listen();
  }

  /** The address to open (it carries the page's key). */
  get pageUrl(): string {
    return this.server.pageUrl('rehearse');
  }

  protected onPageMessage(message: PageMessage): void {
    if (message.type === 'presence') this.setPresence(message.present);
  }
}
