import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local Deepgram live-transcription endpoint (`/v1/listen` for Nova, `/v2/listen` for Flux) that
 * speaks the wire protocol of protocols.md. It cannot recognise words: it finds speech by energy in the PCM it is sent and,
 * for each utterance, answers with the next scripted text: interim Results while the speech goes
 * on, a final Results with `speech_final` once the silence reaches `endpointing`, and UtteranceEnd
 * after `utterance_end_ms`. Times are stream times (seconds of audio received on that connection),
 * as Deepgram's are. Every connection's query, auth and control messages are recorded.
 */
export interface FakeDeepgramOptions {
  port?: number;
  /** The key a client must present (`Authorization: Token KEY` or subprotocols `token, KEY`). */
  apiKey?: string;
  answers?: string[];
  /** A 10 ms frame is speech above this RMS (int16 scale). */
  speechThreshold?: number;
  /** Overrides the query's `endpointing` (ms of silence before a final). */
  endpointingMs?: number;
  /** Wall-clock delay added before each final is sent (a slower service). */
  finalDelayMs?: number | (() => number);
  /** Wall-clock delay before SpeechStarted is sent (the service's own VAD is not instant). */
  speechStartedDelayMs?: number;
  interimEveryMs?: number;
  /** Flux: silence before EagerEndOfTurn (sent only when the client set eager_eot_threshold). */
  fluxEagerSilenceMs?: number;
  /** Flux: silence before a confident EndOfTurn. */
  fluxEotSilenceMs?: number;
}

export interface RecordedListenConnection {
  id: number;
  query: Record<string, string>;
  authorization: string | null;
  protocols: string[];
  audioBytes: number;
  controls: string[];
  /** Every message sent to the client, in order. */
  sent: Record<string, unknown>[];
  open: boolean;
}

export interface FakeUtterance {
  connection: number;
  text: string;
  start: number;
  end: number;
}

export interface FakeDeepgram {
  /** Base URL for DEEPGRAM_API_URL (`ws://127.0.0.1:PORT`). */
  url: string;
  readonly connections: RecordedListenConnection[];
  /** Utterances answered with a final result, in order. */
  readonly utterances: FakeUtterance[];
  script(...answers: string[]): void;
  /** Called when an utterance's speech starts (tests drop the socket mid-answer from here). */
  onSpeechStart(handler: (connection: RecordedListenConnection, utteranceIndex: number) => void): void;
  /** Abruptly closes every open stream (as a network drop or a service restart would). */
  dropAll(): void;
  stop(): Promise<void>;
}

const SAMPLE_RATE = 16_000;

/** A fixed delay, or one drawn per message (the benchmark's latency ranges). */
function delayOf(delay: number | (() => number) | undefined): number {
  return typeof delay === 'function' ? delay() : (delay ?? 0);
}
const FRAME = 160; // 10 ms

/** Cuts little-endian 16-bit PCM into 10 ms frames; returns the samples left over for next time. */
function splitFrames(pending: Int16Array, bytes: Buffer, onFrame: (frame: Int16Array) => void): Int16Array<ArrayBuffer> {
  const usable = bytes.length - (bytes.length % 2);
  const joined = new Int16Array(pending.length + usable / 2);
  joined.set(pending);
  for (let i = 0; i < usable / 2; i++) joined[pending.length + i] = bytes.readInt16LE(i * 2);
  let offset = 0;
  for (; offset + FRAME <= joined.length; offset += FRAME) onFrame(joined.subarray(offset, offset + FRAME));
  return joined.slice(offset);
}

/** The `type` of a client's text message, as the fake records it. */
function controlType(text: string): string {
  try {
    return String((JSON.parse(text) as { type?: unknown }).type);
  } catch {
    return 'invalid-json';
  }
}
const MIN_SPEECH_FRAMES = 2;

class ListenStream {
  private pending = new Int16Array(0);
  private samples = 0;
  private speaking = false;
  private speechRun = 0;
  private speechStart = 0;
  private lastSpeechEnd = 0;
  private lastFinalEnd = 0;
  private utteranceEndDue: number | null = null;
  private lastInterimAt = 0;
  private readonly requestId = randomUUID();

  constructor(
    private readonly socket: WebSocket,
    readonly record: RecordedListenConnection,
    private readonly fake: FakeDeepgramState,
  ) {}

  private get endpointingMs(): number {
    return this.fake.options.endpointingMs ?? Number(this.record.query.endpointing ?? 10);
  }

  private get utteranceEndMs(): number | null {
    const value = this.record.query.utterance_end_ms;
    return value === undefined ? null : Number(value);
  }

  audio(bytes: Buffer): void {
    this.record.audioBytes += bytes.length;
    this.pending = splitFrames(this.pending, bytes, (frame) => this.frame(frame));
  }

  control(text: string): void {
    const type = controlType(text);
    this.record.controls.push(type);
    if (type === 'Finalize' && this.speaking) this.final(true);
    if (type === 'CloseStream') {
      if (this.speaking) this.final(true);
      this.send({ type: 'Metadata', request_id: this.requestId, duration: this.seconds, channels: 1 });
      this.socket.close(1000);
    }
  }

  private get seconds(): number {
    return this.samples / SAMPLE_RATE;
  }

  private frame(frame: Int16Array): void {
    let sum = 0;
    for (const sample of frame) sum += sample * sample;
    const loud = Math.sqrt(sum / frame.length) > (this.fake.options.speechThreshold ?? 600);
    this.samples += FRAME;
    if (loud) {
      this.speechRun++;
      this.lastSpeechEnd = this.samples;
      this.utteranceEndDue = null;
      if (!this.speaking && this.speechRun >= MIN_SPEECH_FRAMES) this.beginUtterance();
      if (this.speaking && (this.samples - this.lastInterimAt) / SAMPLE_RATE >= (this.fake.options.interimEveryMs ?? 300) / 1000) this.interim();
      return;
    }
    this.speechRun = 0;
    const silenceMs = ((this.samples - this.lastSpeechEnd) / SAMPLE_RATE) * 1000;
    if (this.speaking && silenceMs >= this.endpointingMs) this.final(false);
    if (this.utteranceEndDue !== null && this.samples >= this.utteranceEndDue) {
      this.utteranceEndDue = null;
      this.send({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: this.lastSpeechEnd / SAMPLE_RATE });
    }
  }

  private beginUtterance(): void {
    this.speaking = true;
    this.speechStart = this.samples - this.speechRun * FRAME;
    this.lastInterimAt = this.speechStart;
    if (this.record.query.vad_events === 'true') {
      const message = { type: 'SpeechStarted', channel: [0], timestamp: this.speechStart / SAMPLE_RATE };
      const delayMs = this.fake.options.speechStartedDelayMs ?? 0;
      if (delayMs > 0) setTimeout(() => this.send(message), delayMs);
      else this.send(message);
    }
    for (const handler of this.fake.speechHandlers) handler(this.record, this.fake.utterances.length);
  }

  private interim(): void {
    this.lastInterimAt = this.samples;
    if (this.record.query.interim_results !== 'true') return;
    const words = this.fake.peekAnswer().split(/\s+/);
    const elapsed = (this.samples - this.speechStart) / SAMPLE_RATE;
    const shown = Math.max(1, Math.min(words.length - 1, Math.floor(elapsed / 0.25)));
    this.send(this.results(words.slice(0, shown).join(' '), this.speechStart, this.samples, false, false, false));
  }

  private final(fromFinalize: boolean): void {
    this.speaking = false;
    const text = this.fake.takeAnswer();
    const end = this.lastSpeechEnd;
    this.fake.utterances.push({ connection: this.record.id, text, start: this.speechStart / SAMPLE_RATE, end: end / SAMPLE_RATE });
    const message = this.results(text, this.speechStart, end, true, !fromFinalize, fromFinalize);
    this.lastFinalEnd = this.samples;
    const utteranceEndMs = this.utteranceEndMs;
    if (utteranceEndMs !== null) this.utteranceEndDue = end + (utteranceEndMs / 1000) * SAMPLE_RATE;
    const delayMs = delayOf(this.fake.options.finalDelayMs);
    if (delayMs > 0) setTimeout(() => this.send(message), delayMs);
    else this.send(message);
  }

  private results(text: string, startSample: number, endSample: number, isFinal: boolean, speechFinal: boolean, fromFinalize: boolean): Record<string, unknown> {
    const words = text.split(/\s+/).filter(Boolean);
    const start = startSample / SAMPLE_RATE;
    const span = Math.max(0.05, (endSample - startSample) / SAMPLE_RATE);
    const windowStart = Math.min(this.lastFinalEnd, startSample) / SAMPLE_RATE;
    return {
      type: 'Results',
      channel_index: [0, 1],
      duration: Number((this.seconds - windowStart).toFixed(3)),
      start: Number(windowStart.toFixed(3)),
      is_final: isFinal,
      speech_final: speechFinal,
      ...(fromFinalize ? { from_finalize: true } : {}),
      channel: {
        alternatives: [
          {
            transcript: text,
            confidence: 0.93,
            words: words.map((word, index) => ({
              word: word.toLowerCase().replace(/[^\w']/g, ''),
              punctuated_word: word,
              start: Number((start + (span * index) / words.length).toFixed(3)),
              end: Number((start + (span * (index + 1)) / words.length).toFixed(3)),
              confidence: 0.93,
            })),
          },
        ],
      },
      metadata: { request_id: this.requestId, model_info: { name: this.record.query.model ?? 'nova', version: 'fake', arch: 'fake' }, model_uuid: 'fake' },
    };
  }

  send(message: Record<string, unknown>): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.record.sent.push(message);
    this.socket.send(JSON.stringify(message));
  }
}

/**
 * Flux (`/v2/listen`): one TurnInfo stream per turn, following Deepgram's state machine
 * (StartOfTurn -> Update every 0.25 s of audio -> EagerEndOfTurn -> TurnResumed | EndOfTurn, the
 * EndOfTurn transcript equal to the EagerEndOfTurn before it, turn_index counting turns). A turn
 * spans every burst of speech until it ends, each burst adding the next scripted answer. It cannot
 * judge meaning as Flux's model does; its stand-in: an end of turn is confident (EndOfTurn after
 * `fluxEotSilenceMs`) when the transcript ends a sentence, and otherwise waits for eot_timeout_ms.
 */
const FLUX_UNSURE_ENDINGS = /(,|:|;|-|\.\.\.|…|\b(and|but|or|so|because|then|um|uh))[.!?]?$/i;

class FluxStream {
  private pending = new Int16Array(0);
  private samples = 0;
  private speechRun = 0;
  private lastSpeechEnd = 0;
  private state: 'initial' | 'ongoing' | 'awaiting' = 'initial';
  private inBurst = false;
  private turnIndex = 0;
  private turnStart = 0;
  /** Words of the bursts of this turn that are over, and of the one under way. */
  private doneWords: string[] = [];
  private burstWords: string[] = [];
  private burstStart = 0;
  private lastUpdateAt = 0;
  private sequence = 0;
  private turnDelayMs: number | null = null;
  private readonly requestId = randomUUID();

  constructor(
    private readonly socket: WebSocket,
    readonly record: RecordedListenConnection,
    private readonly fake: FakeDeepgramState,
  ) {
    this.send({ type: 'Connected', request_id: this.requestId });
  }

  private get eager(): boolean {
    return this.record.query.eager_eot_threshold !== undefined;
  }

  private get timeoutMs(): number {
    return Number(this.record.query.eot_timeout_ms ?? 5000);
  }

  audio(bytes: Buffer): void {
    this.record.audioBytes += bytes.length;
    this.pending = splitFrames(this.pending, bytes, (frame) => this.frame(frame));
  }

  control(text: string): void {
    const type = controlType(text);
    this.record.controls.push(type);
    if (type === 'ForceEndTurn' && this.state !== 'initial') this.endOfTurn('manual');
    if (type === 'CloseStream') {
      if (this.state !== 'initial') this.endOfTurn('manual');
      this.socket.close(1000);
    }
  }

  private frame(frame: Int16Array): void {
    let sum = 0;
    for (const sample of frame) sum += sample * sample;
    const loud = Math.sqrt(sum / frame.length) > (this.fake.options.speechThreshold ?? 600);
    this.samples += FRAME;
    if (loud) {
      this.speechRun++;
      this.lastSpeechEnd = this.samples;
      if (!this.inBurst && this.speechRun >= MIN_SPEECH_FRAMES) this.beginBurst();
      if (this.inBurst && this.samples - this.lastUpdateAt >= SAMPLE_RATE / 4) this.update();
      return;
    }
    this.speechRun = 0;
    if (this.state === 'initial') return;
    const silenceMs = ((this.samples - this.lastSpeechEnd) / SAMPLE_RATE) * 1000;
    // A burst ends at a gap longer than a pause between words, and always before an eager end.
    if (this.inBurst && silenceMs >= Math.min(100, this.fake.options.fluxEagerSilenceMs ?? 150)) this.endBurst();
    if (this.state === 'ongoing' && this.eager && silenceMs >= (this.fake.options.fluxEagerSilenceMs ?? 150)) {
      this.state = 'awaiting';
      this.turnInfo('EagerEndOfTurn');
    }
    const sure = !FLUX_UNSURE_ENDINGS.test(this.transcript);
    if ((sure && silenceMs >= (this.fake.options.fluxEotSilenceMs ?? 300)) || silenceMs >= this.timeoutMs) this.endOfTurn(sure ? 'model' : 'timeout');
  }

  private get transcript(): string {
    return [...this.doneWords, ...this.burstWords].join(' ');
  }

  private beginBurst(): void {
    this.inBurst = true;
    this.burstStart = this.samples - this.speechRun * FRAME;
    this.lastUpdateAt = this.burstStart;
    this.burstWords = [];
    if (this.state === 'initial') {
      this.state = 'ongoing';
      this.turnStart = this.burstStart;
      this.doneWords = [];
      this.turnInfo('StartOfTurn');
    } else if (this.state === 'awaiting') {
      // The words are about to change: Flux says so before anything else.
      this.state = 'ongoing';
      this.turnInfo('TurnResumed');
    }
    for (const handler of this.fake.speechHandlers) handler(this.record, this.fake.utterances.length);
  }

  private update(): void {
    this.lastUpdateAt = this.samples;
    const words = this.fake.peekAnswer().split(/\s+/);
    const elapsed = (this.samples - this.burstStart) / SAMPLE_RATE;
    this.burstWords = words.slice(0, Math.max(1, Math.min(words.length - 1, Math.floor(elapsed / 0.25))));
    this.turnInfo('Update');
  }

  private endBurst(): void {
    this.inBurst = false;
    const text = this.fake.takeAnswer();
    this.fake.utterances.push({ connection: this.record.id, text, start: this.burstStart / SAMPLE_RATE, end: this.lastSpeechEnd / SAMPLE_RATE });
    this.doneWords.push(...text.split(/\s+/).filter(Boolean));
    this.burstWords = [];
  }

  private endOfTurn(trigger: 'model' | 'timeout' | 'manual'): void {
    if (this.inBurst) this.endBurst();
    // EndOfTurn repeats the eager transcript; without an eager one (eager off), it is the first word of it.
    this.turnInfo('EndOfTurn', trigger);
    this.state = 'initial';
    this.turnIndex++;
    this.doneWords = [];
  }

  private turnInfo(event: string, trigger?: string): void {
    const words = [...this.doneWords, ...this.burstWords];
    const start = this.turnStart / SAMPLE_RATE;
    const span = Math.max(0.05, (this.lastSpeechEnd - this.turnStart) / SAMPLE_RATE);
    const message: Record<string, unknown> = {
      type: 'TurnInfo',
      request_id: this.requestId,
      event,
      turn_index: this.turnIndex,
      audio_window_start: Number(start.toFixed(3)),
      audio_window_end: Number((this.samples / SAMPLE_RATE).toFixed(3)),
      transcript: words.join(' '),
      words: words.map((word, index) => ({
        word,
        confidence: 0.93,
        start: Number((start + (span * index) / words.length).toFixed(3)),
        end: Number((start + (span * (index + 1)) / words.length).toFixed(3)),
      })),
      end_of_turn_confidence: event === 'EndOfTurn' ? 0.9 : event === 'EagerEndOfTurn' ? 0.6 : 0.1,
      ...(trigger ? { trigger } : {}),
    };
    // One delay per turn, so an EndOfTurn never overtakes its EagerEndOfTurn.
    if (event === 'EagerEndOfTurn' || (event === 'EndOfTurn' && this.turnDelayMs === null)) this.turnDelayMs = delayOf(this.fake.options.finalDelayMs);
    const delayMs = event === 'EagerEndOfTurn' || event === 'EndOfTurn' ? (this.turnDelayMs ?? 0) : 0;
    if (event === 'EndOfTurn' || event === 'TurnResumed') this.turnDelayMs = null;
    if (delayMs > 0) setTimeout(() => this.send(message), delayMs);
    else this.send(message);
  }

  send(message: Record<string, unknown>): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const numbered = { ...message, sequence_id: this.sequence++ };
    this.record.sent.push(numbered);
    this.socket.send(JSON.stringify(numbered));
  }
}

interface FakeDeepgramState {
  options: FakeDeepgramOptions;
  utterances: FakeUtterance[];
  speechHandlers: ((connection: RecordedListenConnection, utteranceIndex: number) => void)[];
  peekAnswer(): string;
  takeAnswer(): string;
}

function authOf(req: IncomingMessage): { authorization: string | null; protocols: string[] } {
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  return { authorization: req.headers.authorization ?? null, protocols };
}

export async function startFakeDeepgram(options: FakeDeepgramOptions = {}): Promise<FakeDeepgram> {
  const apiKey = options.apiKey ?? 'test-deepgram-key';
  const answers = [...(options.answers ?? [])];
  const connections: RecordedListenConnection[] = [];
  const streams = new Set<ListenStream | FluxStream>();
  const state: FakeDeepgramState = {
    options,
    utterances: [],
    speechHandlers: [],
    peekAnswer: () => answers[0] ?? 'Okay.',
    takeAnswer: () => answers.shift() ?? 'Okay.',
  };
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({
    noServer: true,
    // Deepgram's SDK on Node 22+ authenticates with the subprotocols `token, KEY`; echo `token`.
    handleProtocols: (protocols) => (protocols.has('token') ? 'token' : false),
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const { authorization, protocols } = authOf(req);
    const keyOk = authorization === `Token ${apiKey}` || (protocols[0] === 'token' && protocols[1] === apiKey);
    const known = url.pathname === '/v1/listen' || url.pathname === '/v2/listen';
    if (!known || !keyOk) {
      const status = !known ? '404 Not Found' : '401 Unauthorized';
      const body = JSON.stringify({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: randomUUID() });
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const record: RecordedListenConnection = {
        id: connections.length,
        query: Object.fromEntries(url.searchParams),
        authorization,
        protocols,
        audioBytes: 0,
        controls: [],
        sent: [],
        open: true,
      };
      connections.push(record);
      const stream = url.pathname === '/v2/listen' ? new FluxStream(ws, record, state) : new ListenStream(ws, record, state);
      streams.add(stream);
      ws.on('message', (data, isBinary) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
        if (isBinary) stream.audio(bytes);
        else stream.control(bytes.toString('utf8'));
      });
      ws.on('close', () => {
        record.open = false;
        streams.delete(stream);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    utterances: state.utterances,
    script: (...more) => answers.push(...more),
    onSpeechStart: (handler) => state.speechHandlers.push(handler),
    dropAll: () => {
      for (const client of wss.clients) client.terminate();
    },
    stop: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
