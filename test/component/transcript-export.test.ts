import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SpeakerSegment } from '../../contracts/transcript.js';
import { segmentAtTime, segmentForSnippet } from '../../renderer/src/session-detail/locate-segment.js';
import { buildTextPdf, textWidth, winAnsiCode } from '../../renderer/src/session-detail/text-pdf.js';
import { exportFileName, transcriptJson, transcriptMarkdown, transcriptPdf, transcriptPlainText, type ExportSource } from '../../renderer/src/session-detail/transcript-export.js';

const segments: SpeakerSegment[] = [
  { seq: 0, speaker: 'bot', text: 'Tell me about the outage (the big one).', startTime: 1, endTime: 4, confidence: 0.9 },
  { seq: 1, speaker: 'candidate', text: 'Our “reentry” service failed — twice… I fixed it with *retries* and \\backoff.', startTime: 65, endTime: 80, confidence: 0.8 },
  { seq: 2, speaker: 'bot', text: 'How did kubernetes help?', startTime: 90, endTime: 93, confidence: 0.9 },
];
const source: ExportSource = {
  session: { id: 's1', candidateName: 'Grace Hopper', candidateEmail: 'grace@example.com', interviewType: 'technical', startedAt: '2026-01-31T10:00:00.000Z', durationSeconds: 1800 },
  transcript: { id: 't1', wordCount: 33, createdAt: '2026-01-31T10:30:00.000Z', speakerSegments: segments },
};

const dir = mkdtempSync(join(tmpdir(), 'console-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('transcript exports', () => {
  it('copies as timestamped plain lines', () => {
    expect(transcriptPlainText(source).split('\n')).toEqual([
      '[00:01] Interviewer: Tell me about the outage (the big one).',
      '[01:05] Candidate: Our “reentry” service failed — twice… I fixed it with *retries* and \\backoff.',
      '[01:30] Interviewer: How did kubernetes help?',
    ]);
  });

  it('writes Markdown with the facts and escaped turns', () => {
    const markdown = transcriptMarkdown(source);
    expect(markdown).toContain('# Interview transcript: Grace Hopper');
    expect(markdown).toContain('- **Interview type:** technical');
    expect(markdown).toContain('**[01:05] Candidate:** Our “reentry” service failed — twice… I fixed it with \\*retries\\* and \\\\backoff.');
  });

  it('writes JSON that holds every segment', () => {
    const parsed = JSON.parse(transcriptJson(source)) as { segments: SpeakerSegment[]; session: { candidateName: string } };
    expect(parsed.segments).toEqual(segments);
    expect(parsed.session.candidateName).toBe('Grace Hopper');
    expect(exportFileName(source, 'pdf')).toBe('transcript-grace-hopper-2026-01-31.pdf');
  });

  it('writes a well-formed PDF: header, objects, a correct cross-reference table', () => {
    const bytes = transcriptPdf(source);
    const text = Buffer.from(bytes).toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    offsets.forEach((offset, index) => expect(text.slice(offset).startsWith(`${index + 1} 0 obj`)).toBe(true));
    expect(text).toContain('( Tell me about the outage \\(the big one\\).) Tj');
  });

  it('breaks long transcripts into pages and keeps every word (checked with pdftotext when installed)', () => {
    const long = Array.from({ length: 300 }, (_, seq): SpeakerSegment => ({
      seq,
      speaker: seq % 2 ? 'candidate' : 'bot',
      text: `Turn ${seq} talks about distributed systems, consensus and the occasional incident review at length.`,
      startTime: seq * 10,
      endTime: seq * 10 + 8,
      confidence: 0.9,
    }));
    const bytes = buildTextPdf({ title: 'Long', paragraphs: long.map((item) => ({ runs: [{ text: item.text }] })) });
    const pages = Number(/\/Count (\d+)/.exec(Buffer.from(bytes).toString('latin1'))?.[1]);
    expect(pages).toBeGreaterThan(5);
    const file = join(dir, 'long.pdf');
    writeFileSync(file, bytes);
    if (spawnSync('pdftotext', ['-v']).error) return;
    const extracted = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    expect(extracted).toContain('Turn 0 talks about distributed systems');
    expect(extracted).toContain('Turn 299 talks about');
    const withQuotes = join(dir, 'quotes.pdf');
    writeFileSync(withQuotes, transcriptPdf(source));
    expect(execFileSync('pdftotext', [withQuotes, '-']).toString('utf8')).toContain('“reentry” service failed — twice…');
  });

  it('measures and encodes text with the Helvetica metrics', () => {
    expect(textWidth('iiii', 10)).toBeLessThan(textWidth('MMMM', 10));
    expect(winAnsiCode('é')).toBe(0xe9);
    expect(winAnsiCode('—')).toBe(0x97);
    expect(winAnsiCode('漢')).toBe(63);
  });
});

describe('landing on a moment of the transcript', () => {
  it('finds the turn being spoken at a time', () => {
    expect(segmentAtTime(segments, 0)).toBe(0);
    expect(segmentAtTime(segments, 70)).toBe(1);
    expect(segmentAtTime(segments, 1000)).toBe(2);
  });

  it('finds the turn a search snippet was cut from', () => {
    const text = '…the big one).\nCandidate: Our “reentry” service failed — twice…';
    const at = text.indexOf('reentry');
    expect(segmentForSnippet(segments, { text, highlights: [[at, at + 7]] }, 'reentry')).toBe(1);
    expect(segmentForSnippet(segments, null, 'kubernetes')).toBe(2);
    expect(segmentForSnippet(segments, null, 'nothing here')).toBeNull();
  });
});
