import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceAnalytics } from '../../contracts/analytics.js';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { PrintDocument, PrintedPdf } from '../../contracts/print-document.js';
import type { SpeakerSegment } from '../../contracts/transcript.js';
import { reportPrintDocument } from '../../renderer/src/session-detail/report-print.js';
import { transcriptJson, transcriptMarkdown, transcriptPrintDocument, type ExportSource } from '../../renderer/src/session-detail/transcript-export.js';
import { removeDataDir, repoRoot, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The transcript PDF export in every script a recruiter meets, printed for real: the renderer's own
 * document (transcriptPrintDocument) sent to the built server, which prints it with the installed
 * Chromium (web mode's path; the desktop prints the same HTML with Electron's Chromium). Each PDF is
 * read back with pdftotext (poppler) and rendered with pdftoppm into test-artifacts/pdf-exports/.
 */
interface Script {
  name: string;
  candidate: string;
  turns: string[];
  rtl?: boolean;
}

const scripts: Script[] = [
  { name: 'polish', candidate: 'Łukasz Żółć', turns: ['Dzień dobry, nazywam się Łukasz Żółć.', 'Pracowałem w Gdańsku nad systemem płatności; zespół liczył sześć osób.'] },
  { name: 'vietnamese', candidate: 'Nguyễn Thị Ngọc Ánh', turns: ['Xin chào, tôi là Nguyễn Thị Ngọc Ánh.', 'Tôi đã làm kỹ sư phần mềm ở Hà Nội được năm năm.'] },
  { name: 'chinese', candidate: '王芳', turns: ['你好，我叫王芳。', '我在上海做了五年的后端开发，负责支付系统。'] },
  { name: 'japanese', candidate: '山田 花子', turns: ['はじめまして、山田花子と申します。', '東京でフロントエンドの開発を七年間担当しました。'] },
  // Kept short enough for one line each: right-to-left lines are compared word by word (see rtlTokens).
  { name: 'arabic', candidate: 'فاطمة الزهراء', rtl: true, turns: ['مرحبا، اسمي فاطمة الزهراء.', 'عملت في شركة اتصالات خمس سنوات.'] },
  { name: 'hebrew', candidate: 'דוד כהן', rtl: true, turns: ['שלום, שמי דוד כהן.', 'עבדתי חמש שנים כמפתח בתל אביב.'] },
  { name: 'emoji', candidate: 'Sam 😀 Lee', turns: ['Great question 👍 thanks!', 'We shipped it 🎉 and the team 👩‍💻 loved it ❤️'] },
];

const artifacts = join(repoRoot, 'test-artifacts', 'pdf-exports');
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

function sourceFor(script: Pick<Script, 'candidate' | 'turns'>): ExportSource {
  const speakerSegments = script.turns.map((text, seq): SpeakerSegment => ({ seq, speaker: seq % 2 ? 'candidate' : 'bot', text, startTime: seq * 7, endTime: seq * 7 + 6, confidence: 0.9 }));
  return {
    session: { id: 's1', candidateName: script.candidate, candidateEmail: null, interviewType: 'technical', startedAt: '2026-01-31T10:00:00.000Z', durationSeconds: 600 },
    transcript: { id: 't1', wordCount: 20, createdAt: '2026-01-31T10:10:00.000Z', speakerSegments },
  };
}

async function printed(source: ExportSource | PrintDocument, name: string): Promise<string> {
  const document = 'blocks' in source ? source : transcriptPrintDocument(source);
  const reply = await server.call<ApiSuccess<PrintedPdf>>('POST', '/api/voice/print/pdf', { body: document });
  expect(reply.status, reply.text).toBe(200);
  const bytes = Buffer.from(reply.json.data.pdfBase64, 'base64');
  expect(bytes.length).toBe(reply.json.data.bytes);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const file = join(artifacts, `${name}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

/** pdftotext in content order: what Chromium drew, line by line, without poppler's column guessing. */
const textOf = (file: string): string[] => execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString('utf8').split('\n');

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * pdftotext gives a right-to-left line in visual order (left to right), each word in its reading
 * order wrapped in bidi marks. So the words, read from the right, must be the sentence's words.
 * Poppler also turns the two letters of Arabic's one mandatory ligature (lam-alef, لا) around when
 * it reverses a word; the PDF itself maps that glyph to لا in order (checked below).
 */
function rtlTokens(text: string): string[] {
  return text.match(/[\p{L}\p{M}]+|[^\s\p{L}\p{M}]/gu) ?? [];
}

/** A name in a right-to-left script inside a left-to-right line (the title) comes back word-reversed. */
function visualRtlRuns(text: string): string {
  return text.replace(/[\p{Script=Arabic}\p{Script=Hebrew}]+(?:\s+[\p{Script=Arabic}\p{Script=Hebrew}]+)*/gu, (run) => run.split(/\s+/).reverse().join(' '));
}

/** The decompressed streams of a PDF (content and ToUnicode maps), as text. */
function pdfStreams(file: string): string {
  const pdf = readFileSync(file);
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream\n', at);
    if (start < 0) break;
    const end = pdf.indexOf('endstream', start);
    try {
      parts.push(inflateSync(pdf.subarray(start + 7, end)).toString('latin1'));
    } catch {
      // Not Flate (an image or a font program in another filter): nothing to read here.
    }
    at = end + 9;
  }
  return parts.join('\n');
}

describe('PDF exports in every script (Chromium, read back with poppler)', () => {
  for (const script of scripts) {
    it(`${script.name}: the exact text comes back in order, every font is embedded, and a page renders`, async () => {
      const source = sourceFor(script);
      const file = await printed(source, script.name);
      const lines = textOf(file).map((line) => line.trimEnd());

      const expected = [`Interview transcript: ${script.candidate}`, script.candidate, ...script.turns];
      let from = 0;
      for (const text of expected) {
        const rtlTurn = script.rtl === true && script.turns.includes(text);
        const matches = (line: string): boolean => {
          const plain = line.replace(BIDI_CONTROLS, '');
          if (rtlTurn) return JSON.stringify(rtlTokens(plain)) === JSON.stringify(rtlTokens(text.replaceAll('لا', 'ال')).reverse());
          return plain.endsWith(text) || plain.endsWith(visualRtlRuns(text));
        };
        const found = lines.findIndex((line, index) => index >= from && matches(line));
        expect(found, `"${text}" after line ${from} in:\n${lines.join('\n').slice(0, 2_000)}`).toBeGreaterThanOrEqual(0);
        from = found + 1;
      }

      const fonts = execFileSync('pdffonts', [file]).toString('utf8').split('\n').slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font, 'every font is embedded').toMatch(/\syes\s+(yes|no)\s+yes\s/);

      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(artifacts, script.name)]);
      expect(statSync(join(artifacts, `${script.name}-1.png`)).size).toBeGreaterThan(5_000);
    });
  }

  it('lays right-to-left turns out from the right margin and left-to-right ones from the left', async () => {
    const file = join(artifacts, 'arabic.pdf');
    const bbox = execFileSync('pdftotext', ['-bbox-layout', file, '-']).toString('utf8');
    const lineBoxes = [...bbox.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map((match) => ({
      xMin: Number(match[1]),
      xMax: Number(match[2]),
      words: [...(match[3] ?? '').matchAll(/>([^<]+)<\/word>/g)].map((word) => word[1] ?? ''),
    }));
    // Lines all in Arabic: the candidate's name (a fact) and both turns, the longest last.
    const arabicLines = lineBoxes.filter((line) => line.words.every((word) => /\p{Script=Arabic}/u.test(word))).sort((a, b) => a.words.length - b.words.length);
    const label = lineBoxes.find((line) => line.words.includes('Interviewer'));
    expect(arabicLines.map((line) => line.words.length)).toEqual([2, 4, 6]);
    const [name, ...turns] = arabicLines;
    // A4 is 595 pt wide with 16 mm (45 pt) margins: each Arabic turn ends at the right margin...
    for (const line of turns) {
      expect(line.xMax).toBeGreaterThan(540);
      expect(line.xMin).toBeGreaterThan(300);
    }
    // ...the name stays in the facts' value column, and the English label starts at the left margin.
    expect(name?.xMin).toBeGreaterThan(100);
    expect(name?.xMax).toBeLessThan(300);
    expect(label?.xMin).toBeLessThan(60);
  });

  it("gives Arabic's lam-alef ligature its two letters in reading order, and every glyph its Unicode", () => {
    const streams = pdfStreams(join(artifacts, 'arabic.pdf'));
    // One glyph for two letters (in اتصالات): Chromium marks it with the letters it stands for.
    expect(streams).toMatch(/\/ActualText <FEFF06440627>/i);
    expect(streams).toContain('beginbfchar');
  });

  it('breaks a long transcript into pages and keeps every turn', async () => {
    const turns = Array.from({ length: 300 }, (_, seq) => `Turn ${seq}: Łukasz Żółć, Nguyễn và 王芳 talk about consensus and incident reviews.`);
    const file = await printed(sourceFor({ candidate: 'Łukasz Żółć', turns }), 'long');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString('utf8'))?.[1]);
    expect(pages).toBeGreaterThan(5);
    const text = textOf(file).join('\n');
    let from = 0;
    for (const turn of turns) {
      const at = text.indexOf(turn, from);
      expect(at, `${turn} after offset ${from}`).toBeGreaterThanOrEqual(0);
      from = at + turn.length;
    }
  });

  it('prints the session report (scorecard, questions, transcript) the same way', async () => {
    const transcript = sourceFor(scripts[0] as Script).transcript;
    const analytics: VoiceAnalytics = {
      id: 'a', orgId: 'o', sessionId: 's1', transcriptId: 't1', createdAt: '2026-01-31T11:00:00.000Z', updatedAt: '2026-01-31T11:00:00.000Z', createdBy: 'u',
      overallScore: 81, categoryScores: { communication: { score: 81, weight: 1, feedback: 'Jasno i zwięźle — Żółć mówi płynnie.' } },
      strengths: ['Zna 王芳 z projektu'], weaknesses: [], recommendations: ['Nguyễn: dalej'], keyMoments: [],
      detailedAnalysis: { summary: 'Dobra rozmowa.', questionCoverage: [{ questionId: 'q1', text: 'Opowiedz o sobie', status: 'answered', evidence: [{ quote: 'nazywam się Łukasz Żółć', timestamp: 7 }] }] },
      modelUsed: 'gpt-4o', processingTimeMs: 900,
    };
    const document = reportPrintDocument({ session: { ...sourceFor(scripts[0] as Script).session, createdAt: '2026-01-31T10:00:00.000Z' }, analytics, transcript, questions: [{ id: 'q1', text: 'Opowiedz o sobie' }] });
    const lines = textOf(await printed(document, 'report'));
    const expected = [
      'Interview report: Łukasz Żółć',
      'Overall score 81/100',
      'Dobra rozmowa.',
      'Criterion Weight Score',
      'Communication 100% 81',
      'Jasno i zwięźle — Żółć mówi płynnie.',
      'Answered: Opowiedz o sobie',
      '[00:07] “nazywam się Łukasz Żółć”',
      'Zna 王芳 z projektu',
      'Nguyễn: dalej',
      ...(scripts[0]?.turns ?? []),
    ];
    let from = 0;
    for (const text of expected) {
      const found = lines.findIndex((line, index) => index >= from && line.trim().endsWith(text));
      expect(found, `"${text}" after line ${from} in:\n${lines.join('\n').slice(0, 2_000)}`).toBeGreaterThanOrEqual(0);
      from = found + 1;
    }
  });

  it('keeps the Markdown and JSON exports byte for byte in every script', () => {
    for (const script of scripts) {
      const source = sourceFor(script);
      const markdown = Buffer.from(transcriptMarkdown(source), 'utf8');
      const json = Buffer.from(transcriptJson(source), 'utf8');
      for (const text of [script.candidate, ...script.turns]) {
        const bytes = Buffer.from(text, 'utf8');
        // Markdown escapes only its own syntax characters, which none of these texts hold.
        expect(markdown.includes(bytes), `${script.name} Markdown: ${text}`).toBe(true);
        expect(json.includes(bytes), `${script.name} JSON: ${text}`).toBe(true);
      }
      expect((JSON.parse(json.toString('utf8')) as { segments: SpeakerSegment[] }).segments).toEqual(source.transcript.speakerSegments);
    }
  });

  it('refuses a document that is not text blocks with a 400, and prints nothing', async () => {
    const reply = await server.call<ApiError>('POST', '/api/voice/print/pdf', { body: { title: 'x', blocks: [{ kind: 'html', html: '<img src="http://example.com/">' }] } });
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('VALIDATION_ERROR');
  });
});
