import type { ConsentRecord } from '../contracts/consent.js';
import type { BotState } from '../contracts/live-events.js';
import { voiceIdIn } from '../contracts/interview-language.js';
import type { InterviewQuality } from '../contracts/interview-quality.js';
import type { SessionStatus } from '../contracts/session.js';
import type { LiveSegment } from '../contracts/transcript.js';
import { SAMPLE_RATE } from './audio/pcm.js';
import { defaultVoiceActivityOptions, VoiceActivityDetector } from './audio/voice-activity.js';
import type { BotSettings } from './config/bot-settings.js';
import { ConsentGate, type ConsentOutcome } from './flow/consent-gate.js';
import { InterviewClock } from './flow/interview-clock.js';
import { InterviewConductor, type EndReason } from './flow/interview-conductor.js';
import { inInterviewLanguage } from './flow/localized-questions.js';
import type { SessionReporter } from './live/session-reporter.js';
import { AudioOutput } from './pipeline/audio-output.js';
import { AudioTimeline } from './pipeline/audio-timeline.js';
import { TranscriptLog, type TranscriptSink } from './pipeline/transcript-log.js';
import { FluxTurnTaking } from './pipeline/flux-turn-taking.js';
import { defaultPatienceTiers, holdAfterFluxEnd, patienceFor } from './pipeline/semantic-patience.js';
import { TurnQuality } from './pipeline/turn-quality.js';
import { TurnTaking, type TurnDetector } from './pipeline/turn-taking.js';
import { CartesiaTts } from './providers/cartesia-tts.js';
import { DeepgramStt, isFluxModel } from './providers/deepgram-stt.js';
import { OpenAiLlm } from './providers/openai-llm.js';
import { errorText, type Logger } from './runtime/logger.js';
import type { MediaTransport } from './transports/media-transport.js';

export interface InterviewBotOptions {
  settings: Pick<BotSettings, 'config' | 'providers' | 'behaviour'>;
  transport: MediaTransport;
  /** Where the session is reported (the desktop's socket or the team project); null in a rehearsal. */
  reporter: SessionReporter | null;
  logger: Logger;
  /** Overrides the config's max_duration_minutes (tests of the hard stop). */
  timeLimitMs?: number;
  /** Called once the transport is up (the local entry prints the page's address then). */
  onTransportReady?: () => void;
}

export interface InterviewOutcome {
  /** Why it ended; `stopped` and `session ended` leave the session's status to whoever stopped it. */
  reason: EndReason | 'candidate did not join' | 'session ended on the server' | 'transport failed' | 'consent declined';
  /** What the bot reported to the server at the end, if anything. */
  status: SessionStatus | null;
  segments: readonly LiveSegment[];
  /** Every final segment reached the server (true when there is no server). */
  delivered: boolean;
  /** How the interview felt: latency, barge-ins, long silences, cut-ins. */
  quality: InterviewQuality;
  /** The consent exchange's outcome, when the config asks for consent and it was reached. */
  consent: ConsentOutcome | null;
  /** What went with the final status (figures of an interview that took place; the consent record): the S3 fallback keeps them too. */
  final: { quality: InterviewQuality | null; consent: ConsentRecord | null };
}

/**
 * One interview, end to end: connects the providers, waits for the candidate, reports the session
 * active, wires audio -> STT -> turn-taking -> conductor -> TTS -> audio, and when the conductor is
 * done, makes sure every segment reached the server before it reports the session completed.
 */
export class InterviewBot {
  private readonly stt: DeepgramStt;
  private readonly tts: CartesiaTts;
  private readonly llm: OpenAiLlm;
  private conductor: InterviewConductor | null = null;
  private stopRequested: EndReason | 'session ended on the server' | null = null;
  private wakeWaiter: (() => void) | null = null;
  private transportError: Error | null = null;
  private readonly quality: TurnQuality;
  /** The opening disclosure and consent question, while it runs (configs with a consent block). */
  private gate: ConsentGate | null = null;
  private consent: ConsentOutcome | null = null;

  constructor(private readonly options: InterviewBotOptions) {
    const { config, providers, behaviour } = options.settings;
    const logger = options.logger;
    const flux = isFluxModel(config.transcription.model);
    this.quality = new TurnQuality({
      turnTaking: flux ? 'flux' : behaviour.turnPatience === 'semantic' ? 'nova-semantic' : 'nova-fixed',
      sttModel: config.transcription.model,
    });
    this.stt = new DeepgramStt({
      apiKey: providers.deepgram.apiKey,
      baseUrl: providers.deepgram.baseUrl,
      model: config.transcription.model,
      language: config.transcription.language,
      ...(config.transcription.redact ? { redact: config.transcription.redact } : {}),
      endpointingMs: behaviour.sttEndpointingMs,
      utteranceEndMs: behaviour.sttUtteranceEndMs,
      flux: behaviour.flux,
      logger: logger.child({ part: 'stt' }),
    });
    this.tts = new CartesiaTts({
      apiKey: providers.cartesia.apiKey,
      baseUrl: providers.cartesia.baseUrl,
      version: providers.cartesia.version,
      modelId: providers.cartesia.modelId,
      voiceId: voiceIdIn(config.voice, config.transcription.language),
      language: config.transcription.language.slice(0, 2),
      speed: config.voice.speed,
      sampleRate: SAMPLE_RATE,
      logger: logger.child({ part: 'tts' }),
    });
    this.llm = new OpenAiLlm({
      apiKey: providers.openai.apiKey,
      baseUrl: providers.openai.baseUrl,
      model: config.llm.model,
      temperature: config.llm.temperature,
      maxTokens: config.llm.max_tokens,
      firstTokenTimeoutMs: behaviour.llmFirstTokenTimeoutMs,
      totalTimeoutMs: behaviour.llmTimeoutMs,
      maxRetries: behaviour.llmMaxRetries,
    });
  }

  /** Ends the interview from outside (SIGTERM, cancellation); the session's status is not changed. */
  stop(reason: 'stopped' | 'session ended on the server' = 'stopped'): void {
    this.stopRequested ??= reason;
    this.wakeWaiter?.();
    void this.gate?.stop();
    void this.conductor?.finish('stopped');
  }

  async run(): Promise<InterviewOutcome> {
    const { transport, reporter, logger } = this.options;
    const sinks: TranscriptSink[] = [{ segment: (segment) => transport.showSegment(segment) }];
    if (reporter) sinks.push(reporter);
    const transcript = new TranscriptLog(sinks);
    reporter?.rejected.add(() => this.stop('session ended on the server'));
    transport.failed.add((error) => {
      logger.error('media transport failed', { error: error.message });
      this.transportError = error;
      this.wakeWaiter?.();
      void this.gate?.stop();
      void this.conductor?.finish('candidate left');
    });

    await reporter?.start();
    this.tts.connect().catch((error: unknown) => logger.warn('tts warm-up failed; will retry per turn', { error: errorText(error) }));
    await this.stt.start();
    try {
      await transport.start();
    } catch (error) {
      logger.error('media transport could not start', { error: errorText(error) });
      return this.end(transcript, 'transport failed', 'cancelled', `the bot could not join: ${errorText(error)}`);
    }
    this.options.onTransportReady?.();

    const present = await this.waitForCandidate();
    if (!present) {
      if (this.transportError) return this.end(transcript, 'transport failed', 'cancelled', `the bot lost its media: ${this.transportError.message}`);
      if (this.stopRequested) return this.end(transcript, this.stopRequested, null);
      return this.end(transcript, 'candidate did not join', 'cancelled', 'the candidate did not join');
    }
    reporter?.status('active', 'candidate joined');
    const reason = await this.converse(transcript);
    if (reason === 'stopped' || this.stopRequested) return this.end(transcript, this.stopRequested ?? 'stopped', null);
    if (reason === 'consent declined') return this.end(transcript, reason, 'cancelled', 'the candidate did not consent to the AI interview');
    if (this.transportError) return this.end(transcript, 'transport failed', 'failed', `the bot lost its media: ${this.transportError.message}`);
    return this.end(transcript, reason, 'completed', reason);
  }

  private async waitForCandidate(): Promise<boolean> {
    const { transport, settings } = this.options;
    if (transport.candidatePresent) return true;
    return new Promise<boolean>((resolve) => {
      const done = (value: boolean): void => {
        clearTimeout(timer);
        remove();
        this.wakeWaiter = null;
        resolve(value);
      };
      const timer = setTimeout(() => done(false), settings.behaviour.candidateWaitMs);
      const remove = transport.presence.add((present) => present && done(true));
      this.wakeWaiter = () => done(false);
    });
  }

  /** The interview itself: every part wired together until the conductor says it is over. */
  private async converse(transcript: TranscriptLog): Promise<EndReason | 'consent declined'> {
    const { transport, reporter, settings, logger } = this.options;
    const { behaviour, config } = settings;
    const timeline = new AudioTimeline((samples) => this.stt.sendAudio(samples));
    const vad = new VoiceActivityDetector({ ...defaultVoiceActivityOptions, minSpeechMs: behaviour.bargeInMinSpeechMs });
    const turns = this.turnDetector();
    const limitMs = this.options.timeLimitMs ?? config.interview.max_duration_minutes * 60_000;
    const output = new AudioOutput(transport);
    const showState = (state: BotState): void => {
      transport.showBotState(state);
      reporter?.botState(state);
    };
    const gate = config.consent
      ? new ConsentGate({
          consent: config.consent,
          llm: this.llm,
          tts: this.tts,
          output,
          transcript,
          now: () => timeline.now(),
          logger: logger.child({ part: 'consent' }),
          botState: { botState: showState },
          silenceMs: behaviour.idleEndMs,
        })
      : null;
    this.gate = gate;
    const conductor = new InterviewConductor({
      // The questions in the interview's language: the plan, the prompt and every repeat use them.
      config: inInterviewLanguage(config),
      llm: this.llm,
      tts: this.tts,
      output,
      transcript,
      clock: new InterviewClock({ limitMs, wrapUpLeadMs: behaviour.wrapUpLeadMs ?? InterviewClock.defaultWrapUpLeadMs(limitMs) }),
      now: () => timeline.now(),
      timing: { idlePromptMs: behaviour.idlePromptMs, idleEndMs: behaviour.idleEndMs, rejoinGraceMs: behaviour.rejoinGraceMs },
      logger: logger.child({ part: 'flow' }),
      quality: this.quality,
      // The rehearsal page shows the state too; the Daily page ignores it.
      botState: { botState: showState },
    });
    this.conductor = conductor;
    if (this.stopRequested) void conductor.finish('stopped');

    const unwire = [
      () => timeline.close(),
      transport.audio.add((samples) => {
        timeline.push(samples);
        const change = vad.push(samples);
        if (change) turns.onVoiceActivity(change);
      }),
      this.stt.events.add((event) => {
        turns.onStt(event);
        if (event.type !== 'transcript' || event.text.length === 0) return;
        if (event.isFinal) {
          transcript.final('candidate', event.text, event.start, event.end, event.confidence);
          this.quality.candidateSpoke(event.end);
        }
        else transcript.interim('candidate', event.text, event.start, event.end, event.confidence);
      }),
      // Turns belong to the consent exchange until it is settled, then to the interview.
      turns.events.add((event) => (gate?.active ? gate.onTurn(event) : conductor.onTurn(event))),
      transport.presence.add((present) => {
        if (gate?.active) {
          if (!present) void gate.stop();
          return;
        }
        conductor.onPresence(present);
      }),
    ];
    if (gate) {
      const consent = await gate.run();
      this.consent = consent;
      if (consent.reason === 'stopped') {
        for (const remove of unwire) remove();
        turns.stop();
        return this.transportError ? 'candidate left' : 'stopped';
      }
      // A "yes" is on record at once; a refusal goes with the session's final status.
      if (consent.proceed) reporter?.status('active', 'consent recorded', undefined, this.consentRecord() ?? undefined);
      else {
        for (const remove of unwire) remove();
        turns.stop();
        return 'consent declined';
      }
    }
    const reason = await conductor.run();
    for (const remove of unwire) remove();
    turns.stop();
    return reason;
  }

  /**
   * Nova's results through the bot's own patience, or Flux's turns. Semantic patience reads the
   * candidate's words against the line they answer (what they last heard the bot say).
   */
  private turnDetector(): TurnDetector {
    const { behaviour, config } = this.options.settings;
    const semantic = behaviour.turnPatience === 'semantic';
    const heardLine = (): string | null => this.conductor?.lastBotLine ?? null;
    const language = config.transcription.language;
    if (isFluxModel(config.transcription.model)) {
      return new FluxTurnTaking({
        resumeGraceMs: 2000,
        holdFor: semantic ? (text) => holdAfterFluxEnd(text, heardLine(), defaultPatienceTiers, language) : undefined,
      });
    }
    return new TurnTaking({
      patienceMs: behaviour.turnPatienceMs,
      resumeGraceMs: 2000,
      patienceFor: semantic ? (text) => patienceFor(text, heardLine(), defaultPatienceTiers, language) : undefined,
    });
  }

  private async end(
    transcript: TranscriptLog,
    reason: InterviewOutcome['reason'],
    status: SessionStatus | null,
    statusReason?: string,
  ): Promise<InterviewOutcome> {
    const { transport, reporter, logger } = this.options;
    await this.stt.close();
    this.tts.close();
    await transport.end(reason).catch(() => undefined);
    let delivered = true;
    // The figures go with the final status of an interview that took place.
    const took = reason !== 'transport failed' && reason !== 'candidate did not join' && reason !== 'consent declined';
    const final = { quality: took ? this.quality.figures() : null, consent: this.consentRecord() };
    if (reporter) {
      // Every segment must be stored before the session ends: ending revokes the bot's token.
      delivered = await reporter.flush(10_000);
      if (!delivered) logger.error('some segments were not acknowledged by the server');
      if (status && this.stopRequested !== 'session ended on the server') {
        reporter.status(status, statusReason, final.quality ?? undefined, final.consent ?? undefined);
        await reporter.flush(5000);
      }
      reporter.close();
    }
    await transport.stop().catch((error: unknown) => logger.warn('stopping the transport failed', { error: errorText(error) }));
    logger.info('interview over', { reason, status, segments: transcript.segments.length, delivered });
    return { reason, status, segments: transcript.segments, delivered, quality: this.quality.figures(), consent: this.consent, final };
  }

  /** What the session keeps of the consent exchange (the server adds the config version). */
  private consentRecord(): ConsentRecord | null {
    const consent = this.consent;
    if (!consent || consent.reason === 'stopped') return null;
    const template = this.options.settings.config.consent?.template;
    return { given: consent.given, at: consent.at, words: consent.words, ...(template ? { template } : {}) };
  }
}
