import { afterEach, describe, expect, it, vi } from 'vitest';
import { InterviewClock } from '../../bot/flow/interview-clock.js';

afterEach(() => vi.useRealTimers());

describe('the interview clock', () => {
  it('asks for a wrap-up before the limit and stops hard at it', () => {
    vi.useFakeTimers();
    let now = 0;
    const clock = new InterviewClock({ limitMs: 60_000, wrapUpLeadMs: 10_000, now: () => now });
    const hardStop = vi.fn();
    expect(clock.isWrapUpDue()).toBe(false);
    clock.start(hardStop);
    now = 49_999;
    expect(clock.isWrapUpDue()).toBe(false);
    now = 50_000;
    expect(clock.isWrapUpDue()).toBe(true);
    expect(clock.remainingMs()).toBe(10_000);
    vi.advanceTimersByTime(59_999);
    expect(hardStop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(hardStop).toHaveBeenCalledOnce();
  });

  it('leads by a fifth of the limit, at most two minutes', () => {
    expect(InterviewClock.defaultWrapUpLeadMs(5 * 60_000)).toBe(60_000);
    expect(InterviewClock.defaultWrapUpLeadMs(30 * 60_000)).toBe(120_000);
  });

  it('stops without firing', () => {
    vi.useFakeTimers();
    const clock = new InterviewClock({ limitMs: 1000, wrapUpLeadMs: 100 });
    const hardStop = vi.fn();
    clock.start(hardStop);
    clock.stop();
    vi.advanceTimersByTime(5000);
    expect(hardStop).not.toHaveBeenCalled();
  });
});
