import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { int16FromBytes } from '../audio/pcm.js';
import { Listeners } from '../runtime/listeners.js';
import { errorText, type Logger } from '../runtime/logger.js';

export interface CartesiaTtsOptions {
  apiKey: string;
  /** `wss://api.cartesia.ai` in production; tests point it at a local `ws://` fake. */
  baseUrl: string;
  /** The pinned API version (`Cartesia-Version` header). */
  version: string;
  modelId: string;
  voiceId: string;
  language: string;
  /** Cartesia accepts 0.6-1.5; the config's wider range is clamped. */
  speed: number;
  sampleRate: number;
  logger: Logger;
  /** How long Cartesia may wait for more text before speaking what it has. */
  maxBufferDelayMs?: number;
}

export type TtsEvent =
  | { type: 'audio'; samples: Int16Array }
  | { type: 'timestamps'; words: string[]; start: number[]; end: number[] }
  | { type: 'done' }
  | { type: 'error'; message: string };

interface CartesiaReply {
  type?: string;
  context_id?: string;
  data?: string;
  done?: boolean;
  word_timestamps?: { words?: string[]; start?: number[]; end?: number[] };
  status_code?: number;
  title?: string;
  message?: string;
  error?: string;
}

/**
 * One bot utterance on the TTS socket: text is pushed as the LLM streams it (`continue: true`),
 * closed with an empty transcript, or cancelled when the candidate interrupts.
 */
export class TtsContext {
  readonly id = randomUUID();
  readonly events = new Listeners<TtsEvent>();
  private finished = false;

  constructor(private readonly tts: CartesiaTts) {}

  get isFinished(): boolean {
    return this.finished;
  }

  push(text: string): void {
    if (this.finished || text.length === 0) return;
    this.tts.send(this.tts.request(this.id, text, true));
  }

  /** No more text: Cartesia speaks what is buffered and answers `done`. */
  end(): void {
    if (this.finished) return;
    this.tts.send(this.tts.request(this.id, '', false));
  }

  cancel(): void {
    if (this.finished) return;
    this.finish();
    this.tts.send({ context_id: this.id, cancel: true });
  }

  /** Called by the client when the context ends for any reason; no events follow. */
  finish(): void {
    this.finished = true;
    this.tts.forget(this.id);
  }
}

/**
 * A small client for Cartesia's TTS WebSocket, written to the wire protocol: the official SDK
 * always dials `wss://` and its ESM build does not load on Node 20. One socket serves every
 * context of the session; replies are routed by `context_id`.
 */
export class CartesiaTts {
  private socket: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;
  private readonly contexts = new Map<string, TtsContext>();
  private closed = false;

  constructor(private readonly options: CartesiaTtsOptions) {}

  /** Opens the socket ahead of the first utterance, so the first words do not wait for a handshake. */
  async connect(): Promise<void> {
    await this.ensureSocket();
  }

  createContext(): TtsContext {
    const context = new TtsContext(this);
    this.contexts.set(context.id, context);
    return context;
  }

  close(): void {
    this.closed = true;
    for (const context of [...this.contexts.values()]) context.finish();
    this.socket?.close();
    this.socket = null;
  }

  /** @internal The full request Cartesia expects on every message of a context. */
  request(contextId: string, transcript: string, more: boolean): Record<string, unknown> {
    const { options } = this;
    return {
      context_id: contextId,
      model_id: options.modelId,
      transcript,
      voice: { mode: 'id', id: options.voiceId },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: options.sampleRate },
      language: options.language,
      continue: more,
      add_timestamps: true,
      max_buffer_delay_ms: options.maxBufferDelayMs ?? 200,
      generation_config: { speed: Math.min(1.5, Math.max(0.6, options.speed)) },
    };
  }

  /** @internal */
  send(message: Record<string, unknown>): void {
    const text = JSON.stringify(message);
    const contextId = String(message.context_id);
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(text);
      return;
    }
    this.ensureSocket().then(
      (socket) => socket.send(text),
      (error: unknown) => this.failContext(contextId, `TTS connection failed: ${errorText(error)}`),
    );
  }

  /** @internal */
  forget(contextId: string): void {
    this.contexts.delete(contextId);
  }

  private ensureSocket(): Promise<WebSocket> {
    if (this.socket?.readyState === WebSocket.OPEN) return Promise.resolve(this.socket);
    if (this.closed) return Promise.reject(new Error('TTS client closed'));
    this.opening ??= this.open().finally(() => (this.opening = null));
    return this.opening;
  }

  private open(): Promise<WebSocket> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/tts/websocket`;
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${this.options.apiKey}`, 'cartesia-version': this.options.version },
      handshakeTimeout: 5000,
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        this.socket = socket;
        resolve(socket);
      });
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`TTS handshake refused: HTTP ${res.statusCode}`)));
      socket.on('message', (data, isBinary) => {
        if (!isBinary) this.onReply(data.toString());
      });
      socket.on('close', () => this.onClose(socket));
    });
  }

  private onClose(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    // Contexts in flight cannot be resumed on a new socket: their audio is lost, so they fail.
    for (const id of [...this.contexts.keys()]) this.failContext(id, 'TTS connection closed');
  }

  private failContext(contextId: string, message: string): void {
    const context = this.contexts.get(contextId);
    if (!context) return;
    context.finish();
    context.events.emit({ type: 'error', message });
  }

  private onReply(text: string): void {
    let reply: CartesiaReply;
    try {
      reply = JSON.parse(text) as CartesiaReply;
    } catch {
      this.options.logger.warn('tts sent a message that is not JSON');
      return;
    }
    const context = reply.context_id ? this.contexts.get(reply.context_id) : undefined;
    if (reply.type === 'error') {
      const message = `${reply.title ?? 'TTS error'}: ${reply.message ?? reply.error ?? 'unknown'} (${reply.status_code ?? '?'})`;
      if (context) this.failContext(context.id, message);
      else this.options.logger.warn('tts error without a live context', { message });
      return;
    }
    if (!context) return;
    if (reply.type === 'chunk' && reply.data) {
      context.events.emit({ type: 'audio', samples: int16FromBytes(Buffer.from(reply.data, 'base64')) });
    } else if (reply.type === 'timestamps' && reply.word_timestamps) {
      const { words = [], start = [], end = [] } = reply.word_timestamps;
      context.events.emit({ type: 'timestamps', words, start, end });
    } else if (reply.type === 'done' || reply.done === true) {
      context.finish();
      context.events.emit({ type: 'done' });
    }
  }
}
