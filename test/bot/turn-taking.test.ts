import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TurnTaking, type TurnEvent } from '../../bot/pipeline/turn-taking.js';
import type { SttEvent } from '../../bot/providers/deepgram-stt.js';

const final = (text: string, speechFinal: boolean): SttEvent => ({ type: 'transcript', text, isFinal: true, speechFinal, start: 0, end: 1, confidence: 0.9 });
const interim = (text: string): SttEvent => ({ type: 'transcript', text, isFinal: false, speechFinal: false, start: 0, end: 1, confidence: 0.9 });

function turnTaking(patienceMs = 600): { turns: TurnTaking; events: TurnEvent[] } {
  const turns = new TurnTaking({ patienceMs, resumeGraceMs: 2000 });
  const events: TurnEvent[] = [];
  turns.events.add((event) => events.push(event));
  return { turns, events };
}

const kinds = (events: TurnEvent[]): string[] => events.filter((event) => event.type !== 'candidate-speech').map((event) => event.type);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('turn-taking', () => {
  it('ends a turn at speech_final, but commits it only after the patience window', () => {
    const { turns, events } = turnTaking(600);
    turns.onStt(interim('I built'));
    turns.onStt(final('I built a queue.', true));
    expect(kinds(events)).toEqual(['endpoint']);
    vi.advanceTimersByTime(599);
    expect(kinds(events)).toEqual(['endpoint']);
    vi.advanceTimersByTime(1);
    expect(events.at(-1)).toEqual({ type: 'committed', text: 'I built a queue.' });
  });

  it('does not cut off a candidate who pauses mid-thought: the turn goes on and keeps both parts', () => {
    const { turns, events } = turnTaking(600);
    turns.onStt(final('I built a queue,', true));
    vi.advanceTimersByTime(400);
    turns.onVoiceActivity('speech-start');
    expect(kinds(events)).toEqual(['endpoint', 'resumed']);
    turns.onVoiceActivity('speech-end');
    turns.onStt(final('and then we sharded it.', true));
    vi.advanceTimersByTime(600);
    expect(events.at(-1)).toEqual({ type: 'committed', text: 'I built a queue, and then we sharded it.' });
    expect(kinds(events)).toEqual(['endpoint', 'resumed', 'endpoint', 'committed']);
  });

  it('ends a turn on UtteranceEnd when no speech_final came (noisy rooms)', () => {
    const { turns, events } = turnTaking(300);
    turns.onStt(final('It was hard', false));
    expect(kinds(events)).toEqual([]);
    turns.onStt({ type: 'utterance-end', lastWordEnd: 2 });
    vi.advanceTimersByTime(300);
    expect(events.at(-1)).toEqual({ type: 'committed', text: 'It was hard' });
  });

  it('takes the turn as ended after a resumption that brought no words (a noise)', () => {
    const { turns, events } = turnTaking(300);
    turns.onStt(final('Yes.', true));
    turns.onStt({ type: 'speech-started', at: 1 });
    expect(kinds(events)).toEqual(['endpoint', 'resumed']);
    vi.advanceTimersByTime(2000);
    expect(kinds(events)).toEqual(['endpoint', 'resumed', 'endpoint']);
    vi.advanceTimersByTime(300);
    expect(events.at(-1)).toEqual({ type: 'committed', text: 'Yes.' });
  });

  it('reports every sign of speech (barge-in listens to it) and ignores empty results', () => {
    const { turns, events } = turnTaking();
    turns.onStt(final('', true));
    turns.onStt({ type: 'utterance-end', lastWordEnd: 1 });
    expect(events).toEqual([]);
    turns.onVoiceActivity('speech-start');
    turns.onStt({ type: 'speech-started', at: 1 });
    turns.onStt(interim('Hm'));
    expect(events.map((event) => event.type)).toEqual(['candidate-speech', 'candidate-speech', 'candidate-speech']);
  });

  it('waits by the words when patience is semantic: short for a finished thought, long for a trailing one', () => {
    const turns = new TurnTaking({ patienceMs: 600, resumeGraceMs: 2000, patienceFor: (text) => (text.endsWith('and') ? 1500 : 250) });
    const events: TurnEvent[] = [];
    turns.events.add((event) => events.push(event));
    turns.onStt(final('We moved to Kafka and', true));
    vi.advanceTimersByTime(1400);
    expect(kinds(events)).toEqual(['endpoint']);
    turns.onVoiceActivity('speech-start');
    turns.onVoiceActivity('speech-end');
    turns.onStt(final('it worked.', true));
    vi.advanceTimersByTime(249);
    expect(kinds(events)).toEqual(['endpoint', 'resumed', 'endpoint']);
    vi.advanceTimersByTime(1);
    expect(events.at(-1)).toEqual({ type: 'committed', text: 'We moved to Kafka and it worked.' });
  });
});
