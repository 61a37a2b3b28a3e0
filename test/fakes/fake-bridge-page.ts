import WebSocket from 'ws';
import type { LiveSegment } from '../../contracts/transcript.js';
import type { BotToPageMessage, PageMessage } from '../../bot/transports/bridge-protocol.js';

/**
 * A stand-in for the bridge page, in Node: it speaks the page's side of the audio bridge in real
 * time (10 ms microphone frames, as the page's capture worklet sends them; silence unless told to speak; bot audio "played" at 16 kHz off a
 * queue, with the same played/cleared reports the worklet sends). Tests that need the candidate to
 * react to the bot, and the benchmark, drive the bot through it; the browser tests use the real page.
 */
const SAMPLE_RATE = 16_000;
const FRAME = 160; // 10 ms
const TICK_MS = 10;
const REPORT_EVERY = 800;

export interface BotAudioBurst {
  /** performance.now() when its first sample arrived, and when playback of it stopped. */
  startedAt: number;
  stoppedAt: number | null;
  samples: number;
  /** Ended by a `clear` (the bot was interrupted) rather than by running out. */
  cleared: boolean;
}

export class FakeBridgePage {
  readonly segments: LiveSegment[] = [];
  readonly bursts: BotAudioBurst[] = [];
  readonly clears: number[] = [];
  ended: string | null = null;
  /**
   * When the candidate's speech began and ended at the microphone (performance.now() on the
   * microphone's own clock: a sample is captured before the frame that carries it is sent).
   */
  lastSpeechEndAt = 0;
  lastSpeechStartAt = 0;
  private readonly startedAt = performance.now();
  private sentSamples = 0;
  private speech: Int16Array[] = [];
  private speechOffset = 0;
  private playQueue: Int16Array[] = [];
  private playOffset = 0;
  private playedSamples = 0;
  private playedClock = 0;
  private reported = 0;
  private nonSilentSamples = 0;
  private readonly timer: NodeJS.Timeout;
  private listeners: (() => void)[] = [];
  private speaking = false;
  private speechDone: (() => void) | null = null;

  private constructor(private readonly socket: WebSocket) {
    this.playedClock = performance.now();
    socket.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Opens the bridge of a bot page URL (`http://127.0.0.1:PORT/rehearse#key=...`). */
  static async connect(pageUrl: string, options: { present?: boolean } = {}): Promise<FakeBridgePage> {
    const url = new URL(pageUrl);
    const key = new URLSearchParams(url.hash.slice(1)).get('key') ?? '';
    const socket = new WebSocket(`ws://${url.host}/bridge?key=${encodeURIComponent(key)}`, { headers: { origin: url.origin } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const page = new FakeBridgePage(socket);
    page.send({ type: 'hello', page: 'rehearsal', sampleRate: SAMPLE_RATE });
    if (options.present !== false) page.send({ type: 'presence', present: true });
    return page;
  }

  /** Every bot sample played so far that was not silence. */
  get nonSilentPlayed(): number {
    return this.nonSilentSamples;
  }

  get botAudioPlaying(): boolean {
    return this.playQueue.length > 0;
  }

  /** Speaks `samples` into the microphone in real time; resolves when the last sample is sent. */
  say(samples: Int16Array): Promise<void> {
    this.speech.push(samples);
    return new Promise((resolve) => {
      const previous = this.speechDone;
      this.speechDone = () => {
        previous?.();
        resolve();
      };
    });
  }

  send(message: PageMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Waits until `check` holds (checked on every message and tick). */
  waitFor(check: () => boolean, timeoutMs = 20_000, what = 'a condition'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((listener) => listener !== onChange);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const onChange = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== onChange);
        resolve();
      };
      this.listeners.push(onChange);
    });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      const copy = new Uint8Array(data.length);
      copy.set(data);
      const samples = new Int16Array(copy.buffer, 0, Math.floor(copy.length / 2));
      if (this.playQueue.length === 0) {
        this.bursts.push({ startedAt: performance.now(), stoppedAt: null, samples: 0, cleared: false });
        this.playedClock = performance.now();
      }
      this.playQueue.push(samples);
      this.notify();
      return;
    }
    const message = JSON.parse(data.toString('utf8')) as BotToPageMessage;
    if (message.type === 'clear') {
      const burst = this.bursts[this.bursts.length - 1];
      if (burst && this.playQueue.length > 0) {
        burst.stoppedAt = performance.now();
        burst.cleared = true;
      }
      this.clears.push(performance.now());
      this.playQueue = [];
      this.playOffset = 0;
      this.send({ type: 'cleared', id: message.id, samples: this.playedSamples });
      this.reported = this.playedSamples;
    } else if (message.type === 'segment') {
      const at = this.segments.findIndex((segment) => segment.seq === message.segment.seq);
      if (at >= 0) this.segments[at] = message.segment;
      else this.segments.push(message.segment);
    } else if (message.type === 'ended') {
      this.ended = message.reason;
    }
    this.notify();
  }

  private tick(): void {
    const now = performance.now();
    this.sendMicrophone(now);
    this.play(now);
    this.notify();
  }

  private sendMicrophone(now: number): void {
    const due = Math.floor((((now - this.startedAt) / 1000) * SAMPLE_RATE) / FRAME) * FRAME;
    while (this.sentSamples < due) {
      const frame = new Int16Array(FRAME);
      const sampleTime = (offset: number): number => this.startedAt + ((this.sentSamples + offset) / SAMPLE_RATE) * 1000;
      let filled = 0;
      while (filled < FRAME && this.speech.length > 0) {
        const current = this.speech[0] as Int16Array;
        if (!this.speaking) {
          this.speaking = true;
          this.lastSpeechStartAt = sampleTime(filled);
        }
        const take = Math.min(FRAME - filled, current.length - this.speechOffset);
        frame.set(current.subarray(this.speechOffset, this.speechOffset + take), filled);
        filled += take;
        this.speechOffset += take;
        if (this.speechOffset >= current.length) {
          this.speech.shift();
          this.speechOffset = 0;
        }
      }
      if (this.speaking && this.speech.length === 0) {
        this.speaking = false;
        this.lastSpeechEndAt = sampleTime(filled);
        const done = this.speechDone;
        this.speechDone = null;
        done?.();
      }
      this.sentSamples += FRAME;
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(Buffer.from(frame.buffer), { binary: true });
    }
  }

  private play(now: number): void {
    let budget = Math.floor(((now - this.playedClock) / 1000) * SAMPLE_RATE);
    this.playedClock += (budget / SAMPLE_RATE) * 1000;
    let played = 0;
    while (budget > 0 && this.playQueue.length > 0) {
      const chunk = this.playQueue[0] as Int16Array;
      const take = Math.min(budget, chunk.length - this.playOffset);
      for (let i = 0; i < take; i++) if (Math.abs(chunk[this.playOffset + i] as number) > 300) this.nonSilentSamples++;
      this.playOffset += take;
      budget -= take;
      played += take;
      if (this.playOffset >= chunk.length) {
        this.playQueue.shift();
        this.playOffset = 0;
      }
    }
    if (played === 0) return;
    this.playedSamples += played;
    const burst = this.bursts[this.bursts.length - 1];
    if (burst) {
      burst.samples += played;
      if (this.playQueue.length === 0) burst.stoppedAt = now;
    }
    if (this.playedSamples - this.reported >= REPORT_EVERY || this.playQueue.length === 0) {
      this.reported = this.playedSamples;
      this.send({ type: 'played', samples: this.playedSamples });
    }
  }
}
