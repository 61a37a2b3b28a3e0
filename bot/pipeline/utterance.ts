import { SAMPLE_RATE } from '../audio/pcm.js';
import type { Logger } from '../runtime/logger.js';
import type { CartesiaTts, TtsContext } from '../providers/cartesia-tts.js';
import type { AudioOutput } from './audio-output.js';

/** What one bot turn actually put in the candidate's ears. */
export interface SpokenResult {
  /** The words that were played (all of them unless interrupted). */
  text: string;
  /** Everything the bot meant to say. */
  fullText: string;
  interrupted: boolean;
  /** TTS failed before the end (the played part, if any, is still in `text`). */
  failed: boolean;
  /** Session seconds at which its audio started and stopped playing. */
  startSeconds: number;
  endSeconds: number;
  playedSamples: number;
}

export interface UtteranceDeps {
  tts: CartesiaTts;
  output: AudioOutput;
  /** The session clock, in seconds. */
  now: () => number;
  logger: Logger;
  /** Told once, right after the turn's first audio went to the page. */
  onStartedPlaying?: () => void;
}

interface WordTime {
  start: number;
  end: number;
}

const PHRASE_END = /[.,!?;:]\s*$/;

/**
 * One bot turn: text in (streamed from the LLM or scripted), audio out, and an account of what
 * was heard. A turn can be prepared behind a closed gate (the candidate may still be mid-thought)
 * and opened once the turn is committed; until then its audio waits here and nothing plays.
 */
export class Utterance {
  readonly result: Promise<SpokenResult>;
  private resolveResult!: (result: SpokenResult) => void;
  private context: TtsContext | null = null;
  private fullText = '';
  private pendingText = '';
  private textDone = false;
  private gateOpen: boolean;
  private held: Int16Array[] = [];
  private startIndex: number | null = null;
  private startSeconds = 0;
  private samples = 0;
  private readonly words: WordTime[] = [];
  private ttsDone = false;
  private failed = false;
  private finished = false;
  /** Set while an interruption waits for the page to stop: the natural end must not win that race. */
  private interrupting = false;

  constructor(
    private readonly deps: UtteranceDeps,
    options: { gated: boolean },
  ) {
    this.gateOpen = !options.gated;
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Audio has been handed to the page (the candidate may be hearing it). */
  get hasStartedPlaying(): boolean {
    return this.startIndex !== null;
  }

  get text(): string {
    return this.fullText;
  }

  say(text: string): void {
    if (this.finished || this.textDone || text.length === 0) return;
    this.fullText += text;
    this.pendingText += text;
    this.flushPhrases(false);
  }

  /** No more text for this turn. */
  finishText(): void {
    if (this.finished || this.textDone) return;
    this.textDone = true;
    this.flushPhrases(true);
    if (this.context) this.context.end();
    else this.finish({ interrupted: false });
  }

  /** The turn is committed: its audio may play. */
  open(): void {
    if (this.gateOpen || this.finished) return;
    this.gateOpen = true;
    for (const chunk of this.held) this.enqueue(chunk);
    this.held = [];
    if (this.ttsDone) void this.finishWhenPlayed();
  }

  /** The candidate spoke over the bot: stop the audio, cancel the TTS, keep what was heard. */
  async interrupt(): Promise<SpokenResult> {
    if (this.finished || this.interrupting) return this.result;
    this.interrupting = true;
    this.context?.cancel();
    this.textDone = true;
    const played = this.startIndex === null ? null : await this.deps.output.clear();
    const heard = played === null || this.startIndex === null ? 0 : Math.min(this.samples, Math.max(0, played - this.startIndex));
    this.finish({ interrupted: true, playedSamples: heard });
    return this.result;
  }

  /** Throws the turn away before anyone heard it (the candidate resumed during the pause). */
  discard(): void {
    if (this.finished) return;
    this.context?.cancel();
    this.held = [];
    this.finish({ interrupted: true, playedSamples: 0 });
  }

  private flushPhrases(all: boolean): void {
    const cut = all ? this.pendingText.length : this.pendingText.search(/\s\S*$/) + 1;
    if (!all) {
      // Send whole words, a phrase at a time: Cartesia speaks better with some context, and the
      // first phrase goes out as soon as it is complete so the first audio is not held back.
      const ready = this.pendingText.slice(0, cut);
      const words = ready.trim().split(/\s+/).filter(Boolean).length;
      if (cut <= 0 || (words < 3 && !PHRASE_END.test(ready))) return;
    }
    if (cut <= 0) return;
    const piece = this.pendingText.slice(0, cut);
    this.pendingText = this.pendingText.slice(cut);
    if (piece.trim().length === 0) return;
    this.ensureContext().push(piece);
  }

  private ensureContext(): TtsContext {
    if (this.context) return this.context;
    const context = this.deps.tts.createContext();
    this.context = context;
    context.events.add((event) => {
      if (this.finished) return;
      if (event.type === 'audio') {
        if (this.gateOpen) this.enqueue(event.samples);
        else this.held.push(event.samples);
      } else if (event.type === 'timestamps') {
        event.words.forEach((_, index) => this.words.push({ start: event.start[index] ?? 0, end: event.end[index] ?? 0 }));
      } else if (event.type === 'done') {
        this.ttsDone = true;
        if (this.gateOpen) void this.finishWhenPlayed();
      } else {
        this.deps.logger.warn('tts failed for a turn', { error: event.message });
        this.failed = true;
        this.ttsDone = true;
        if (this.gateOpen) void this.finishWhenPlayed();
      }
    });
    return context;
  }

  private enqueue(samples: Int16Array): void {
    const { output } = this.deps;
    if (this.startIndex === null) {
      this.startSeconds = this.deps.now() + output.backlog / SAMPLE_RATE;
      this.startIndex = output.enqueue(samples);
      this.samples += samples.length;
      // After the audio is on its way, so telling anyone costs the candidate no latency.
      this.deps.onStartedPlaying?.();
      return;
    }
    output.enqueue(samples);
    this.samples += samples.length;
  }

  private async finishWhenPlayed(): Promise<void> {
    if (this.startIndex !== null) await this.deps.output.whenPlayed(this.startIndex + this.samples);
    if (!this.interrupting) this.finish({ interrupted: false });
  }

  private finish(how: { interrupted: boolean; playedSamples?: number }): void {
    if (this.finished) return;
    this.finished = true;
    const playedSamples = how.playedSamples ?? (this.failed && this.startIndex === null ? 0 : this.samples);
    this.resolveResult({
      text: this.heardText(playedSamples, how.interrupted),
      fullText: this.fullText.trim(),
      interrupted: how.interrupted,
      failed: this.failed,
      startSeconds: this.startSeconds,
      endSeconds: this.startSeconds + playedSamples / SAMPLE_RATE,
      playedSamples,
    });
  }

  /**
   * The words that were heard: a word counts once at least half of it played. Words come from
   * the TTS timestamps; the text is ours (the timestamps' word list follows our whitespace).
   */
  private heardText(playedSamples: number, interrupted: boolean): string {
    const tokens = this.fullText.trim().split(/\s+/).filter(Boolean);
    if (playedSamples >= this.samples && this.samples > 0 && !this.failed) return tokens.join(' ');
    if (playedSamples <= 0) return '';
    const playedSeconds = playedSamples / SAMPLE_RATE;
    let count: number;
    if (this.words.length > 0) {
      count = this.words.filter((word) => (word.start + word.end) / 2 <= playedSeconds).length;
      // Timestamps cover only the audio that arrived; past them, the remainder was not heard.
      if (!interrupted && !this.failed && count === this.words.length) count = tokens.length;
    } else {
      count = Math.floor((tokens.length * playedSamples) / Math.max(1, this.samples));
    }
    return tokens.slice(0, Math.min(count, tokens.length)).join(' ');
  }
}
