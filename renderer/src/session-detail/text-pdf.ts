/**
 * A small PDF writer for text documents (transcripts): PDF 1.4, the standard Helvetica fonts with
 * WinAnsi encoding, greedy word wrap, automatic pages. Enough for a faithful, searchable printout
 * without shipping a PDF library in the console's bundle.
 */
export interface PdfRun {
  text: string;
  bold?: boolean;
}

export interface PdfParagraph {
  runs: PdfRun[];
  size?: number;
  /** Extra space above the paragraph, in points. */
  spaceBefore?: number;
  /** Grey text (metadata lines). */
  muted?: boolean;
}

export interface PdfDocument {
  title: string;
  paragraphs: PdfParagraph[];
}

const PAGE_WIDTH = 595.28; // A4
const PAGE_HEIGHT = 841.89;
const MARGIN = 56;
const LINE_FACTOR = 1.35;

// Advance widths (1/1000 em) of WinAnsi 32..126 from the Adobe Helvetica AFM files.
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

// Characters outside Latin-1 that WinAnsi still has (typographic quotes, dashes, ellipsis...).
const WIN_ANSI_EXTRA: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c,
  'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b,
  'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/** The WinAnsi byte for a character; anything the font cannot show becomes "?". */
export function winAnsiCode(char: string): number {
  const code = char.codePointAt(0) ?? 63;
  if (code >= 32 && code <= 126) return code;
  if (code >= 160 && code <= 255) return code;
  if (char === '\t') return 32;
  return WIN_ANSI_EXTRA[char] ?? 63;
}

function charWidth(code: number, bold: boolean): number {
  const table = bold ? BOLD : REGULAR;
  return code >= 32 && code <= 126 ? (table[code - 32] ?? 556) : 556;
}

export function textWidth(text: string, size: number, bold = false): number {
  let total = 0;
  for (const char of text) total += charWidth(winAnsiCode(char), bold);
  return (total * size) / 1000;
}

/** A PDF literal string: WinAnsi bytes, with the delimiters and backslash escaped. */
function literal(text: string): string {
  let out = '';
  for (const char of text) {
    const code = winAnsiCode(char);
    if (code === 40 || code === 41 || code === 92) out += `\\${String.fromCharCode(code)}`;
    else if (code < 32 || code > 126) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(code);
  }
  return `(${out})`;
}

interface Word {
  text: string;
  bold: boolean;
}

type Line = { runs: Word[]; size: number; muted: boolean; spaceBefore: number };

function wrap(paragraph: PdfParagraph, maxWidth: number): Line[] {
  const size = paragraph.size ?? 10;
  const muted = paragraph.muted ?? false;
  const words: Word[] = [];
  for (const run of paragraph.runs) {
    for (const piece of run.text.split(/\s+/).filter(Boolean)) words.push({ text: piece, bold: run.bold ?? false });
  }
  const lines: Line[] = [];
  let current: Word[] = [];
  let width = 0;
  const space = (bold: boolean): number => textWidth(' ', size, bold);
  const flush = (): void => {
    lines.push({ runs: current, size, muted, spaceBefore: lines.length === 0 ? (paragraph.spaceBefore ?? 0) : 0 });
    current = [];
    width = 0;
  };
  for (const word of words) {
    let wordWidth = textWidth(word.text, size, word.bold);
    // A word longer than a line (a URL) is cut into pieces that fit.
    let rest = word.text;
    while (wordWidth > maxWidth) {
      let cut = rest.length;
      while (cut > 1 && textWidth(rest.slice(0, cut), size, word.bold) > maxWidth) cut -= 1;
      if (current.length > 0) flush();
      current.push({ text: rest.slice(0, cut), bold: word.bold });
      flush();
      rest = rest.slice(cut);
      wordWidth = textWidth(rest, size, word.bold);
    }
    if (!rest) continue;
    const needed = current.length === 0 ? wordWidth : width + space(word.bold) + wordWidth;
    if (needed > maxWidth && current.length > 0) flush();
    width = current.length === 0 ? wordWidth : width + space(word.bold) + wordWidth;
    current.push({ text: rest, bold: word.bold });
  }
  if (current.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Text-showing operators for one line, switching fonts between bold and regular runs. */
function lineOperators(line: Line): string {
  const ops: string[] = [];
  let bold: boolean | null = null;
  let text = '';
  const emit = (): void => {
    if (bold === null || !text) return;
    ops.push(`/${bold ? 'F2' : 'F1'} ${line.size} Tf ${literal(text)} Tj`);
  };
  line.runs.forEach((word, index) => {
    const separator = index === 0 ? '' : ' ';
    if (word.bold !== bold) {
      emit();
      bold = word.bold;
      text = separator + word.text;
    } else text += separator + word.text;
  });
  emit();
  return ops.join(' ');
}

export function buildTextPdf(document: PdfDocument): Uint8Array {
  const maxWidth = PAGE_WIDTH - 2 * MARGIN;
  const lines = document.paragraphs.flatMap((paragraph) => wrap(paragraph, maxWidth));
  const pages: string[] = [];
  let ops: string[] = [];
  let y = PAGE_HEIGHT - MARGIN;
  let pageNumber = 1;
  const footer = (): string => `BT /F1 8 Tf 0.45 g 1 0 0 1 ${MARGIN} ${MARGIN / 2} Tm ${literal(`${document.title} · page ${pageNumber}`)} Tj ET`;
  for (const line of lines) {
    const height = line.size * LINE_FACTOR;
    if (y - line.spaceBefore - height < MARGIN) {
      ops.push(footer());
      pages.push(ops.join('\n'));
      ops = [];
      y = PAGE_HEIGHT - MARGIN;
      pageNumber += 1;
    } else y -= line.spaceBefore;
    y -= height;
    ops.push(`BT ${line.muted ? '0.4 g' : '0 g'} 1 0 0 1 ${MARGIN} ${y.toFixed(2)} Tm ${lineOperators(line)} ET`);
  }
  ops.push(footer());
  pages.push(ops.join('\n'));

  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 6 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  objects[5] = `<< /Title ${literal(document.title)} /Producer (Interview Console) >>`;
  pages.forEach((content, index) => {
    const pageId = pageIds[index] as number;
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
      `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  });

  // Every character above is a single byte (WinAnsi), so string offsets are byte offsets.
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id += 1) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id += 1) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const bytes = new Uint8Array(out.length);
  for (let index = 0; index < out.length; index += 1) bytes[index] = out.charCodeAt(index) & 0xff;
  return bytes;
}
