import type { SpeakerSegment } from '../../../contracts/transcript.js';

export interface TranscriptMatch {
  seq: number;
  start: number;
  end: number;
}

/** The words of a search, as the server's full-text search reads them (letters and digits). */
export function searchTerms(query: string): string[] {
  return (query.toLocaleLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((term) => term.length > 0);
}

/** Every occurrence of any search word in the segments, in reading order (case-insensitive). */
export function findMatches(segments: readonly SpeakerSegment[], query: string): TranscriptMatch[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const matches: TranscriptMatch[] = [];
  for (const segment of segments) {
    const text = segment.text.toLocaleLowerCase();
    const found: [number, number][] = [];
    for (const term of terms) {
      let from = 0;
      for (;;) {
        const at = text.indexOf(term, from);
        if (at === -1) break;
        found.push([at, at + term.length]);
        from = at + term.length;
      }
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let lastEnd = -1;
    for (const [start, end] of found) {
      if (start < lastEnd) continue;
      matches.push({ seq: segment.seq, start, end });
      lastEnd = end;
    }
  }
  return matches;
}
