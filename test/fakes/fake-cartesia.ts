import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local Cartesia TTS WebSocket (`/tts/websocket`) speaking the protocol of protocols.md. Each
 * word of a context's transcript becomes a tone burst as long as the word (so audio is sized to the
 * text), streamed as base64 `chunk` messages faster than real time, each word followed by its
 * `timestamps`; `done` once the context is closed (`continue: false`) and spoken. A `cancel` stops
 * the context at once. Every request is recorded and checked against the wire format.
 */
export interface FakeCartesiaOptions {
  port?: number;
  apiKey?: string;
  /** Audio per character of text (a word of n letters lasts (n + 1) * msPerChar). */
  msPerChar?: number;
  /** Delay from a context's first text to its first audio chunk (the service's latency). */
  firstAudioDelayMs?: number | (() => number);
  chunkMs?: number;
  amplitude?: number;
  /** Generation speed against real time (2: twice as fast as playback); 0, the default, is as fast as possible. */
  pace?: number;
}

export interface RecordedTtsContext {
  id: string;
  transcripts: string[];
  closed: boolean;
  cancelled: boolean;
  done: boolean;
  failed: boolean;
  sampleRate: number;
  samplesSent: number;
  chunksSent: number;
}

export interface FakeCartesia {
  /** Base URL for CARTESIA_API_URL (`ws://127.0.0.1:PORT`). */
  url: string;
  readonly requests: Record<string, unknown>[];
  readonly contexts: Map<string, RecordedTtsContext>;
  /** Requests that broke the wire format (each with why); tests expect none. */
  readonly problems: string[];
  readonly handshakes: { authorization: string | null; apiKey: string | null; version: string | null }[];
  /** The next `count` contexts fail with an error message after `afterChunks` chunks. */
  failNext(options?: { count?: number; afterChunks?: number; status?: number; message?: string }): void;
  stop(): Promise<void>;
}

interface ContextState {
  record: RecordedTtsContext;
  words: string[];
  buffer: string;
  cursor: number;
  audioSeconds: number;
  started: boolean;
  running: boolean;
  failAfter: { afterChunks: number; status: number; message: string } | null;
}

function problemOf(request: Record<string, unknown>): string | null {
  if (typeof request.context_id !== 'string' || request.context_id.length === 0) return 'context_id is required';
  if (request.cancel === true) return null;
  if (typeof request.model_id !== 'string') return 'model_id is required';
  if (typeof request.transcript !== 'string') return 'transcript must be a string';
  const voice = request.voice as { mode?: unknown; id?: unknown } | undefined;
  if (voice?.mode !== 'id' || typeof voice.id !== 'string') return 'voice must be { mode: "id", id }';
  const format = request.output_format as { container?: unknown; encoding?: unknown; sample_rate?: unknown } | undefined;
  if (format?.container !== 'raw' || format.encoding !== 'pcm_s16le' || typeof format.sample_rate !== 'number') {
    return 'output_format must be { container: "raw", encoding: "pcm_s16le", sample_rate }';
  }
  if (request.continue !== undefined && typeof request.continue !== 'boolean') return 'continue must be a boolean';
  const speed = (request.generation_config as { speed?: unknown } | undefined)?.speed;
  if (speed !== undefined && (typeof speed !== 'number' || speed < 0.6 || speed > 1.5)) return 'generation_config.speed must be 0.6-1.5';
  return null;
}

function tone(samples: number, sampleRate: number, amplitude: number, phase: number): Buffer {
  const buffer = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = (phase + i) / sampleRate;
    // A voiced-sounding tone: a 180 Hz fundamental with a slow syllable-like envelope.
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
    buffer.writeInt16LE(Math.round(amplitude * envelope * Math.sin(2 * Math.PI * 180 * t)), i * 2);
  }
  return buffer;
}

export async function startFakeCartesia(options: FakeCartesiaOptions = {}): Promise<FakeCartesia> {
  const apiKey = options.apiKey ?? 'test-cartesia-key';
  const msPerChar = options.msPerChar ?? 45;
  const chunkMs = options.chunkMs ?? 40;
  const amplitude = options.amplitude ?? 6000;
  const requests: Record<string, unknown>[] = [];
  const contexts = new Map<string, RecordedTtsContext>();
  const problems: string[] = [];
  const handshakes: FakeCartesia['handshakes'] = [];
  const failures: { afterChunks: number; status: number; message: string }[] = [];

  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const authorization = req.headers.authorization ?? null;
    const headerKey = (req.headers['x-api-key'] as string | undefined) ?? null;
    const version = (req.headers['cartesia-version'] as string | undefined) ?? null;
    handshakes.push({ authorization, apiKey: headerKey, version });
    const keyOk = authorization === `Bearer ${apiKey}` || headerKey === apiKey;
    if (url.pathname !== '/tts/websocket' || !keyOk || !version) {
      const status = url.pathname !== '/tts/websocket' ? '404 Not Found' : !keyOk ? '401 Unauthorized' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  function serve(ws: WebSocket): void {
    const states = new Map<string, ContextState>();
    const send = (message: Record<string, unknown>): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('message', (data) => {
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        problems.push('a message was not JSON');
        send({ type: 'error', status_code: 400, title: 'Invalid request', message: 'not JSON', done: true });
        return;
      }
      requests.push(request);
      const problem = problemOf(request);
      const contextId = String(request.context_id);
      if (problem) {
        problems.push(problem);
        send({ type: 'error', context_id: contextId, status_code: 400, title: 'Invalid request', message: problem, done: true });
        return;
      }
      let state = states.get(contextId);
      if (request.cancel === true) {
        if (state) {
          state.record.cancelled = true;
          state.running = false;
        }
        return;
      }
      if (!state) {
        const record: RecordedTtsContext = {
          id: contextId,
          transcripts: [],
          closed: false,
          cancelled: false,
          done: false,
          failed: false,
          sampleRate: Number((request.output_format as { sample_rate: number }).sample_rate),
          samplesSent: 0,
          chunksSent: 0,
        };
        contexts.set(contextId, record);
        state = { record, words: [], buffer: '', cursor: 0, audioSeconds: 0, started: false, running: true, failAfter: failures.shift() ?? null };
        states.set(contextId, state);
      }
      if (state.record.closed || state.record.cancelled) return;
      const transcript = String(request.transcript);
      state.record.transcripts.push(transcript);
      state.buffer += transcript;
      const more = request.continue === true;
      // Whole words only while more text may come; everything once the context is closed.
      const cut = more ? state.buffer.search(/\s\S*$/) + 1 : state.buffer.length;
      if (cut > 0) {
        state.words.push(...state.buffer.slice(0, cut).split(/\s+/).filter(Boolean));
        state.buffer = state.buffer.slice(cut);
      }
      if (!more) state.record.closed = true;
      if (!state.started) {
        state.started = true;
        setTimeout(() => void speak(state as ContextState), typeof options.firstAudioDelayMs === 'function' ? options.firstAudioDelayMs() : (options.firstAudioDelayMs ?? 20));
      }
    });

    async function speak(state: ContextState): Promise<void> {
      const { record } = state;
      const chunkSamples = Math.round((record.sampleRate * chunkMs) / 1000);
      let phase = 0;
      while (state.running) {
        const word = state.words[state.cursor];
        if (word === undefined) {
          if (record.closed) {
            record.done = true;
            send({ type: 'done', context_id: record.id, done: true, status_code: 200 });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        state.cursor++;
        const seconds = ((word.length + 1) * msPerChar) / 1000;
        const total = Math.round(seconds * record.sampleRate);
        for (let offset = 0; offset < total && state.running; offset += chunkSamples) {
          if (state.failAfter && record.chunksSent >= state.failAfter.afterChunks) {
            record.failed = true;
            state.running = false;
            send({ type: 'error', context_id: record.id, status_code: state.failAfter.status, title: 'Internal Server Error', message: state.failAfter.message, done: true });
            return;
          }
          const samples = Math.min(chunkSamples, total - offset);
          send({ type: 'chunk', context_id: record.id, data: tone(samples, record.sampleRate, amplitude, phase).toString('base64'), done: false, step_time: 1 });
          phase += samples;
          record.samplesSent += samples;
          record.chunksSent++;
          const pace = options.pace ?? 0;
          await new Promise((resolve) => (pace > 0 ? setTimeout(resolve, (samples / record.sampleRate) * 1000 / pace) : setImmediate(resolve)));
        }
        if (!state.running) return;
        send({
          type: 'timestamps',
          context_id: record.id,
          word_timestamps: { words: [word], start: [Number(state.audioSeconds.toFixed(3))], end: [Number((state.audioSeconds + seconds).toFixed(3))] },
        });
        state.audioSeconds += seconds;
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    requests,
    contexts,
    problems,
    handshakes,
    failNext: ({ count = 1, afterChunks = 0, status = 500, message = 'Internal error in generation' } = {}) => {
      for (let i = 0; i < count; i++) failures.push({ afterChunks, status, message });
    },
    stop: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
