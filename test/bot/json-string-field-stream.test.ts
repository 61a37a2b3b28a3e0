import { describe, expect, it } from 'vitest';
import { JsonStringFieldStream } from '../../bot/llm/json-string-field-stream.js';

function streamed(json: string, field: string, pieceSize: number): { pieces: string[]; text: string } {
  const stream = new JsonStringFieldStream(field);
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += pieceSize) pieces.push(stream.push(json.slice(i, i + pieceSize)));
  return { pieces, text: stream.text };
}

describe('JsonStringFieldStream', () => {
  it('yields the field as it arrives, whatever the chunking', () => {
    const json = JSON.stringify({ question: 'What was the hardest part of that?' });
    for (const size of [1, 2, 3, 7, 100]) expect(streamed(json, 'question', size).text).toBe('What was the hardest part of that?');
    const { pieces } = streamed(json, 'question', 5);
    // Text comes out before the object is complete: streaming into TTS depends on it.
    expect(pieces.filter((piece) => piece.length > 0).length).toBeGreaterThan(3);
  });

  it('decodes escapes, including unicode escapes split across chunks', () => {
    const value = 'She said "hi" \\ then\nleft. Caf\u00e9 \u2014 ok';
    const json = JSON.stringify({ answer: value }).replace('é', '\\u00e9').replace('—', '\\u2014');
    for (const size of [1, 4, 9]) expect(streamed(json, 'answer', size).text).toBe(value);
  });

  it('skips other fields, nested values and strings that contain the field name', () => {
    const json = JSON.stringify({
      reason: 'question "acknowledgement" {',
      nested: { acknowledgement: 'not this one', list: [1, '}', { a: ']' }] },
      score: 3.5,
      ok: true,
      acknowledgement: 'Thanks, that helps.',
      after: 'ignored',
    });
    expect(streamed(json, 'acknowledgement', 3).text).toBe('Thanks, that helps.');
  });

  it('yields nothing when the field is absent or the JSON stops early', () => {
    expect(streamed('{"other":"x"}', 'question', 2).text).toBe('');
    expect(streamed('{"question":"Can you tel', 'question', 4).text).toBe('Can you tel');
  });
});
