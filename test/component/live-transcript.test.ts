import { describe, expect, it } from 'vitest';
import { deriveBotActivity } from '../../renderer/src/live/bot-activity.js';
import { applyLiveEvent, emptyLiveTranscript, type LiveTranscript } from '../../renderer/src/live/live-transcript.js';
import { segment } from './live-segment.js';

describe('live transcript state', () => {
  it('replaces interim words with the final text of the same turn', () => {
    let state: LiveTranscript = applyLiveEvent(emptyLiveTranscript, { type: 'subscribed', status: 'active', segments: [], botState: null, at: 1 });
    state = applyLiveEvent(state, { type: 'segment', segment: segment(0, 'bot', 'Hello the', false), at: 2 });
    state = applyLiveEvent(state, { type: 'segment', segment: segment(0, 'bot', 'Hello there, welcome.', true), at: 3 });
    expect(state.segments).toEqual([segment(0, 'bot', 'Hello there, welcome.', true)]);
    // A late interim for a turn already final never overwrites it.
    state = applyLiveEvent(state, { type: 'segment', segment: segment(0, 'bot', 'Hello', false), at: 4 });
    expect(state.segments[0]?.final).toBe(true);
  });

  it('keeps turns in order even when they arrive out of order', () => {
    let state = emptyLiveTranscript;
    for (const seq of [2, 0, 1]) state = applyLiveEvent(state, { type: 'segment', segment: segment(seq, 'candidate', `turn ${seq}`, true), at: seq });
    expect(state.segments.map((item) => item.seq)).toEqual([0, 1, 2]);
  });

  it('on (re)subscription takes the stored finals and keeps only newer interim text', () => {
    let state = applyLiveEvent(emptyLiveTranscript, { type: 'segment', segment: segment(1, 'candidate', 'stale', false), at: 1 });
    state = applyLiveEvent(state, { type: 'segment', segment: segment(3, 'candidate', 'still talking', false), at: 2 });
    state = applyLiveEvent(state, {
      type: 'subscribed',
      status: 'active',
      segments: [segment(0, 'bot', 'Q', true), segment(1, 'candidate', 'A', true), segment(2, 'bot', 'Q2', true)],
      botState: null,
      at: 3,
    });
    expect(state.segments.map((item) => [item.seq, item.text])).toEqual([
      [0, 'Q'],
      [1, 'A'],
      [2, 'Q2'],
      [3, 'still talking'],
    ]);
    expect(applyLiveEvent(state, { type: 'status', status: 'completed', at: 4 }).status).toBe('completed');
  });
});

describe('bot activity, read from the stream', () => {
  it('is not live unless the session is active', () => {
    expect(deriveBotActivity('ready', [segment(0, 'bot', 'Hi', false)])).toBe('not-live');
    expect(deriveBotActivity(null, [])).toBe('not-live');
  });

  it('follows whose turn it is', () => {
    expect(deriveBotActivity('active', [])).toBe('waiting');
    expect(deriveBotActivity('active', [segment(0, 'bot', 'Hi', false)])).toBe('speaking');
    expect(deriveBotActivity('active', [segment(0, 'bot', 'Hi there', true)])).toBe('listening');
    expect(deriveBotActivity('active', [segment(0, 'bot', 'Hi', true), segment(1, 'candidate', 'Hel', false)])).toBe('listening');
    expect(deriveBotActivity('active', [segment(0, 'bot', 'Hi', true), segment(1, 'candidate', 'Hello!', true)])).toBe('thinking');
  });
});
