import type { Snippet } from '../../contracts/transcript.js';

/**
 * Chinese, Japanese and Korean text has no spaces between words, so the word index cannot find a
 * word inside a sentence. Queries holding such characters go to the trigram index instead
 * (migration 0006, which lists the same ranges in its GLOB class: keep the two in step).
 */
const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF\u3040-\u30FF\uAC00-\uD7AF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{2FFFF}]/u;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** The query's terms: runs of letters, digits and underscores (so never FTS5 or LIKE syntax but `_`). */
export function searchTerms(text: string): string[] {
  return [...new Set(text.match(/[\p{L}\p{N}_]+/gu) ?? [])];
}

/**
 * The trigram index matches substrings of three characters or more; a shorter term (most Chinese
 * words are two characters) is matched with LIKE over the same, CJK-only, table instead.
 */
export function splitTermsByLength(terms: readonly string[]): { indexed: string[]; short: string[] } {
  const indexed: string[] = [];
  const short: string[] = [];
  for (const term of terms) ([...term].length >= 3 ? indexed : short).push(term);
  return { indexed, short };
}

export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SNIPPET_RADIUS = 40;

/**
 * An excerpt around the first place any term occurs, with every occurrence of every term in it
 * highlighted (the index's own snippet() cannot highlight the LIKE-matched short terms).
 * Null when no term occurs in the text.
 */
export function termSnippet(text: string, terms: readonly string[]): Snippet | null {
  if (terms.length === 0) return null;
  const pattern = new RegExp(terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  const first = pattern.exec(text);
  if (!first) return null;
  let start = Math.max(0, first.index - SNIPPET_RADIUS);
  let end = Math.min(text.length, first.index + first[0].length + SNIPPET_RADIUS);
  // Never cut a character outside the Basic Multilingual Plane (a rare ideograph) in half.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start -= 1;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end += 1;
  const prefix = start > 0 ? '…' : '';
  const excerpt = `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  const highlights: [number, number][] = [];
  pattern.lastIndex = 0;
  const body = text.slice(start, end);
  for (let match = pattern.exec(body); match; match = pattern.exec(body)) {
    if (match[0].length === 0) break;
    highlights.push([prefix.length + match.index, prefix.length + match.index + match[0].length]);
  }
  return { text: excerpt, highlights };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
