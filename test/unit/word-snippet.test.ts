import { describe, expect, it } from 'vitest';
import { wordSnippet } from '../../server/store/word-snippet.js';

const highlighted = (snippet: ReturnType<typeof wordSnippet>): string[] =>
  snippet ? snippet.highlights.map(([start, end]) => snippet.text.slice(start, end)) : [];

describe('wordSnippet (the search page snippet without FTS5 tokenizing the whole transcript)', () => {
  const long = `${'Interviewer: tell me more about the team. '.repeat(200)}Candidate: We ran Kubernetes clusters and moved Postgres onto them, kubernetes-native all the way. ${'Interviewer: and then? '.repeat(200)}`;

  it('shows about 24 tokens around the first hit, with every hit in them highlighted, case-insensitively', () => {
    const snippet = wordSnippet(long, ['kubernetes']);
    expect(snippet).not.toBeNull();
    expect(snippet?.text.startsWith('…')).toBe(true);
    expect(snippet?.text.endsWith('…')).toBe(true);
    expect(highlighted(snippet)).toEqual(['Kubernetes', 'kubernetes']);
    expect(snippet?.text.match(/[\p{L}\p{N}]+/gu)?.length).toBe(24);
  });

  it('treats words as token prefixes (the last word as typed, stems as a suffix) but never inside a token', () => {
    expect(highlighted(wordSnippet('Conflicts happen; a nonconflict does not.', ['conflict']))).toEqual(['Conflicts']);
    expect(highlighted(wordSnippet('We use postgres and Kubernetes.', ['kubern', 'postgres']))).toEqual(['postgres', 'Kubernetes']);
    expect(wordSnippet('a nonconflict only', ['conflict'])).toBeNull();
  });

  it('leaves to FTS5 what only the index can match: stems, diacritics, non-ASCII words', () => {
    expect(wordSnippet('She mentored two juniors.', ['mentoring'])).toBeNull();
    expect(wordSnippet('Un café à Paris.', ['cafe'])).toBeNull();
    expect(wordSnippet('Un café à Paris.', ['café'])).toBeNull();
    expect(wordSnippet('anything', [])).toBeNull();
  });

  it('starts at the text when the hit is near the beginning, without an ellipsis', () => {
    const snippet = wordSnippet('Kubernetes first. Then more words follow here.', ['kubernetes']);
    expect(snippet?.text).toBe('Kubernetes first. Then more words follow here.');
    expect(snippet?.highlights).toEqual([[0, 10]]);
  });
});
