import { SAMPLE_RATE } from '../audio/pcm.js';
import { monotonicMs } from '../runtime/delay.js';
import type { MediaTransport } from '../transports/media-transport.js';

interface Waiter {
  index: number;
  resolve: () => void;
  timer: NodeJS.Timeout;
}

/** How long past its expected end a sample may go unreported before we stop waiting for it. */
const REPORT_GRACE_MS = 1500;

/**
 * The bot's side of playback: every sample it queues gets an index on the page's playback line,
 * and the page reports how far it has played. That is how the bot knows when it has finished
 * speaking and, when interrupted, exactly how much was heard.
 */
export class AudioOutput {
  private queuedEnd = 0;
  private playedTotal = 0;
  /** Monotonic ms at which the queue is expected to drain (a fallback when reports stop). */
  private drainAt = 0;
  private waiters: Waiter[] = [];

  constructor(private readonly transport: MediaTransport) {
    transport.played.add((samples) => this.onPlayed(samples));
  }

  get played(): number {
    return this.playedTotal;
  }

  /** Samples queued on the page and not yet played. */
  get backlog(): number {
    return Math.max(0, this.queuedEnd - this.playedTotal);
  }

  /** Queues audio; returns the playback index of its first sample. */
  enqueue(samples: Int16Array): number {
    const start = this.queuedEnd;
    this.queuedEnd += samples.length;
    this.drainAt = Math.max(this.drainAt, monotonicMs()) + (samples.length / SAMPLE_RATE) * 1000;
    this.transport.play(samples);
    return start;
  }

  /** Resolves once the page has played up to `index` (or, if it stops reporting, soon after it should have). */
  whenPlayed(index: number): Promise<void> {
    if (this.playedTotal >= index) return Promise.resolve();
    return new Promise((resolve) => {
      const waitMs = Math.max(0, this.drainAt - monotonicMs()) + REPORT_GRACE_MS;
      const waiter: Waiter = {
        index,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((other) => other !== waiter);
          resolve();
        }, waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Stops playback now; resolves with the page's played total, where the next audio will start. */
  async clear(): Promise<number> {
    const played = await this.transport.clear();
    this.onPlayed(played);
    this.queuedEnd = this.playedTotal;
    this.drainAt = monotonicMs();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.waiters = [];
    return this.playedTotal;
  }

  private onPlayed(samples: number): void {
    if (samples <= this.playedTotal) return;
    this.playedTotal = samples;
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.index > samples) return true;
      clearTimeout(waiter.timer);
      waiter.resolve();
      return false;
    });
  }
}
