import { SAMPLE_RATE } from '../audio/pcm.js';
import { monotonicMs } from '../runtime/delay.js';

/** Audio this far behind the wall clock is either late or missing; less is ordinary jitter. */
const MAX_GAP_SECONDS = 0.3;
/** How often held audio is looked at: is it still catching up with the clock? */
const DEFAULT_HOLD_MS = 100;
/** Held audio goes on after this at the latest, catching up or not (the STT must not wait on it). */
const DEFAULT_MAX_HOLD_MS = 2000;

export interface AudioTimelineOptions {
  /** How often held audio is checked for catching up (default 100 ms). */
  holdMs?: number;
  /** The longest audio is held back (default 2 s). */
  maxHoldMs?: number;
}

/**
 * Keeps the candidate's audio on the session clock. The STT service times words by the audio it
 * was fed; the bot times its own segments by the wall clock. The two must agree.
 *
 * The page captures the candidate continuously while a track is connected (a stalled network
 * still plays out as silence there), so audio behind the clock has one of two causes:
 *   - it is late: our own scheduling (a busy event loop, a stalled page thread, the socket) held it
 *     back and it arrives in a burst. It is real audio for that time: it goes on as it is. Filling
 *     the gap with silence would put a pause into the candidate's speech that they never made (an
 *     end of turn the STT may act on), and then push the stream ahead of the clock by the burst;
 *   - it is missing: the page had nothing to send (no candidate track yet, or it went away). Then
 *     the missing time is filled with silence, so later words keep their wall-clock times.
 * Which one shows only in what follows. Audio that arrives more than 300 ms behind the clock is held
 * back (not sent). Once what came brings the stream within 300 ms of the clock, it was late: all of
 * it goes on, nothing inserted. Every `holdMs` the held audio is looked at: if it gained on the clock
 * by at least half that time (arriving faster than real time, a burst still draining) it is held
 * on; if not (arriving at the capture rate, or not at all), the rest was missing: the silence it
 * never covered goes first, then what was held. Missing audio costs one `holdMs` of STT latency
 * (at a join or a rejoin); late audio none beyond its own lateness.
 */
export class AudioTimeline {
  private readonly startedAt = monotonicMs();
  private readonly holdMs: number;
  private readonly maxHoldMs: number;
  /** Samples passed to the sink so far (real and inserted). */
  private fed = 0;
  private held: Int16Array[] = [];
  private heldSamples = 0;
  /** How far behind the clock the stream was when the last held frame arrived: the audio not covered. */
  private uncovered = 0;
  /** `uncovered` at the last look, and when holding began (ms on the session clock). */
  private uncoveredAtCheck = 0;
  private holdingSince = 0;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly sink: (samples: Int16Array) => void,
    options: AudioTimelineOptions = {},
  ) {
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.maxHoldMs = options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
  }

  /** Seconds since the session's audio began. */
  now(): number {
    return (monotonicMs() - this.startedAt) / 1000;
  }

  push(samples: Int16Array): void {
    if (this.closed) return;
    if (this.holdTimer !== null) {
      this.held.push(samples);
      this.heldSamples += samples.length;
      this.uncovered = this.behind();
      if (this.uncovered <= MAX_GAP_SECONDS * SAMPLE_RATE) this.release(false);
      return;
    }
    if (this.behind() - samples.length > MAX_GAP_SECONDS * SAMPLE_RATE) {
      this.held = [samples];
      this.heldSamples = samples.length;
      this.uncovered = this.behind();
      this.uncoveredAtCheck = this.uncovered;
      this.holdingSince = this.now() * 1000;
      this.scheduleCheck();
      return;
    }
    this.send(samples);
  }

  /** Drops what is held and stops the hold timer: the interview's audio is over. */
  close(): void {
    this.closed = true;
    if (this.holdTimer !== null) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.held = [];
    this.heldSamples = 0;
  }

  private scheduleCheck(): void {
    this.holdTimer = setTimeout(() => this.check(), this.holdMs);
    this.holdTimer.unref?.();
  }

  /** Held audio still gaining on the clock is a burst draining: hold on. Otherwise the rest was missing. */
  private check(): void {
    const gained = this.uncoveredAtCheck - this.uncovered;
    const catchingUp = gained >= ((this.holdMs / 1000) * SAMPLE_RATE) / 2;
    if (catchingUp && this.now() * 1000 - this.holdingSince < this.maxHoldMs) {
      this.uncoveredAtCheck = this.uncovered;
      this.scheduleCheck();
      return;
    }
    this.release(true);
  }

  /** How many samples the stream (what was sent and what is held) is behind the clock. */
  private behind(): number {
    return Math.floor(this.now() * SAMPLE_RATE) - this.fed - this.heldSamples;
  }

  /** Sends what was held; when the audio was missing, first the silence it never covered. */
  private release(missing: boolean): void {
    if (this.holdTimer !== null) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (missing) {
      // As of the last frame that came, not of now: the time since then is not known to be missing.
      // In one-second pieces: the STT socket and its replay buffer take ordinary frame sizes.
      for (let left = this.uncovered; left > 0; left -= SAMPLE_RATE) this.send(new Int16Array(Math.min(left, SAMPLE_RATE)));
    }
    const held = this.held;
    this.held = [];
    this.heldSamples = 0;
    for (const samples of held) this.send(samples);
  }

  private send(samples: Int16Array): void {
    this.fed += samples.length;
    this.sink(samples);
  }
}
