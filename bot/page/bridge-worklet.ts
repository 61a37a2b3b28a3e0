import { CAPTURE_FRAME_SAMPLES, type PlayerCommand, type PlayerReport } from './worklet-messages.js';

/**
 * The audio thread's half of the bridge. The AudioContext runs at 16 kHz, the pipeline's rate, so
 * the browser resamples the microphone (or the call's track) on the way in and the output device
 * (or the call's encoder) on the way out; these processors only convert and count.
 */

const REPORT_EVERY_SAMPLES = 800; // 50 ms

/** Candidate audio -> 10 ms int16 frames to the main thread (and on to the bot). */
class CaptureProcessor extends AudioWorkletProcessor {
  private frame = new Int16Array(CAPTURE_FRAME_SAMPLES);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    const first = channels?.[0];
    if (!channels || !first) return true;
    for (let i = 0; i < first.length; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i] ?? 0;
      const mixed = Math.max(-1, Math.min(1, sum / channels.length));
      this.frame[this.filled++] = Math.round(mixed * 32767);
      if (this.filled === CAPTURE_FRAME_SAMPLES) {
        this.port.postMessage(this.frame, [this.frame.buffer]);
        this.frame = new Int16Array(CAPTURE_FRAME_SAMPLES);
        this.filled = 0;
      }
    }
    return true;
  }
}

/**
 * Bot audio out: a queue of int16 chunks played in order. It counts every sample it actually
 * outputs (underruns play silence and are not counted), which is how the bot knows what was heard;
 * `clear` drops the queue within one render quantum (8 ms) and reports the count at that instant.
 */
class PlayerProcessor extends AudioWorkletProcessor {
  private queue: Int16Array[] = [];
  private offset = 0;
  private played = 0;
  private reported = 0;
  private peak = 0;
  private sumSquares = 0;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<PlayerCommand>) => {
      const command = event.data;
      if (command.type === 'audio') {
        this.queue.push(command.samples);
      } else {
        this.queue = [];
        this.offset = 0;
        this.report({ type: 'cleared', id: command.id, samples: this.played, peak: this.peak, sumSquares: this.sumSquares });
      }
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const channels = outputs[0];
    const first = channels?.[0];
    if (!channels || !first) return true;
    let written = 0;
    while (written < first.length && this.queue.length > 0) {
      const chunk = this.queue[0] as Int16Array;
      const take = Math.min(first.length - written, chunk.length - this.offset);
      for (let i = 0; i < take; i++) {
        const value = (chunk[this.offset + i] as number) / 32768;
        first[written + i] = value;
        const magnitude = Math.abs(value);
        if (magnitude > this.peak) this.peak = magnitude;
        this.sumSquares += value * value;
      }
      written += take;
      this.offset += take;
      if (this.offset >= chunk.length) {
        this.queue.shift();
        this.offset = 0;
      }
    }
    first.fill(0, written);
    for (let c = 1; c < channels.length; c++) channels[c]?.set(first);
    this.played += written;
    const drained = this.queue.length === 0 && this.played !== this.reported;
    if (this.played - this.reported >= REPORT_EVERY_SAMPLES || drained) {
      this.report({ type: 'played', samples: this.played, peak: this.peak, sumSquares: this.sumSquares });
    }
    return true;
  }

  private report(message: PlayerReport): void {
    this.reported = this.played;
    this.port.postMessage(message);
  }
}

registerProcessor('bridge-capture', CaptureProcessor);
registerProcessor('bridge-player', PlayerProcessor);
