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
  /** Silence (ms) after which Deepgram marks `speech_final`; 300-500 suits conversation. */
  endpointingMs: number;
  /** Gap (ms) in words after which Deepgram sends UtteranceEnd (works in noise, where endpointing may not). */
  utteranceEndMs: number;
  logger: Logger;
  /** Deepgram closes a stream after 10 s without data; a KeepAlive goes out after this much quiet. */
  keepAliveMs?: number;
  /** How much unfinalised audio is kept to replay into a new connection after a drop. */
  replaySeconds?: number;
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
  | { type: 'connection'; state: 'open' | 'reconnecting' };

type ListenSocket = Awaited<ReturnType<DeepgramClient['listen']['v1']['connect']>>;
type ListenMessage = listen.ListenV1Results | listen.ListenV1SpeechStarted | listen.ListenV1UtteranceEnd | listen.ListenV1Metadata;

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
  private socket: ListenSocket | null = null;
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
      socket.sendCloseStream({ type: 'CloseStream' });
    } catch {
      // Already closed: nothing to flush.
    }
    socket.close();
  }

  private async connect(): Promise<void> {
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
    });
    socket.on('message', (message) => this.onMessage(message as ListenMessage));
    socket.on('error', (error) => options.logger.warn('stt socket error', { error: error.message }));
    socket.on('close', (event) => this.onClose(socket, event.code));
    // The SDK creates its sockets closed; connect() dials (and de-duplicates its listeners).
    socket.connect();
    await socket.waitForOpen();
    this.socket = socket;
    // The new stream starts where the unfinalised audio starts; replay it before live audio.
    this.originSample = this.replayStart;
    for (const chunk of this.replay) socket.sendMedia(bytesFromInt16(chunk));
    this.lastSentAt = Date.now();
    this.open = true;
    this.events.emit({ type: 'connection', state: 'open' });
  }

  private onClose(socket: ListenSocket, code: number): void {
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

  private sendControl(type: 'KeepAlive' | 'Finalize'): void {
    try {
      if (type === 'KeepAlive') this.socket?.sendKeepAlive({ type });
      else this.socket?.sendFinalize({ type });
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
