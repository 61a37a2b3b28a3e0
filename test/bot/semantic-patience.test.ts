import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPatienceTiers, patienceFor, thoughtShape } from '../../bot/pipeline/semantic-patience.js';

interface PauseUtterance {
  id: string;
  question: string;
  firstHalf: string;
  pauseMs: number;
  secondHalf: string;
}
const data = JSON.parse(readFileSync(new URL('./data/thinking-pause-utterances.json', import.meta.url), 'utf8')) as {
  utterances: PauseUtterance[];
  complete: { question: string; text: string }[];
};

/** The earliest the STT's endpoint comes into a pause, and how late a resumption is noticed. */
const EARLIEST_ENDPOINT_MS = 150;
const RESUME_NOTICED_MS = 100;

describe('semantic patience on the thinking-pause set', () => {
  it('holds at least 40 recorded-style utterances with mid-thought pauses of 0.8 to 1.5 s', () => {
    expect(data.utterances.length).toBeGreaterThanOrEqual(40);
    expect(new Set(data.utterances.map((item) => item.id)).size).toBe(data.utterances.length);
    for (const item of data.utterances) {
      expect(item.pauseMs).toBeGreaterThanOrEqual(800);
      expect(item.pauseMs).toBeLessThanOrEqual(1500);
    }
  });

  it.each(data.utterances)('waits through the pause in "$id"', (item) => {
    const waited = EARLIEST_ENDPOINT_MS + patienceFor(item.firstHalf, item.question);
    expect(thoughtShape(item.firstHalf, item.question).shape).not.toBe('complete');
    expect(waited).toBeGreaterThan(item.pauseMs + RESUME_NOTICED_MS);
  });

  it.each(data.utterances)('answers "$id" quickly once it is finished', (item) => {
    expect(thoughtShape(`${item.firstHalf} ${item.secondHalf}`, item.question)).toEqual({ shape: 'complete', cue: 'a finished sentence' });
    expect(patienceFor(`${item.firstHalf} ${item.secondHalf}`, item.question)).toBe(defaultPatienceTiers.completeMs);
  });

  it.each(data.complete)('takes "$text" as a finished turn', (item) => {
    expect(thoughtShape(item.text, item.question).shape).toBe('complete');
  });

  it('reads a short answer by the question: a yes to a yes/no question is done, a start to an open one is not', () => {
    expect(thoughtShape('Yes.', 'Shall we begin?').shape).toBe('complete');
    expect(thoughtShape('Sure.', 'Tell me about a system you built.').shape).toBe('brief');
    expect(thoughtShape('Sure.', null).shape).toBe('complete');
  });

  it('reads Spanish and Japanese by their own endings', () => {
    expect(thoughtShape('Construí una cola de facturación y', null, 'es-ES').shape).toBe('trailing');
    expect(thoughtShape('Bueno, primero,', null, 'es-ES').shape).toBe('trailing');
    expect(thoughtShape('Construí una cola de facturación.', null, 'es-ES').shape).toBe('complete');
    expect(thoughtShape('請求処理のキューを構築して', null, 'ja-JP').shape).toBe('trailing');
    expect(thoughtShape('えーと、', null, 'ja-JP').shape).toBe('trailing');
    expect(thoughtShape('請求処理のキューを構築しました。', null, 'ja-JP').shape).toBe('complete');
  });
});
