import { describe, expect, it } from 'vitest';
import { findPersonalData, luhnValid, redactPersonalData, type RedactionKind } from '../../contracts/redaction.js';
import { CANDIDATE_NAME, corpus } from './redaction-corpus.js';

interface Labelled {
  text: string;
  spans: { kind: RedactionKind; start: number; end: number }[];
}

/** `{{kind:value}}` markers to plain text plus the expected spans. */
function parse(line: string): Labelled {
  const spans: Labelled['spans'] = [];
  let text = '';
  let at = 0;
  for (const match of line.matchAll(/\{\{(\w+):([^}]+)\}\}/g)) {
    text += line.slice(at, match.index);
    const value = match[2] as string;
    spans.push({ kind: match[1] as RedactionKind, start: text.length, end: text.length + value.length });
    text += value;
    at = (match.index ?? 0) + match[0].length;
  }
  return { text: text + line.slice(at), spans };
}

const labelled = corpus.map(parse);

describe('redaction corpus', () => {
  it('has at least 150 sentences, positives and look-alike negatives', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(150);
    expect(labelled.filter((l) => l.spans.length === 0).length).toBeGreaterThanOrEqual(50);
    const kinds = new Set(labelled.flatMap((l) => l.spans.map((s) => s.kind)));
    expect([...kinds].sort()).toEqual(['address', 'card', 'date_of_birth', 'email', 'name', 'national_id', 'phone', 'ssn']);
  });

  it('meets recall >= 0.98 and precision >= 0.95', () => {
    let expected = 0;
    let found = 0;
    let predicted = 0;
    let correct = 0;
    const misses: string[] = [];
    const falseHits: string[] = [];
    for (const { text, spans } of labelled) {
      const hits = findPersonalData(text, { candidateName: CANDIDATE_NAME });
      expected += spans.length;
      predicted += hits.length;
      // Found: a hit of the same kind covers the labelled span (a few characters of slack at its ends).
      for (const span of spans) {
        const covered = hits.some((h) => h.kind === span.kind && h.start <= span.start + 4 && h.end >= span.end - 4 && h.start < span.end && span.start < h.end);
        if (covered) found += 1;
        else misses.push(`${span.kind}: ${text.slice(span.start, span.end)} | ${text}`);
      }
      for (const hit of hits) {
        const right = spans.some((s) => s.kind === hit.kind && hit.start < s.end && s.start < hit.end);
        if (right) correct += 1;
        else falseHits.push(`${hit.kind}: ${text.slice(hit.start, hit.end)} | ${text}`);
      }
    }
    const recall = found / expected;
    const precision = correct / predicted;
    console.warn(`redaction corpus: ${labelled.length} sentences, ${expected} labelled spans; recall ${recall.toFixed(3)} (${found}/${expected}), precision ${precision.toFixed(3)} (${correct}/${predicted})`);
    if (misses.length > 0) console.warn(`missed:\n  ${misses.join('\n  ')}`);
    if (falseHits.length > 0) console.warn(`false hits:\n  ${falseHits.join('\n  ')}`);
    expect(recall).toBeGreaterThanOrEqual(0.98);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it('replaces each span with its label and leaves the rest as it was', () => {
    expect(redactPersonalData('Mail grace@navy.mil or call +44 20 7946 0958.')).toBe('Mail [EMAIL] or call [PHONE].');
    expect(redactPersonalData('Grace Hopper said hi', { candidateName: 'Grace Hopper' })).toBe('[NAME] said hi');
    expect(redactPersonalData('Grace Hopper said hi')).toBe('Grace Hopper said hi');
    expect(redactPersonalData('Card 4111 1111 1111 1112 is not a card')).toBe('Card 4111 1111 1111 1112 is not a card');
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});
