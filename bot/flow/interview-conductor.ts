import type { ConfigJson } from '../../contracts/config-json.js';
import type { BotState } from '../../contracts/live-events.js';
import type { DialogueTurn } from '../llm/interview-prompt.js';
import type { AudioOutput } from '../pipeline/audio-output.js';
import type { BotStateSink } from '../pipeline/bot-state-sink.js';
import type { TurnQuality } from '../pipeline/turn-quality.js';
import type { TranscriptLog } from '../pipeline/transcript-log.js';
import type { TurnEvent } from '../pipeline/turn-taking.js';
import { Utterance, type SpokenResult } from '../pipeline/utterance.js';
import type { CartesiaTts } from '../providers/cartesia-tts.js';
import type { OpenAiLlm } from '../providers/openai-llm.js';
import type { Logger } from '../runtime/logger.js';
import { BotResponse, type ClosingReason } from './bot-response.js';
import type { InterviewClock } from './interview-clock.js';
import { currentQuestion, initialPlan, lineHeard, sayAgain, type OwedLine, type PlanState } from './interview-plan.js';
import { scriptedLinesFor, type ScriptedLines } from './scripted-lines.js';

export interface ConductorTiming {
  /** Silence after the bot's turn before it checks in with the candidate. */
  idlePromptMs: number;
  /** Silence after which it gives up and ends the interview. */
  idleEndMs: number;
  /** How long a candidate who left may take to come back. */
  rejoinGraceMs: number;
}

export interface ConductorDeps {
  config: ConfigJson;
  llm: OpenAiLlm;
  tts: CartesiaTts;
  output: AudioOutput;
  transcript: TranscriptLog;
  clock: InterviewClock;
  /** Session seconds (the same clock as the candidate's STT times). */
  now: () => number;
  timing: ConductorTiming;
  logger: Logger;
  /** Told when the bot starts or stops listening, thinking or speaking (the console shows it). */
  botState?: BotStateSink;
  /** Told how each line played (latency, barge-ins, cut-ins: the interview's quality figures). */
  quality?: TurnQuality;
}

/** Why the interview ended; every reason reports the session completed. */
export type EndReason =
  | 'interview complete'
  | 'candidate asked to end'
  | 'time limit reached'
  | 'max duration reached'
  | 'candidate idle'
  | 'candidate left'
  | 'stopped';

/** Quiet after the last sign of speech before the idle timers may start again. */
const QUIET_AFTER_SPEECH_MS = 5000;

interface PlayOptions {
  /** Start the idle timers when the turn ends (not after the idle prompt itself). */
  restartIdle: boolean;
  /** Say it again on a fresh TTS context if the TTS failed before a word was heard. */
  retry?: boolean;
  /** The line of a scripted turn the candidate must hear (a question said again on their return). */
  line?: OwedLine | null;
}

interface Speaking {
  utterance: Utterance;
  response: BotResponse | null;
  interruptible: () => boolean;
}

/**
 * Runs one interview: greets, answers each candidate turn (through the LLM's decision, or the
 * script when the LLM fails), stops talking when the candidate talks over it, keeps time, checks
 * in after a silence, and ends. It owns the flow's state; everything it says becomes a bot segment
 * with only the words that were actually played.
 */
export class InterviewConductor {
  private plan: PlanState = initialPlan;
  /** The bot's own lines, in the interview's language. */
  private readonly lines: ScriptedLines;
  private readonly dialogue: DialogueTurn[] = [];
  private speaking: Speaking | null = null;
  /** Set from a turn's start until what was heard is recorded (the plan is settled only then). */
  private playing: Promise<void> | null = null;
  private pending: BotResponse | null = null;
  /** Why the interview closes, from the reply that first decided to close. */
  private closingReason: ClosingReason | null = null;
  private idleTimers: NodeJS.Timeout[] = [];
  private quietCheck: NodeJS.Timeout | null = null;
  private leftTimer: NodeJS.Timeout | null = null;
  private ended = false;
  private reportedState: BotState | null = null;
  private resolveEnd!: (reason: EndReason) => void;
  private readonly endPromise = new Promise<EndReason>((resolve) => (this.resolveEnd = resolve));

  constructor(private readonly deps: ConductorDeps) {
    this.lines = scriptedLinesFor(deps.config.transcription.language);
  }

  get state(): PlanState {
    return this.plan;
  }

  /**
   * The line the candidate's turn answers: the bot's last line as they heard it, unless they cut it
   * short; then the line still owed, or the question that stands (a fragment says little).
   */
  get lastBotLine(): string | null {
    const last = this.dialogue.findLast((turn) => turn.role === 'bot');
    if (last && !last.interrupted) return last.text;
    const question = currentQuestion(this.plan, this.deps.config.interview.questions);
    return this.plan.owed?.text ?? question?.text ?? last?.text ?? null;
  }

  get isSpeaking(): boolean {
    return this.speaking !== null;
  }

  /** Greets and runs the interview; resolves with why it ended. */
  run(): Promise<EndReason> {
    this.deps.clock.start(() => void this.finish('max duration reached'));
    void this.speakScripted(this.deps.config.initial_message, { restartIdle: true });
    return this.endPromise;
  }

  onTurn(event: TurnEvent): void {
    if (this.ended) return;
    if (event.type !== 'candidate-speech') this.deps.logger.debug('turn', { event: event.type, text: 'text' in event ? event.text : undefined });
    switch (event.type) {
      case 'candidate-speech':
        this.clearIdle();
        this.armQuietCheck();
        this.bargeIn();
        return;
      case 'endpoint':
        this.prepare(event.text);
        return;
      case 'resumed':
        this.pending?.discard();
        this.pending = null;
        return;
      case 'committed':
        void this.commit(event.text);
        return;
    }
  }

  onPresence(present: boolean): void {
    if (this.ended) return;
    if (!present) {
      this.deps.logger.info('the candidate left; waiting for them to come back');
      this.clearIdle();
      this.pending?.discard();
      this.pending = null;
      void this.stopSpeaking();
      this.leftTimer ??= setTimeout(() => void this.finish('candidate left'), this.deps.timing.rejoinGraceMs);
      return;
    }
    if (!this.leftTimer) return;
    clearTimeout(this.leftTimer);
    this.leftTimer = null;
    const question = currentQuestion(this.plan, this.deps.config.interview.questions);
    const line: OwedLine | null = this.plan.owed ?? (question ? { kind: 'question', text: question.text } : null);
    void this.speakScripted(`${this.lines.welcomeBack} ${line?.text ?? ''}`.trim(), { restartIdle: true, line });
  }

  /** Ends at once (hard stop, cancellation); what was already said stays on record. */
  async finish(reason: EndReason): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.deps.logger.info('interview ending', { reason });
    this.clearIdle();
    if (this.quietCheck) clearTimeout(this.quietCheck);
    if (this.leftTimer) clearTimeout(this.leftTimer);
    this.deps.clock.stop();
    this.pending?.discard();
    this.pending = null;
    await this.stopSpeaking();
    this.resolveEnd(reason);
  }

  /** Closing for good: the closing line was said (a closing the candidate talked over is still owed). */
  private get closed(): boolean {
    return this.plan.phase === 'closing' && this.plan.owed === null;
  }

  private prepare(text: string): void {
    if (this.closed) return;
    this.pending?.discard();
    // While the bot is still talking the reply is made at commit, once the flow state has settled.
    this.pending = this.speaking || this.playing ? null : this.respond(text, true);
  }

  private async commit(text: string): Promise<void> {
    if (this.closed) return;
    let response = this.pending;
    this.pending = null;
    if (this.speaking || this.playing) {
      response?.discard();
      response = null;
      await this.stopSpeaking();
      if (this.ended) return;
    }
    this.dialogue.push({ role: 'candidate', text });
    response ??= this.respond(text, false);
    await this.play({ utterance: response.utterance, response, interruptible: () => true }, response);
  }

  private respond(candidateText: string, gated: boolean): BotResponse {
    const { deps } = this;
    return new BotResponse(
      this.newUtterance(gated),
      {
        config: deps.config,
        plan: this.plan,
        dialogue: [...this.dialogue, { role: 'candidate', text: candidateText }],
        wrapUpDue: deps.clock.isWrapUpDue(),
        remainingMs: deps.clock.remainingMs(),
      },
      deps.llm,
      deps.logger,
    );
  }

  private newUtterance(gated: boolean): Utterance {
    const { deps } = this;
    return new Utterance({ tts: deps.tts, output: deps.output, now: deps.now, logger: deps.logger, onStartedPlaying: () => this.reportState() }, { gated });
  }

  private async speakScripted(text: string, options: PlayOptions): Promise<SpokenResult> {
    const utterance = this.newUtterance(false);
    utterance.say(text);
    utterance.finishText();
    return this.play({ utterance, response: null, interruptible: () => true }, null, options);
  }

  /** Plays a turn to its end (or its interruption) and records what was heard. */
  private async play(speaking: Speaking, response: BotResponse | null, options: PlayOptions = { restartIdle: true }): Promise<SpokenResult> {
    this.speaking = speaking;
    let recorded!: () => void;
    const playing = new Promise<void>((resolve) => (recorded = resolve));
    this.playing = playing;
    // Opened only now: a reply prepared during the patience window may start playing at once,
    // and the state it reports must find its turn already under way.
    response?.commit();
    this.reportState();
    const result = await speaking.utterance.result;
    if (this.speaking === speaking) this.speaking = null;
    this.reportState();
    if (response) await response.settled;
    this.record(result, response, options.line ?? null);
    if (this.playing === playing) this.playing = null;
    recorded();
    if (this.ended) return result;
    if (result.failed && result.playedSamples === 0 && !result.interrupted && options.retry !== false) {
      // The TTS failed before a word was heard: say it again on a fresh context, once.
      this.deps.logger.warn('retrying a turn the TTS failed to speak');
      return this.speakScripted(result.fullText, { restartIdle: options.restartIdle, retry: false, line: this.plan.owed });
    }
    if (this.closed) {
      await this.finish(this.closingReason ?? 'interview complete');
    } else if (!result.interrupted && options.restartIdle) {
      this.startIdle();
    }
    return result;
  }

  /**
   * Settles the plan on what the candidate heard: the reply's step is taken, and its line (a
   * question, follow-up, answer or closing) stays owed if they talked over it before hearing it.
   * The dialogue the LLM sees gets the heard words only.
   */
  private record(result: SpokenResult, response: BotResponse | null, scriptedLine: OwedLine | null): void {
    this.deps.quality?.botLine({
      startSeconds: result.startSeconds,
      endSeconds: result.endSeconds,
      played: result.playedSamples > 0,
      interrupted: result.interrupted,
      reply: response !== null,
    });
    const step = response?.step ?? null;
    if (step) this.plan = step.state;
    if (response?.closingReason) this.closingReason ??= response.closingReason;
    const line = response ? response.line : scriptedLine;
    if (line) {
      const heard = (!result.interrupted && !result.failed) || lineHeard(line, result.fullText, result.text);
      if (!heard) this.deps.logger.info('the candidate did not hear a line; it stays open', { kind: line.kind });
      this.plan = { ...this.plan, owed: heard ? null : line };
    }
    if (result.text.length === 0) return;
    this.dialogue.push({ role: 'bot', text: result.text, interrupted: result.interrupted });
    this.deps.transcript.final('bot', result.text, result.startSeconds, result.endSeconds, null);
  }

  private bargeIn(): void {
    const speaking = this.speaking;
    if (!speaking || !speaking.interruptible() || !speaking.utterance.hasStartedPlaying) return;
    this.deps.logger.info('candidate barged in; bot stops');
    speaking.response?.stopThinking();
    void speaking.utterance.interrupt();
  }

  private async stopSpeaking(): Promise<void> {
    const speaking = this.speaking;
    if (!speaking) {
      await this.playing;
      return;
    }
    speaking.response?.stopThinking();
    await speaking.utterance.interrupt();
    // play() records the result once the utterance settles.
    await this.playing;
  }

  private startIdle(): void {
    this.clearIdle();
    const { idlePromptMs, idleEndMs } = this.deps.timing;
    this.idleTimers = [
      setTimeout(() => {
        if (this.speaking || this.pending || this.ended) return;
        // A line the candidate missed is what they are most likely waiting for.
        const owed = this.plan.owed;
        void this.speakScripted(owed ? sayAgain(owed, this.lines) : this.lines.idlePrompt, { restartIdle: false, line: owed });
      }, idlePromptMs),
      setTimeout(() => void this.endForSilence(), idleEndMs),
    ];
  }

  private async endForSilence(): Promise<void> {
    if (this.ended) return;
    this.clearIdle();
    await this.stopSpeaking();
    this.plan = { ...this.plan, phase: 'closing', owed: null };
    const utterance = this.newUtterance(false);
    utterance.say(this.lines.idleEnd);
    utterance.finishText();
    this.speaking = { utterance, response: null, interruptible: () => false };
    this.reportState();
    const result = await utterance.result;
    this.speaking = null;
    this.reportState();
    this.record(result, null, null);
    await this.finish('candidate idle');
  }

  /**
   * Read from the turn in progress rather than set at each event, so no ordering of interruptions,
   * commits and retries can leave a stale state behind: a turn under way with no audio yet is the
   * bot thinking (LLM, TTS), one whose audio has started is speaking, no turn is listening.
   */
  private reportState(): void {
    if (this.ended || !this.deps.botState) return;
    const speaking = this.speaking;
    const state: BotState = !speaking ? 'listening' : speaking.utterance.hasStartedPlaying ? 'speaking' : 'thinking';
    if (state === this.reportedState) return;
    this.reportedState = state;
    this.deps.botState.botState(state);
  }

  private clearIdle(): void {
    for (const timer of this.idleTimers) clearTimeout(timer);
    this.idleTimers = [];
  }

  /**
   * Sound that never became a turn (a cough, a door) stops the idle timers; once the candidate has
   * been quiet a while with nothing in progress, they start again, so the bot never waits forever.
   */
  private armQuietCheck(): void {
    if (this.quietCheck) clearTimeout(this.quietCheck);
    this.quietCheck = setTimeout(() => {
      this.quietCheck = null;
      if (!this.ended && !this.speaking && !this.pending && this.idleTimers.length === 0) this.startIdle();
    }, QUIET_AFTER_SPEECH_MS);
  }
}
