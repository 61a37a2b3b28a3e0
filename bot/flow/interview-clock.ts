import { monotonicMs } from '../runtime/delay.js';

export interface InterviewClockOptions {
  /** The config's max_duration_minutes, in ms: at this point the bot stops, whatever it is doing. */
  limitMs: number;
  /** How long before the limit the bot stops asking and closes at its next turn. */
  wrapUpLeadMs: number;
  now?: () => number;
}

/**
 * Keeps time against the interview's limit. Wrap-up is a flag the flow reads at its next turn
 * (so the candidate is never cut off mid-answer for it); the hard stop is a timer.
 */
export class InterviewClock {
  private startedAt: number | null = null;
  private hardStopTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: InterviewClockOptions) {
    this.now = options.now ?? monotonicMs;
  }

  /** The wrap-up lead the bot uses unless told otherwise: a fifth of the limit, at most two minutes. */
  static defaultWrapUpLeadMs(limitMs: number): number {
    return Math.min(120_000, limitMs * 0.2);
  }

  start(onHardStop: () => void): void {
    this.startedAt = this.now();
    this.hardStopTimer = setTimeout(onHardStop, this.options.limitMs);
    this.hardStopTimer.unref();
  }

  elapsedMs(): number {
    return this.startedAt === null ? 0 : this.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.options.limitMs - this.elapsedMs());
  }

  isWrapUpDue(): boolean {
    return this.startedAt !== null && this.remainingMs() <= this.options.wrapUpLeadMs;
  }

  stop(): void {
    if (this.hardStopTimer) clearTimeout(this.hardStopTimer);
    this.hardStopTimer = null;
  }
}
