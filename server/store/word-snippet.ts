import type { Snippet } from '../../contracts/transcript.js';

/** As many tokens as FTS5's snippet() is asked for (see TranscriptStore.searchWords). */
const SNIPPET_TOKENS = 24;
/** Tokens shown before the first hit, so it reads in context. */
const LEAD_TOKENS = 6;
/** Characters looked at around the hit: 24 tokens of spoken English fit with room to spare. */
const WINDOW_BEFORE = 160;
const WINDOW_AFTER = 480;

const TOKEN = /[\p{L}\p{N}]+/gu;
const PLAIN_WORD = /^[A-Za-z0-9]+$/;

/**
 * The page's snippet without FTS5's snippet(), which tokenizes the whole transcript (about half a
 * millisecond for 4,500 words, most of a search's time): the first place a query word starts a
 * token, ±24 tokens, every such word highlighted. Only for plain ASCII words, which case-folding
 * alone matches as the index does; null when a word is anything else or none occurs literally
 * (a stemmed form, a diacritic, a hit in the candidate's name), and the caller asks FTS5 instead.
 */
export function wordSnippet(text: string, words: readonly string[]): Snippet | null {
  if (words.length === 0 || !words.every((word) => PLAIN_WORD.test(word))) return null;
  // ASCII-only, case-insensitive and without the `u` flag: V8 scans this several times faster.
  const pattern = new RegExp(words.join('|'), 'gi');
  const first = nextHit(text, pattern, 0);
  if (!first) return null;
  const windowStart = Math.max(0, first.start - WINDOW_BEFORE);
  const windowEnd = Math.min(text.length, first.start + WINDOW_AFTER);
  const window = text.slice(windowStart, windowEnd);
  const tokens = [...window.matchAll(TOKEN)].map((match) => ({ start: windowStart + match.index, end: windowStart + match.index + match[0].length }));
  // A token cut by the window's left edge is not shown.
  if (windowStart > 0 && tokens[0]?.start === windowStart) tokens.shift();
  const hit = tokens.findIndex((token) => token.start === first.start);
  if (hit < 0) return null;
  const from = Math.max(0, hit - LEAD_TOKENS);
  const to = Math.min(tokens.length - 1, from + SNIPPET_TOKENS - 1);
  const start = (tokens[from] as { start: number }).start;
  // Running to the text's last token, the snippet keeps what follows it ("here.") and needs no ellipsis.
  const end = to === tokens.length - 1 && windowEnd === text.length ? text.length : (tokens[to] as { end: number }).end;
  const prefix = start > 0 ? '…' : '';
  const body = text.slice(start, end);
  const highlights: [number, number][] = [];
  for (let found = nextHit(body, pattern, 0); found; found = nextHit(body, pattern, found.end)) {
    highlights.push([prefix.length + found.start, prefix.length + found.end]);
  }
  return { text: `${prefix}${body}${end < text.length ? '…' : ''}`, highlights };
}

/**
 * The next token from `from` on that starts with a query word (the last word is a prefix, and the
 * rest of the token stands in for stemming: "conflict" also marks "conflicts"), as [start, end).
 */
function nextHit(text: string, pattern: RegExp, from: number): { start: number; end: number } | null {
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > 0 && isTokenChar(text, match.index - 1)) continue;
    let end = match.index + match[0].length;
    while (end < text.length && isTokenChar(text, end)) end += 1;
    return { start: match.index, end };
  }
  return null;
}

const TOKEN_CHAR = /[\p{L}\p{N}]/u;

function isTokenChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return TOKEN_CHAR.test(text[index] as string);
}
