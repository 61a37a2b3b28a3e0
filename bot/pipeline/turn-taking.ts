import type { VoiceActivityEvent } from '../audio/voice-activity.js';
import type { SttEvent } from '../providers/deepgram-stt.js';
import { Listeners } from '../runtime/listeners.js';

export interface TurnTakingOptions {
  /**
   * After Deepgram's endpoint (or UtteranceEnd), how long the candidate may stay quiet and still
   * go on with the same turn. Interview answers have thinking pauses, so this is longer than a
   * chat bot's. The reply is prepared during this wait, so patience costs little latency.
   */
  patienceMs: number;
  /**
   * The wait for this turn's words, when patience is semantic (a finished thought short, a trailing
   * one long); without it every turn waits `patienceMs`.
   */
  patienceFor?: (turnText: string) => number;
  /** After a resumption that produced no words (a noise), when to take the turn as ended again. */
  resumeGraceMs: number;
}

export const defaultTurnTakingOptions: TurnTakingOptions = { patienceMs: 600, resumeGraceMs: 2000 };

export type TurnEvent =
  /** Any sign of the candidate speaking: barge-in and the idle timer listen to this. */
  | { type: 'candidate-speech' }
  /** The candidate has probably finished: prepare a reply (it must not play yet). */
  | { type: 'endpoint'; text: string }
  /** They had not finished: throw the prepared reply away. */
  | { type: 'resumed' }
  /** The turn is over: the reply may play; `text` is the whole turn. */
  | { type: 'committed'; text: string };

/** What the bot's turn-taking offers, whichever STT drives it (Nova's results or Flux's turns). */
export interface TurnDetector {
  readonly events: Listeners<TurnEvent>;
  onStt(event: SttEvent): void;
  onVoiceActivity(event: VoiceActivityEvent): void;
  stop(): void;
}

/**
 * Decides when the candidate's turn is over, from Deepgram's results and the local voice detector.
 * A turn ends at `speech_final` or UtteranceEnd, whichever comes first, and is committed only after
 * the patience window passes without the candidate speaking again.
 */
export class TurnTaking implements TurnDetector {
  readonly events = new Listeners<TurnEvent>();
  private finals: string[] = [];
  private endpointPending = false;
  private patienceTimer: NodeJS.Timeout | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  private voiceActive = false;

  constructor(private readonly options: TurnTakingOptions = defaultTurnTakingOptions) {}

  get hasPendingWords(): boolean {
    return this.finals.length > 0;
  }

  onStt(event: SttEvent): void {
    switch (event.type) {
      case 'speech-started':
        this.speech();
        return;
      case 'transcript':
        if (event.text.length === 0) {
          if (event.isFinal && event.speechFinal && this.finals.length > 0 && !this.endpointPending) this.endpoint();
          return;
        }
        this.speech();
        if (!event.isFinal) return;
        this.finals.push(event.text);
        if (event.speechFinal) this.endpoint();
        return;
      case 'utterance-end':
        if (this.finals.length > 0 && !this.endpointPending) this.endpoint();
        return;
      case 'connection':
        return;
    }
  }

  onVoiceActivity(event: VoiceActivityEvent): void {
    if (event === 'speech-start') {
      this.voiceActive = true;
      this.speech();
    } else if (event === 'speech-end') {
      this.voiceActive = false;
    }
  }

  /** Forgets everything (the interview moved on without this turn, e.g. a hard stop). */
  reset(): void {
    this.clearTimers();
    this.finals = [];
    this.endpointPending = false;
  }

  stop(): void {
    this.reset();
    this.events.clear();
  }

  private speech(): void {
    this.events.emit({ type: 'candidate-speech' });
    if (this.endpointPending) {
      this.endpointPending = false;
      if (this.patienceTimer) clearTimeout(this.patienceTimer);
      this.patienceTimer = null;
      this.events.emit({ type: 'resumed' });
    }
    if (this.finals.length > 0) this.armGrace();
  }

  private endpoint(): void {
    this.clearTimers();
    this.endpointPending = true;
    const text = this.finals.join(' ');
    this.events.emit({ type: 'endpoint', text });
    this.patienceTimer = setTimeout(() => this.commit(), this.options.patienceFor?.(text) ?? this.options.patienceMs);
  }

  private commit(): void {
    this.patienceTimer = null;
    if (!this.endpointPending) return;
    this.endpointPending = false;
    const text = this.finals.join(' ');
    this.finals = [];
    this.events.emit({ type: 'committed', text });
  }

  /** A resumption with no new words must not leave the turn open forever. */
  private armGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null;
      if (this.endpointPending || this.finals.length === 0) return;
      if (this.voiceActive) this.armGrace();
      else this.endpoint();
    }, this.options.resumeGraceMs);
  }

  private clearTimers(): void {
    if (this.patienceTimer) clearTimeout(this.patienceTimer);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.patienceTimer = null;
    this.graceTimer = null;
  }
}
