import { Fragment, type ReactElement } from 'react';

/**
 * Text with [start, end) ranges wrapped in <mark>. Built from React text nodes only, never
 * innerHTML, so whatever a transcript says can never become markup.
 */
export function HighlightedText({ text, ranges, activeRange }: { text: string; ranges: readonly (readonly [number, number])[]; activeRange?: number }) {
  const sorted = [...ranges].map((range, index) => ({ range, index })).sort((a, b) => a.range[0] - b.range[0]);
  const parts: ReactElement[] = [];
  let cursor = 0;
  for (const { range, index } of sorted) {
    const start = Math.max(range[0], cursor);
    const end = Math.min(range[1], text.length);
    if (end <= start) continue;
    if (start > cursor) parts.push(<Fragment key={`t${cursor}`}>{text.slice(cursor, start)}</Fragment>);
    parts.push(
      <mark key={`m${start}`} className={index === activeRange ? 'active-match' : undefined} data-match={index}>
        {text.slice(start, end)}
      </mark>,
    );
    cursor = end;
  }
  if (cursor < text.length) parts.push(<Fragment key={`t${cursor}`}>{text.slice(cursor)}</Fragment>);
  return <>{parts}</>;
}
