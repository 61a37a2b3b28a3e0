import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_RATE } from '../../bot/audio/pcm.js';
import { AudioTimeline } from '../../bot/pipeline/audio-timeline.js';

/**
 * The candidate's audio on the session clock (issue 14). The page captures 10 ms frames in real
 * time; the test plays the clock (fake timers, performance.now included) and the arrivals:
 *   - late audio (our own event loop or the page's thread held it back, then a burst) is real
 *     audio and goes to the STT as it is, with no silence put into the candidate's speech;
 *   - missing audio (no candidate track yet, or it went away) is filled with silence, so the STT's
 *     word times stay on the wall clock.
 */
const FRAME = SAMPLE_RATE / 100;

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => vi.useRealTimers());

/** What reached the STT, as runs: `audio` (frames, by their marker) or `silence` (inserted zeros). */
interface Run {
  kind: 'audio' | 'silence';
  samples: number;
}

function recorder(): { timeline: AudioTimeline; runs: () => Run[]; fed: () => number } {
  const chunks: Int16Array[] = [];
  const timeline = new AudioTimeline((samples) => chunks.push(samples));
  return {
    timeline,
    fed: () => chunks.reduce((total, chunk) => total + chunk.length, 0),
    runs: () => {
      const runs: Run[] = [];
      for (const chunk of chunks) {
        const kind = chunk.every((sample) => sample === 0) ? 'silence' : 'audio';
        const last = runs.at(-1);
        if (last?.kind === kind) last.samples += chunk.length;
        else runs.push({ kind, samples: chunk.length });
      }
      return runs;
    },
  };
}

/** A captured 10 ms frame of speech (never all zeros, so inserted silence is told apart). */
const frame = (): Int16Array => new Int16Array(FRAME).fill(1200);

/** `count` frames, each arriving on time (the clock moves 10 ms, then the frame comes). */
function realTime(timeline: AudioTimeline, count: number): void {
  for (let i = 0; i < count; i++) {
    vi.advanceTimersByTime(10);
    timeline.push(frame());
  }
}

const ms = (samples: number): number => Math.round((samples / SAMPLE_RATE) * 1000);

describe('AudioTimeline', () => {
  it('a 400 ms stall of our own scheduling puts no silence into the candidate\'s speech', () => {
    const { timeline, runs, fed } = recorder();
    realTime(timeline, 50);
    // The event loop is blocked for 400 ms: the page keeps capturing, nothing is handled...
    vi.advanceTimersByTime(400);
    // ...then the 40 frames captured meanwhile arrive at once, and the speech goes on.
    for (let i = 0; i < 40; i++) timeline.push(frame());
    realTime(timeline, 50);
    vi.advanceTimersByTime(1000);
    expect(runs()).toEqual([{ kind: 'audio', samples: 140 * FRAME }]);
    // The stream is exactly on the clock: nothing inserted, nothing lost.
    expect(ms(fed())).toBe(Math.round(timeline.now() * 1000) - 1000);
  });

  it('late audio that trickles in over the hold is still not filled', () => {
    const { timeline, runs } = recorder();
    realTime(timeline, 20);
    vi.advanceTimersByTime(500);
    // The page's thread was stalled too: its 50 frames come in a few bursts, 20 ms apart.
    for (let burst = 0; burst < 5; burst++) {
      for (let i = 0; i < 12; i++) timeline.push(frame());
      vi.advanceTimersByTime(20);
    }
    vi.advanceTimersByTime(1000);
    expect(runs()).toEqual([{ kind: 'audio', samples: 80 * FRAME }]);
  });

  it('a backlog that drains at twice the capture rate (a slow page thread) is late audio, however long it takes', () => {
    const { timeline, runs } = recorder();
    realTime(timeline, 20);
    vi.advanceTimersByTime(600);
    // 60 frames wait; the page sends two per 10 ms while it keeps capturing one: caught up after 600 ms.
    for (let step = 0; step < 60; step++) {
      vi.advanceTimersByTime(10);
      timeline.push(frame());
      timeline.push(frame());
    }
    realTime(timeline, 20);
    vi.advanceTimersByTime(1000);
    expect(runs()).toEqual([{ kind: 'audio', samples: 160 * FRAME }]);
  });

  it('audio that never came (no candidate track for 1 s) is filled with silence where it was missing', () => {
    const { timeline, runs, fed } = recorder();
    realTime(timeline, 50);
    vi.advanceTimersByTime(1000);
    realTime(timeline, 30);
    expect(runs()).toEqual([
      { kind: 'audio', samples: 50 * FRAME },
      { kind: 'silence', samples: 1000 * (SAMPLE_RATE / 1000) },
      { kind: 'audio', samples: 30 * FRAME },
    ]);
    expect(ms(fed())).toBe(Math.round(timeline.now() * 1000));
  });

  it('before the candidate joins: the silence up to their first frame, even if nothing follows it', () => {
    const { timeline, runs } = recorder();
    vi.advanceTimersByTime(2000);
    timeline.push(frame());
    vi.advanceTimersByTime(500);
    expect(runs()).toEqual([
      { kind: 'silence', samples: 1990 * (SAMPLE_RATE / 1000) },
      { kind: 'audio', samples: FRAME },
    ]);
  });

  it('gaps under 300 ms are jitter: passed on untouched', () => {
    const { timeline, runs } = recorder();
    realTime(timeline, 10);
    vi.advanceTimersByTime(250);
    realTime(timeline, 10);
    vi.advanceTimersByTime(1000);
    expect(runs()).toEqual([{ kind: 'audio', samples: 20 * FRAME }]);
  });

  it('closed, it drops what it held and sends nothing more', () => {
    const { timeline, runs } = recorder();
    vi.advanceTimersByTime(2000);
    timeline.push(frame());
    timeline.close();
    vi.advanceTimersByTime(500);
    timeline.push(frame());
    expect(runs()).toEqual([]);
  });
});
