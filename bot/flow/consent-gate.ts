import type { ConsentSettings } from '../../contracts/consent.js';
import { classifyConsent, type ConsentReading } from '../llm/consent-classifier.js';
import type { AudioOutput } from '../pipeline/audio-output.js';
import type { BotStateSink } from '../pipeline/bot-state-sink.js';
import type { TranscriptLog } from '../pipeline/transcript-log.js';
import type { TurnEvent } from '../pipeline/turn-taking.js';
import { Utterance, type SpokenResult } from '../pipeline/utterance.js';
import type { CartesiaTts } from '../providers/cartesia-tts.js';
import type { OpenAiLlm } from '../providers/openai-llm.js';
import type { Logger } from '../runtime/logger.js';

export interface ConsentGateDeps {
  consent: ConsentSettings;
  llm: OpenAiLlm;
  tts: CartesiaTts;
  output: AudioOutput;
  transcript: TranscriptLog;
  /** Session seconds (the same clock as the candidate's STT times). */
  now: () => number;
  logger: Logger;
  botState?: BotStateSink;
  /** How long the candidate may stay silent after the question before it counts as unclear. */
  silenceMs?: number;
}

/** How the consent exchange ended. `words` are the candidate's own, as transcribed. */
export interface ConsentOutcome {
  given: boolean;
  at: string;
  words: string;
  /** yes, no, unclear twice, or stopped (the interview ended under it: no decision). */
  reason: 'yes' | 'no' | 'unclear twice' | 'unclear, not required' | 'stopped';
  /** The interview goes on: a yes, or no clear answer where consent is not required. */
  proceed: boolean;
}

export const consentLines = {
  thanks: 'Thank you. Let us begin.',
  declined: 'Thank you for letting us know. We will not go on with this interview, and a recruiter will be in touch about other options. Goodbye.',
  unclearTwice: 'I am sorry, I could not tell whether you agree, so we will not go on with this interview for now. A recruiter will be in touch. Goodbye.',
  rephrase: (question: string): string => `Sorry, I did not catch that. Just to check: ${question} Please answer yes or no.`,
  beforeWeGoOn: 'Let me say that again in full.',
} as const;

/** Questions about the AI answered before the consent decision, at most (then it counts as unclear). */
const MAX_QUESTIONS = 3;

/**
 * The interview's opening when the config has a consent block: the bot says the disclosure and the
 * question, reads the answer with the LLM (yes / no / unclear / a question about the AI), answers
 * questions and asks again, asks once more in other words when unclear, and says goodbye on a "no"
 * or a second unclear answer. A decision counts only once the candidate has heard the whole
 * question: talking over the disclosure stops the bot, and the disclosure is said again in full.
 * Everything it says becomes a bot segment with only the words that were played.
 */
export class ConsentGate {
  private speaking: Utterance | null = null;
  private questionHeard = false;
  private unclear = 0;
  private questions = 0;
  private readonly words: string[] = [];
  private done = false;
  private busy: Promise<void> = Promise.resolve();
  private silenceTimer: NodeJS.Timeout | null = null;
  private resolveOutcome!: (outcome: ConsentOutcome) => void;
  readonly outcome = new Promise<ConsentOutcome>((resolve) => (this.resolveOutcome = resolve));

  constructor(private readonly deps: ConsentGateDeps) {}

  /** Whether turns still belong to the gate (the interview proper has not begun). */
  get active(): boolean {
    return !this.done;
  }

  run(): Promise<ConsentOutcome> {
    this.queue(() => this.askInFull());
    return this.outcome;
  }

  onTurn(event: TurnEvent): void {
    if (this.done) return;
    if (event.type === 'candidate-speech') {
      this.clearSilence();
      // Talking over the bot stops it: the disclosure is then said again in full.
      if (this.speaking?.hasStartedPlaying) void this.speaking.interrupt();
      return;
    }
    if (event.type === 'committed') {
      const text = event.text.trim();
      if (text.length > 0) this.queue(() => this.answer(text));
    }
  }

  /** The interview ended under the gate (hang-up, stop): no decision was made. */
  async stop(): Promise<void> {
    if (this.done) return;
    const speaking = this.speaking;
    this.finish({ given: false, reason: 'stopped' });
    await speaking?.interrupt();
  }

  private queue(step: () => Promise<void>): void {
    this.busy = this.busy.then(() => (this.done ? undefined : step())).catch((error: unknown) => {
      this.deps.logger.error('consent step failed', { error: error instanceof Error ? error.message : String(error) });
    });
  }

  private async askInFull(): Promise<void> {
    const { consent } = this.deps;
    const result = await this.say(`${consent.disclosure} ${consent.question}`);
    // Heard in full, or at least the question's own words were played before an interruption.
    this.questionHeard = !result.interrupted || result.text.includes(consent.question.slice(0, Math.min(40, consent.question.length)));
    if (this.questionHeard) this.armSilence();
  }

  private async answer(text: string): Promise<void> {
    this.clearSilence();
    this.words.push(text);
    const reading: ConsentReading = await classifyConsent(this.deps.llm, this.deps.consent, text, this.deps.logger);
    this.deps.logger.info('consent answer read', { decision: reading.decision, questionHeard: this.questionHeard });
    if (reading.decision === 'question' && this.questions < MAX_QUESTIONS) {
      this.questions += 1;
      const answer = reading.reply || 'I am an AI interviewer, not a person; a recruiter reviews the results.';
      if (!this.questionHeard) {
        await this.say(answer);
        await this.askInFull();
        return;
      }
      await this.sayAndWait(`${answer} ${this.deps.consent.question}`);
      return;
    }
    if (!this.questionHeard) {
      // They answered something they had not heard in full: no decision yet.
      await this.say(consentLines.beforeWeGoOn);
      await this.askInFull();
      return;
    }
    if (reading.decision === 'yes') {
      await this.say(consentLines.thanks);
      this.finish({ given: true, reason: 'yes' });
      return;
    }
    if (reading.decision === 'no') {
      await this.say(consentLines.declined);
      this.finish({ given: false, reason: 'no' });
      return;
    }
    await this.unclearAnswer(reading.reply);
  }

  private async unclearAnswer(rephrased: string): Promise<void> {
    this.unclear += 1;
    if (this.unclear >= 2 && !this.deps.consent.required) {
      // Only a clear "no" ends an interview whose consent is not required.
      await this.say(consentLines.thanks);
      this.finish({ given: false, reason: 'unclear, not required' });
      return;
    }
    if (this.unclear >= 2) {
      await this.say(consentLines.unclearTwice);
      this.finish({ given: false, reason: 'unclear twice' });
      return;
    }
    await this.sayAndWait(rephrased || consentLines.rephrase(this.deps.consent.question));
  }

  private async sayAndWait(text: string): Promise<void> {
    await this.say(text);
    this.armSilence();
  }

  /** Silence after the question is an unclear answer (so a silent candidate is asked once more, then let go). */
  private armSilence(): void {
    const ms = this.deps.silenceMs;
    if (!ms || this.done) return;
    this.clearSilence();
    this.silenceTimer = setTimeout(() => this.queue(() => this.unclearAnswer('')), ms);
  }

  private clearSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }

  private async say(text: string): Promise<SpokenResult> {
    const { deps } = this;
    const utterance = new Utterance({
      tts: deps.tts,
      output: deps.output,
      now: deps.now,
      logger: deps.logger,
      onStartedPlaying: () => deps.botState?.botState('speaking'),
    }, { gated: false });
    this.speaking = utterance;
    deps.botState?.botState('thinking');
    utterance.say(text);
    utterance.finishText();
    const result = await utterance.result;
    if (this.speaking === utterance) this.speaking = null;
    deps.botState?.botState('listening');
    if (result.text.length > 0) deps.transcript.final('bot', result.text, result.startSeconds, result.endSeconds, null);
    return result;
  }

  private finish(outcome: Pick<ConsentOutcome, 'given' | 'reason'>): void {
    if (this.done) return;
    this.done = true;
    this.clearSilence();
    const proceed = outcome.given || outcome.reason === 'unclear, not required';
    this.resolveOutcome({ ...outcome, proceed, at: new Date().toISOString(), words: this.words.join(' ').slice(0, 2000) });
  }
}
