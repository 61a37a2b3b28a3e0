import { SESSION_ENDED_CLOSE_CODE } from '../../contracts/live-events.js';

/**
 * A bot's reporter drops and redials (backoff up to 5 s, a 5 s handshake), so a closed socket alone
 * does not mean the bot is gone; this waits out that window before saying so.
 */
export const BOT_GONE_GRACE_MS = 15_000;

/** WebSocket close code a bot sends when its interview is over and it will not dial again. */
const NORMAL_CLOSURE = 1000;

/**
 * Which sessions have their bot on the line, and when a session's bot has left for good: at once
 * when it closes normally (its interview is over) or was closed because its session ended,
 * otherwise once the grace passes with no bot socket for that session reconnected.
 */
export class BotLinks {
  private readonly open = new Map<string, number>();
  private readonly pendingGone = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly onGone: (sessionId: string) => void,
    private readonly graceMs = BOT_GONE_GRACE_MS,
  ) {}

  connected(sessionId: string): void {
    this.open.set(sessionId, (this.open.get(sessionId) ?? 0) + 1);
    this.cancelPending(sessionId);
  }

  disconnected(sessionId: string, closeCode: number): void {
    const left = (this.open.get(sessionId) ?? 1) - 1;
    if (left > 0) {
      this.open.set(sessionId, left);
      return;
    }
    this.open.delete(sessionId);
    this.cancelPending(sessionId);
    // Either the bot hung up or the server closed it because the session ended: no redial is coming.
    if (closeCode === NORMAL_CLOSURE || closeCode === SESSION_ENDED_CLOSE_CODE) {
      this.onGone(sessionId);
      return;
    }
    const timer = setTimeout(() => {
      this.pendingGone.delete(sessionId);
      if (!this.open.has(sessionId)) this.onGone(sessionId);
    }, this.graceMs);
    timer.unref();
    this.pendingGone.set(sessionId, timer);
  }

  close(): void {
    for (const timer of this.pendingGone.values()) clearTimeout(timer);
    this.pendingGone.clear();
  }

  private cancelPending(sessionId: string): void {
    const timer = this.pendingGone.get(sessionId);
    if (!timer) return;
    clearTimeout(timer);
    this.pendingGone.delete(sessionId);
  }
}
