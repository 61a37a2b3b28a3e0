import type { VoiceActivityEvent } from '../audio/voice-activity.js';
import type { SttEvent } from '../providers/deepgram-stt.js';
import { Listeners } from '../runtime/listeners.js';
import type { TurnDetector, TurnEvent } from './turn-taking.js';

export interface FluxTurnTakingOptions {
  /**
   * After Flux's EndOfTurn, how much longer to hold the turn open for these words (0: take it as
   * over now). Flux judges the end of a turn itself; the bot's semantic patience adds a wait only
   * where the words are plainly unfinished ("and", a list under way), so Flux's model and ours
   * must both agree before the bot speaks. Without it, Flux alone decides.
   */
  holdFor?: (turnText: string) => number;
  /** After a resumption noticed only by the local detector (a noise, no Flux turn), when to close the held turn again. */
  resumeGraceMs: number;
}

/**
 * Turn-taking on Deepgram Flux: prepare the reply at EagerEndOfTurn, throw it away at
 * TurnResumed, speak at EndOfTurn. StartOfTurn (and the local voice detector) is a barge-in.
 * When a held turn (see `holdFor`) is resumed, the next Flux turn continues it: its words join
 * the held ones, so the reply answers everything the candidate said.
 */
export class FluxTurnTaking implements TurnDetector {
  readonly events = new Listeners<TurnEvent>();
  /** Words of Flux turns that ended but were held open (the candidate may go on). */
  private held = '';
  private holdTimer: NodeJS.Timeout | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  /** An endpoint was announced for the turn in progress (eager, or a held EndOfTurn). */
  private endpointPending = false;

  constructor(private readonly options: FluxTurnTakingOptions) {}

  onStt(event: SttEvent): void {
    if (event.type === 'speech-started') {
      this.speech();
      return;
    }
    if (event.type === 'transcript') {
      if (event.text.length > 0 && !event.isFinal) this.speech();
      return;
    }
    if (event.type !== 'turn') return;
    switch (event.phase) {
      case 'start':
        if (this.graceTimer) clearTimeout(this.graceTimer);
        this.graceTimer = null;
        this.speech();
        return;
      case 'eager-end':
        this.endpoint(this.join(event.text));
        return;
      case 'resumed':
        this.resume();
        return;
      case 'end':
        this.end(this.join(event.text));
        return;
    }
  }

  onVoiceActivity(event: VoiceActivityEvent): void {
    if (event !== 'speech-start') return;
    const holding = this.holdTimer !== null && this.held.length > 0;
    this.speech();
    // A held turn is resumed as soon as anyone hears the candidate; if Flux never starts a turn
    // (it was a noise), the held words are taken as the turn after a grace period.
    if (holding) {
      this.graceTimer ??= setTimeout(() => {
        this.graceTimer = null;
        if (this.held.length > 0 && !this.holdTimer) this.end(this.held, true);
      }, this.options.resumeGraceMs);
    }
  }

  stop(): void {
    this.clear();
    this.held = '';
    this.events.clear();
  }

  private join(text: string): string {
    return [this.held, text].filter((part) => part.length > 0).join(' ');
  }

  private speech(): void {
    this.events.emit({ type: 'candidate-speech' });
    if (this.holdTimer) {
      clearTimeout(this.holdTimer);
      this.holdTimer = null;
      this.resume();
    }
  }

  private resume(): void {
    if (!this.endpointPending) return;
    this.endpointPending = false;
    this.events.emit({ type: 'resumed' });
  }

  private endpoint(text: string): void {
    if (text.length === 0) return;
    this.endpointPending = true;
    this.events.emit({ type: 'endpoint', text });
  }

  private end(text: string, final = false): void {
    if (text.length === 0) return;
    if (!this.endpointPending) this.endpoint(text);
    const holdMs = final ? 0 : (this.options.holdFor?.(text) ?? 0);
    if (holdMs <= 0) {
      this.commit(text);
      return;
    }
    this.held = text;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => {
      this.holdTimer = null;
      this.commit(this.held);
    }, holdMs);
  }

  private commit(text: string): void {
    this.clear();
    this.held = '';
    this.endpointPending = false;
    this.events.emit({ type: 'committed', text });
  }

  private clear(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.holdTimer = null;
    this.graceTimer = null;
  }
}
