import { rms, SAMPLE_RATE } from './pcm.js';

export interface VoiceActivityOptions {
  /** Speech must last this long before it counts (a click or a cough is shorter). */
  minSpeechMs: number;
  /** Silence this long ends speech. */
  minSilenceMs: number;
  /** A frame is speech when its RMS exceeds the noise floor by this factor and the absolute floor below. */
  ratioOverNoise: number;
  absoluteThreshold: number;
}

export const defaultVoiceActivityOptions: VoiceActivityOptions = {
  minSpeechMs: 90,
  minSilenceMs: 250,
  ratioOverNoise: 3,
  absoluteThreshold: 400,
};

export type VoiceActivityEvent = 'speech-start' | 'speech-end' | null;

const FRAME_SAMPLES = SAMPLE_RATE / 100; // 10 ms

/**
 * An energy detector on the candidate's audio. It exists for barge-in only: it notices the candidate
 * speaking over the bot within ~100 ms without waiting for the STT service's round trip. Turn ends
 * and transcripts still come from the STT service. The noise floor adapts during silence so a
 * steady background hum does not count as speech.
 */
export class VoiceActivityDetector {
  private noiseFloor = 100;
  private speaking = false;
  private runMs = 0;
  private pending = new Int16Array(0);

  constructor(private readonly options: VoiceActivityOptions = defaultVoiceActivityOptions) {}

  get isSpeaking(): boolean {
    return this.speaking;
  }

  /** Feeds audio; returns the change of state it caused, if any (at most one per call). */
  push(samples: Int16Array): VoiceActivityEvent {
    let event: VoiceActivityEvent = null;
    let input = samples;
    if (this.pending.length > 0) {
      const joined = new Int16Array(this.pending.length + samples.length);
      joined.set(this.pending);
      joined.set(samples, this.pending.length);
      input = joined;
    }
    let offset = 0;
    for (; offset + FRAME_SAMPLES <= input.length; offset += FRAME_SAMPLES) {
      const change = this.frame(input.subarray(offset, offset + FRAME_SAMPLES));
      if (change) event = change;
    }
    this.pending = input.slice(offset);
    return event;
  }

  private frame(frame: Int16Array): VoiceActivityEvent {
    const level = rms(frame);
    const loud = level > Math.max(this.options.absoluteThreshold, this.noiseFloor * this.options.ratioOverNoise);
    if (!loud) this.noiseFloor = this.noiseFloor * 0.95 + level * 0.05;
    if (loud === this.speaking) {
      this.runMs = 0;
      return null;
    }
    this.runMs += 10;
    const needed = this.speaking ? this.options.minSilenceMs : this.options.minSpeechMs;
    if (this.runMs < needed) return null;
    this.speaking = loud;
    this.runMs = 0;
    return loud ? 'speech-start' : 'speech-end';
  }
}
