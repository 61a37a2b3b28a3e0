import { SAMPLE_RATE } from '../audio/pcm.js';
import { monotonicMs } from '../runtime/delay.js';

/** A gap longer than this in the incoming audio is filled with silence. */
const MAX_GAP_SECONDS = 0.3;

/**
 * Keeps the candidate's audio on the session clock. The STT service times words by the audio it
 * was fed; when the page sends nothing for a while (no candidate track yet, a network stall),
 * silence is inserted so those times still match the bot's own (wall-clock) segment times.
 */
export class AudioTimeline {
  private readonly startedAt = monotonicMs();
  private fed = 0;

  constructor(private readonly sink: (samples: Int16Array) => void) {}

  /** Seconds since the session's audio began. */
  now(): number {
    return (monotonicMs() - this.startedAt) / 1000;
  }

  push(samples: Int16Array): void {
    const expected = Math.floor(this.now() * SAMPLE_RATE) - samples.length;
    const gap = expected - this.fed;
    if (gap > MAX_GAP_SECONDS * SAMPLE_RATE) {
      // In one-second pieces: the STT socket and its replay buffer take ordinary frame sizes.
      for (let left = gap; left > 0; left -= SAMPLE_RATE) {
        const piece = Math.min(left, SAMPLE_RATE);
        this.fed += piece;
        this.sink(new Int16Array(piece));
      }
    }
    this.fed += samples.length;
    this.sink(samples);
  }
}
