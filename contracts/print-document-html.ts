import type { PrintBlock, PrintDocument } from './print-document.js';

/**
 * The one layout of a printed document, used by both PDF printers (Electron on the desktop, the
 * installed Chromium in web mode). Chromium does the hard parts: it shapes every script (Arabic
 * joining, Vietnamese stacked marks, CJK), lays out right-to-left paragraphs by the Unicode bidi
 * algorithm (`dir="auto"` per paragraph), falls back to a font that has each character (Noto on
 * Linux, the system's fonts on macOS and Windows), embeds the fonts and writes searchable text.
 * The page allows no scripts and no requests: it is text and inline CSS only.
 */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

// Latin first, then the scripts it lacks; emoji last so digits and '#' keep the text font. Where the
// choice matters for copy and search, fonts with TrueType outlines come first: Chromium embeds them
// as real fonts, while CFF fonts (Noto CJK) and colour bitmaps (Noto Color Emoji) become Type 3 glyph
// pictures whose odd metrics make text extractors (pdftotext) drop spaces and break lines. So on
// Linux: WenQuanYi Micro Hei for Chinese and Japanese, Symbola for emoji, the others as fallback.
const FONT_STACK = [
  '"Noto Sans"',
  '"Noto Sans Arabic"',
  '"Noto Sans Hebrew"',
  '"DejaVu Sans"',
  '"Segoe UI"',
  '"Helvetica Neue"',
  'Arial',
  '"WenQuanYi Micro Hei"',
  '"Noto Sans CJK SC"',
  '"Noto Sans CJK JP"',
  '"PingFang SC"',
  '"Hiragino Sans"',
  '"Microsoft YaHei"',
  '"Yu Gothic"',
  'Symbola',
  '"Apple Color Emoji"',
  '"Segoe UI Emoji"',
  '"Noto Color Emoji"',
  'sans-serif',
].join(', ');

const STYLE = `
@page { size: A4; }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${FONT_STACK}; font-synthesis: none; font-size: 10.5pt; line-height: 1.45; color: #111; }
/* Headings stand out by size, not weight: a name in them may be in a script whose font has no bold,
   and a synthesized bold is printed as glyph pictures that copy and search cannot read well. */
h1, h2, h3 { font-weight: 400; }
h1 { font-size: 18pt; margin: 0 0 8pt; padding-bottom: 4pt; border-bottom: 0.75pt solid #999; }
h2 { font-size: 13.5pt; margin: 16pt 0 6pt; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; color: #333; }
h1, h2, h3, p, li, td, th, dd { unicode-bidi: plaintext; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; margin: 0 0 14pt; font-size: 9pt; color: #444; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; text-align: left; }
p { margin: 0 0 6pt; }
p.muted { color: #555; font-size: 9pt; }
ul { margin: 0 0 8pt; padding-inline-start: 16pt; }
table { border-collapse: collapse; margin: 0 0 10pt; width: 100%; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 3pt 6pt; text-align: start; vertical-align: top; }
th { font-weight: 400; color: #444; border-bottom: 1pt solid #777; }
.turn { margin: 0 0 7pt; break-inside: avoid; }
.turn .who { font-weight: 600; font-size: 9pt; color: #333; }
.turn .who time { font-weight: 400; color: #666; margin-inline-end: 6pt; }
.turn p { margin: 0; }
`;

function block(item: PrintBlock): string {
  switch (item.kind) {
    case 'heading':
      return `<h${item.level} dir="auto">${escapeHtml(item.text)}</h${item.level}>`;
    case 'facts':
      return `<dl class="facts">${item.items.map((fact) => `<dt dir="auto">${escapeHtml(fact.label)}</dt><dd dir="auto">${escapeHtml(fact.value)}</dd>`).join('')}</dl>`;
    case 'paragraph':
      return `<p dir="auto"${item.muted ? ' class="muted"' : ''}>${escapeHtml(item.text)}</p>`;
    case 'list':
      return `<ul>${item.items.map((entry) => `<li dir="auto">${escapeHtml(entry)}</li>`).join('')}</ul>`;
    case 'table':
      return `<table><thead><tr>${item.header.map((cell) => `<th dir="auto">${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${item.rows
        .map((row) => `<tr>${row.map((cell) => `<td dir="auto">${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'turn':
      // The label and the words are separate paragraphs, so an utterance in Arabic or Hebrew takes
      // its own right-to-left direction and alignment whatever the speaker's label is written in.
      return `<div class="turn"><div class="who" dir="auto"><time>[${escapeHtml(item.time)}]</time><bdi>${escapeHtml(item.speaker)}</bdi></div><p dir="auto">${escapeHtml(item.text)}</p></div>`;
  }
}

export function printDocumentHtml(document: PrintDocument): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(document.lang ?? 'en')}">`,
    '<head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(document.title)}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body>${document.blocks.map(block).join('\n')}</body></html>`,
  ].join('\n');
}

/** Paper and margins, in millimetres, the same for both printers. */
export const PDF_PAGE = { format: 'A4', marginMm: { top: 16, right: 16, bottom: 18, left: 16 } } as const;

/** The footer both printers put on every page: the title and "page / pages" (Chromium fills the spans). */
export function pdfFooterTemplate(title: string): string {
  return (
    `<div style="width:100%;font-size:7pt;color:#777;padding:0 16mm;display:flex;justify-content:space-between;font-family:${escapeHtml(FONT_STACK)}">` +
    `<span dir="auto">${escapeHtml(title)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
  );
}

/** An empty header (Chromium prints the date and URL when a footer is asked for and no header given). */
export const PDF_EMPTY_HEADER = '<span></span>';
