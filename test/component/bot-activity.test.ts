// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { BotStateReport, ServerMessage } from '../../contracts/live-events.js';
import { botActivity } from '../../renderer/src/live/bot-activity.js';
import { applyLiveEvent, emptyLiveTranscript, liveEventOf, type LiveTranscript } from '../../renderer/src/live/live-transcript.js';
import { BotActivityCard } from '../../renderer/src/session-detail/BotActivityCard.js';
import { mount, type Mounted } from './dom-harness.js';
import { segment } from './live-segment.js';

const report = (state: BotStateReport['state']): BotStateReport => ({ state, at: '2025-01-01T00:00:00.000Z' });
// The transcript alone says "thinking" (the candidate just finished); the bot may say otherwise.
const candidateJustFinished = [segment(0, 'bot', 'Hi', true), segment(1, 'candidate', 'Hello!', true)];

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

describe('the bot activity the Live tab shows', () => {
  it('takes the state the bot reported over the transcript estimate', () => {
    expect(botActivity('active', report('speaking'), candidateJustFinished)).toEqual({ activity: 'speaking', source: 'reported' });
    expect(botActivity('active', report('listening'), [])).toEqual({ activity: 'listening', source: 'reported' });
  });

  it('estimates from the transcript only when the bot has not reported', () => {
    expect(botActivity('active', null, candidateJustFinished)).toEqual({ activity: 'thinking', source: 'estimated' });
  });

  it('is not live once the session is not active, whatever the bot last said', () => {
    expect(botActivity('completed', report('speaking'), candidateJustFinished).activity).toBe('not-live');
  });

  it('shows a reported state without the estimate hint, politely announced', () => {
    mounted = mount(BotActivityCard, { status: 'active', reported: report('thinking'), segments: [segment(0, 'bot', 'Hi', false)] });
    const state = mounted.container.querySelector('[data-testid="bot-activity"]');
    expect(state?.textContent).toBe('Thinking');
    expect(state?.getAttribute('aria-live')).toBe('polite');
    expect(mounted.container.textContent).not.toContain('Estimated from the transcript');
    expect(mounted.container.textContent).not.toContain('Read from the transcript stream');
  });

  it('marks the fallback as an estimate', () => {
    mounted = mount(BotActivityCard, { status: 'active', reported: null, segments: [segment(0, 'bot', 'Hi', false)] });
    expect(mounted.container.querySelector('[data-testid="bot-activity"]')?.textContent).toBe('Speaking');
    expect(mounted.container.querySelector('.hint')?.textContent).toBe('Estimated from the transcript');
  });
});

describe('bot state in the live transcript state', () => {
  const sessionId = '00000000-0000-4000-8000-000000000001';
  const fold = (state: LiveTranscript, ...messages: ServerMessage[]): LiveTranscript =>
    messages.reduce((next, message) => {
      const event = liveEventOf(message, 1);
      return event ? applyLiveEvent(next, event) : next;
    }, state);

  it('comes with the subscription and follows the reports', () => {
    const state = fold(
      emptyLiveTranscript,
      { type: 'subscribed', sessionId, status: 'active', segments: [], botState: report('listening') },
      { type: 'bot_state', sessionId, state: 'thinking', at: '2025-01-01T00:00:05.000Z' },
    );
    expect(state.botState).toEqual({ state: 'thinking', at: '2025-01-01T00:00:05.000Z' });
  });

  it('is forgotten when the bot leaves or the session ends', () => {
    const live = fold(emptyLiveTranscript, { type: 'subscribed', sessionId, status: 'active', segments: [], botState: report('speaking') });
    expect(fold(live, { type: 'bot_state', sessionId, state: null, at: '2025-01-01T00:00:09.000Z' }).botState).toBeNull();
    const ended = fold(live, { type: 'session_status', sessionId, status: 'completed', previousStatus: 'active', at: '2025-01-01T00:00:09.000Z' });
    expect(ended.botState).toBeNull();
    expect(ended.status).toBe('completed');
  });
});
