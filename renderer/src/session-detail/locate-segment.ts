import type { Snippet, SpeakerSegment } from '../../../contracts/transcript.js';
import { searchTerms } from './transcript-search.js';

/** The segment being said at `seconds` into the interview (the last one started by then). */
export function segmentAtTime(segments: readonly SpeakerSegment[], seconds: number): number | null {
  let found: SpeakerSegment | undefined;
  for (const segment of segments) {
    if (segment.startTime <= seconds + 0.001) found = segment;
    else break;
  }
  return (found ?? segments[0])?.seq ?? null;
}

/**
 * The segment a search snippet came from. The server cuts snippets from the transcript text,
 * which is each segment as "Interviewer: …" / "Candidate: …" on its own line, so the snippet's
 * first highlighted word is found in its surrounding words; failing that, the first segment that
 * holds every search word, then any of them.
 */
export function segmentForSnippet(segments: readonly SpeakerSegment[], snippet: Snippet | null, query: string): number | null {
  if (snippet && snippet.highlights.length > 0) {
    const [start, end] = snippet.highlights[0] as [number, number];
    const word = snippet.text.slice(start, end).toLocaleLowerCase();
    // The words right around the hit, trimmed of the ellipses and speaker labels that span lines.
    const before = snippet.text.slice(Math.max(0, start - 40), start).split('\n').at(-1)?.replace(/^.*?(Interviewer|Candidate): /, '') ?? '';
    const after = snippet.text.slice(end, end + 40).split('\n')[0] ?? '';
    const context = `${before}${word}${after}`.replace(/^…|…$/g, '').toLocaleLowerCase().trim();
    const exact = segments.find((segment) => segment.text.toLocaleLowerCase().includes(context));
    if (exact) return exact.seq;
    const withWord = segments.find((segment) => segment.text.toLocaleLowerCase().includes(word));
    if (withWord) return withWord.seq;
  }
  const terms = searchTerms(query);
  if (terms.length === 0) return null;
  const lower = segments.map((segment) => segment.text.toLocaleLowerCase());
  const all = segments.findIndex((_, index) => terms.every((term) => lower[index]?.includes(term)));
  if (all !== -1) return segments[all]?.seq ?? null;
  const any = segments.findIndex((_, index) => terms.some((term) => lower[index]?.includes(term)));
  return any === -1 ? null : (segments[any]?.seq ?? null);
}
