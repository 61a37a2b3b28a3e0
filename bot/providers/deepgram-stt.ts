import { DeepgramClient, type listen } from '@deepgram/sdk';
import { bytesFromInt16, SAMPLE_RATE, secondsToSamples } from '../audio/pcm.js';
import { delay } from '../runtime/delay.js';
import { Listeners } from '../runtime/listeners.js';
import { errorText, type Logger } from '../runtime/logger.js';

export interface DeepgramSttOptions {
  apiKey: string;
  /** `wss://api.deepgram.com` in production; tests point it at a local `ws://` fake. */
  baseUrl: string;
  model: string;
  language: string;
  /** Deepgram's source redaction (`redact=pci&redact=ssn`...); Nova models only. */
  redact?: string[];
  /** Silence (ms) after which Deepgram marks `speech_final`; 300-500 suits conversation. */
  endpointingMs: number;
  /** Gap (ms) in words after which Deepgram sends UtteranceEnd (works in noise, where endpointing may not). */
  utteranceEndMs: number;
  logger: Logger;
  /** Deepgram closes a stream after 10 s without data; a KeepAlive goes out after this much quiet. */
  keepAliveMs?: number;
  /** How much unfinalised audio is kept to replay into a new connection after a drop. */
  replaySeconds?: number;
  /** Flux's end-of-turn thresholds (a `flux-*` model is dialled on `/v2/listen`). */
  flux?: { eagerEotThreshold: number; eotThreshold: number; eotTimeoutMs: number };
}

/** Flux models are Deepgram's conversational STT, with its own end-of-turn detection (`/v2/listen`). */
export function isFluxModel(model: string): boolean {
  return model.startsWith('flux');
}

/** Every time is in seconds of the session's audio (the first sample fed is 0). */
export type SttEvent =
  | { type: 'speech-started'; at: number }
  | {
      type: 'transcript';
      text: string;
      isFinal: boolean;
      speechFinal: boolean;
      start: number;
      end: number;
      confidence: number;
    }
  | { type: 'utterance-end'; lastWordEnd: number }
  /**
   * Flux's turn events: the candidate began a turn, probably finished it (`eager-end`: prepare a
   * reply), went on after all (`resumed`), or finished it (`end`). `text` is the turn so far.
   */
  | { type: 'turn'; phase: 'start' | 'eager-end' | 'resumed' | 'end'; text: string; start: number; end: number }
  | { type: 'connection'; state: 'open' | 'reconnecting' };

type FluxSocket = Awaited<ReturnType<DeepgramClient['listen']['v2']['connect']>>;
type ListenMessage = listen.ListenV1Results | listen.ListenV1SpeechStarted | listen.ListenV1UtteranceEnd | listen.ListenV1Metadata;
type FluxMessage = listen.ListenV2Connected | listen.ListenV2TurnInfo | listen.ListenV2ConfigureSuccess | listen.ListenV2ConfigureFailure | listen.ListenV2FatalError;

/** One open stream, whichever API it is on: what the client needs of it. */
interface ListenStream {
  sendMedia(bytes: Uint8Array): void;
  /** Nova's KeepAlive and Finalize; Flux has neither (and is fed audio without pause). */
  control(type: 'KeepAlive' | 'Finalize'): void;
  closeStream(): void;
  close(): void;
}

const FLUX_EVENTS: Record<string, 'start' | 'eager-end' | 'resumed' | 'end' | undefined> = {
  StartOfTurn: 'start',
  EagerEndOfTurn: 'eager-end',
  TurnResumed: 'resumed',
  EndOfTurn: 'end',
};

const RECONNECT_DELAYS_MS = [0, 250, 500, 1000, 2000, 4000];

/**
 * Live speech-to-text over the official Deepgram SDK (it works on Node 20 and takes a `ws://` base
 * URL). The SDK's own reconnection is off: after a drop we reconnect at once and replay the audio
 * that no final result has covered yet, so words spoken across a drop are still transcribed, and we
 * shift the new stream's timestamps (Deepgram restarts them at 0) back onto the session's clock.
 */
export class DeepgramStt {
  readonly events = new Listeners<SttEvent>();
  private readonly client: DeepgramClient;
  private socket: ListenStream | null = null;
  private open = false;
  private running = false;
  /** Samples fed since the session started: the session's audio clock. */
  private fedSamples = 0;
  /** Session sample at which the current connection's stream time 0 lies. */
  private originSample = 0;
  /** Audio not yet covered by a final result, starting at session sample `replayStart`. */
  private replay: Int16Array[] = [];
  private replayStart = 0;
  private lastSentAt = 0;
  private keepAlive: NodeJS.Timeout | null = null;
  private reconnecting: Promise<void> | null = null;

  constructor(private readonly options: DeepgramSttOptions) {
    this.client = new DeepgramClient({ apiKey: options.apiKey, baseUrl: options.baseUrl });
  }

  get sessionSeconds(): number {
    return this.fedSamples / SAMPLE_RATE;
  }

  async start(): Promise<void> {
    this.running = true;
    try {
      await this.connect();
    } catch (error) {
      // Not fatal: the interview can start while we keep dialling, and the audio waits in the replay.
      this.options.logger.warn('stt connection failed; retrying', { error: errorText(error) });
      this.events.emit({ type: 'connection', state: 'reconnecting' });
      this.reconnecting ??= this.reconnect().finally(() => (this.reconnecting = null));
    }
    const keepAliveMs = this.options.keepAliveMs ?? 4000;
    this.keepAlive = setInterval(() => {
      if (this.open && Date.now() - this.lastSentAt >= keepAliveMs) this.sendControl('KeepAlive');
    }, Math.max(250, keepAliveMs / 4));
    this.keepAlive.unref();
  }

  /** Feeds the candidate's audio (16 kHz mono). While reconnecting it is kept for the replay. */
  sendAudio(samples: Int16Array): void {
    this.fedSamples += samples.length;
    this.remember(samples);
    if (!this.open || !this.socket) return;
    try {
      this.socket.sendMedia(bytesFromInt16(samples));
      this.lastSentAt = Date.now();
    } catch (error) {
      this.options.logger.warn('stt send failed', { error: errorText(error) });
    }
  }

  /** Asks Deepgram to flush what it has heard as a final result. */
  finalize(): void {
    if (this.open) this.sendControl('Finalize');
  }

  async close(): Promise<void> {
    this.running = false;
    if (this.keepAlive) clearInterval(this.keepAlive);
    const socket = this.socket;
    this.socket = null;
    this.open = false;
    if (!socket) return;
    try {
      socket.closeStream();
    } catch {
      // Already closed: nothing to flush.
    }
    socket.close();
  }

  private async connect(): Promise<void> {
    const socket = isFluxModel(this.options.model) ? await this.dialFlux() : await this.dialNova();
    this.socket = socket;
    // The new stream starts where the unfinalised audio starts; replay it before live audio.
    this.originSample = this.replayStart;
    for (const chunk of this.replay) socket.sendMedia(bytesFromInt16(chunk));
    this.lastSentAt = Date.now();
    this.open = true;
    this.events.emit({ type: 'connection', state: 'open' });
  }

  private async dialNova(): Promise<ListenStream> {
    const { options } = this;
    const socket = await this.client.listen.v1.connect({
      model: options.model,
      language: options.language,
      encoding: 'linear16',
      sample_rate: SAMPLE_RATE,
      channels: 1,
      interim_results: 'true',
      endpointing: options.endpointingMs,
      utterance_end_ms: options.utteranceEndMs,
      vad_events: 'true',
      smart_format: 'true',
      punctuate: 'true',
      Authorization: `Token ${options.apiKey}`,
      reconnectAttempts: 0,
      connectionTimeoutInSeconds: 5,
      // Repeated query keys (the SDK's single `redact` field takes one value).
      ...(options.redact && options.redact.length > 0 ? { queryParams: { redact: options.redact } } : {}),
    });
    const stream: ListenStream = {
      sendMedia: (bytes) => socket.sendMedia(bytes),
      control: (type) => (type === 'KeepAlive' ? socket.sendKeepAlive({ type }) : socket.sendFinalize({ type })),
      closeStream: () => socket.sendCloseStream({ type: 'CloseStream' }),
      close: () => socket.close(),
    };
    socket.on('message', (message) => this.onMessage(message as ListenMessage));
    socket.on('error', (error) => options.logger.warn('stt socket error', { error: error.message }));
    socket.on('close', (event) => this.onClose(stream, event.code));
    // The SDK creates its sockets closed; connect() dials (and de-duplicates its listeners).
    socket.connect();
    await socket.waitForOpen();
    return stream;
  }

  /** Flux: `/v2/listen`, eager end of turn on, so a reply can be prepared before the turn is over. */
  private async dialFlux(): Promise<ListenStream> {
    const { options } = this;
    const flux = options.flux ?? { eagerEotThreshold: 0.5, eotThreshold: 0.7, eotTimeoutMs: 5000 };
    const socket: FluxSocket = await this.client.listen.v2.connect({
      model: options.model,
      encoding: 'linear16',
      sample_rate: SAMPLE_RATE,
      eager_eot_threshold: flux.eagerEotThreshold,
      eot_threshold: flux.eotThreshold,
      eot_timeout_ms: flux.eotTimeoutMs,
      // flux-general-multi is biased toward the interview's language; the English model ignores it.
      ...(options.model === 'flux-general-multi' ? { language_hint: options.language.slice(0, 2) } : {}),
      Authorization: `Token ${options.apiKey}`,
      reconnectAttempts: 0,
      connectionTimeoutInSeconds: 5,
    });
    const stream: ListenStream = {
      sendMedia: (bytes) => socket.sendMedia(bytes),
      control: () => undefined,
      closeStream: () => socket.sendCloseStream({ type: 'CloseStream' }),
      close: () => socket.close(),
    };
    socket.on('message', (message) => this.onFluxMessage(message as FluxMessage));
    socket.on('error', (error) => options.logger.warn('stt socket error', { error: error.message }));
    socket.on('close', (event) => this.onClose(stream, event.code));
    socket.connect();
    await socket.waitForOpen();
    return stream;
  }

  private onClose(socket: ListenStream, code: number): void {
    if (socket !== this.socket) return;
    this.open = false;
    this.socket = null;
    if (!this.running) return;
    this.options.logger.warn('stt connection dropped; reconnecting', { code });
    this.events.emit({ type: 'connection', state: 'reconnecting' });
    this.reconnecting ??= this.reconnect().finally(() => (this.reconnecting = null));
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; this.running; attempt++) {
      await delay(RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] as number);
      if (!this.running) return;
      try {
        await this.connect();
        this.options.logger.info('stt reconnected', { attempt, replayedSeconds: (this.fedSamples - this.replayStart) / SAMPLE_RATE });
        return;
      } catch (error) {
        this.options.logger.warn('stt reconnect failed', { attempt, error: errorText(error) });
      }
    }
  }

  private onMessage(message: ListenMessage): void {
    const origin = this.originSample / SAMPLE_RATE;
    if (message.type === 'SpeechStarted') {
      this.events.emit({ type: 'speech-started', at: origin + message.timestamp });
    } else if (message.type === 'UtteranceEnd') {
      this.events.emit({ type: 'utterance-end', lastWordEnd: origin + message.last_word_end });
    } else if (message.type === 'Results') {
      const alternative = message.channel.alternatives[0];
      const text = alternative?.transcript.trim() ?? '';
      const words = alternative?.words ?? [];
      const isFinal = message.is_final === true;
      if (isFinal) this.forget(origin + message.start + message.duration);
      this.events.emit({
        type: 'transcript',
        text,
        isFinal,
        speechFinal: message.speech_final === true,
        start: origin + (words[0]?.start ?? message.start),
        end: origin + (words[words.length - 1]?.end ?? message.start + message.duration),
        confidence: alternative?.confidence ?? 0,
      });
    }
  }

  /**
   * Flux's TurnInfo: the turn's transcript so far on every event. Updates become interim results
   * and EndOfTurn the final one (what the transcript keeps); the turn events drive turn-taking.
   */
  private onFluxMessage(message: FluxMessage): void {
    if (message.type === 'Error') {
      this.options.logger.warn('stt error from flux', { code: message.code, description: message.description });
      return;
    }
    if (message.type !== 'TurnInfo') return;
    const origin = this.originSample / SAMPLE_RATE;
    const text = message.transcript.trim();
    const words = message.words;
    const start = origin + (words[0]?.start ?? message.audio_window_start);
    const end = origin + (words[words.length - 1]?.end ?? message.audio_window_end);
    const confidence = words.length > 0 ? words.reduce((sum, word) => sum + word.confidence, 0) / words.length : 0;
    const phase = FLUX_EVENTS[message.event];
    if (phase === 'start') this.events.emit({ type: 'speech-started', at: origin + message.audio_window_start });
    if (phase === 'end') {
      this.forget(origin + message.audio_window_end);
      if (text.length > 0) this.events.emit({ type: 'transcript', text, isFinal: true, speechFinal: true, start, end, confidence });
    } else if (text.length > 0 && (message.event === 'Update' || phase === 'eager-end')) {
      this.events.emit({ type: 'transcript', text, isFinal: false, speechFinal: false, start, end, confidence });
    }
    if (phase) this.events.emit({ type: 'turn', phase, text, start, end });
  }

  private sendControl(type: 'KeepAlive' | 'Finalize'): void {
    try {
      this.socket?.control(type);
      this.lastSentAt = Date.now();
    } catch (error) {
      this.options.logger.warn('stt control failed', { type, error: errorText(error) });
    }
  }

  private remember(samples: Int16Array): void {
    this.replay.push(samples.slice());
    const limit = secondsToSamples(this.options.replaySeconds ?? 30);
    while (this.fedSamples - this.replayStart > limit && this.replay.length > 1) {
      this.replayStart += (this.replay.shift() as Int16Array).length;
    }
  }

  /** Drops replay audio that a final result has covered (whole chunks only). */
  private forget(finalEndSeconds: number): void {
    const covered = Math.min(secondsToSamples(finalEndSeconds), this.fedSamples);
    while (this.replay.length > 0 && this.replayStart + (this.replay[0] as Int16Array).length <= covered) {
      this.replayStart += (this.replay.shift() as Int16Array).length;
    }
  }
}
