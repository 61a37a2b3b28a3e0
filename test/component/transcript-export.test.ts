import { describe, expect, it } from 'vitest';
import { printDocument } from '../../contracts/print-document.js';
import type { SpeakerSegment } from '../../contracts/transcript.js';
import { segmentAtTime, segmentForSnippet } from '../../renderer/src/session-detail/locate-segment.js';
import { exportFileName, transcriptJson, transcriptMarkdown, transcriptPlainText, transcriptPrintDocument, type ExportSource } from '../../renderer/src/session-detail/transcript-export.js';

const segments: SpeakerSegment[] = [
  { seq: 0, speaker: 'bot', text: 'Tell me about the outage (the big one).', startTime: 1, endTime: 4, confidence: 0.9 },
  { seq: 1, speaker: 'candidate', text: 'Our “reentry” service failed — twice… I fixed it with *retries* and \\backoff.', startTime: 65, endTime: 80, confidence: 0.8 },
  { seq: 2, speaker: 'bot', text: 'How did kubernetes help?', startTime: 90, endTime: 93, confidence: 0.9 },
];
const source: ExportSource = {
  session: { id: 's1', candidateName: 'Grace Hopper', candidateEmail: 'grace@example.com', interviewType: 'technical', startedAt: '2026-01-31T10:00:00.000Z', durationSeconds: 1800 },
  transcript: { id: 't1', wordCount: 33, createdAt: '2026-01-31T10:30:00.000Z', speakerSegments: segments },
};

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

  it('hands the PDF printer the title, the facts and every turn as text (Chromium prints it: test/integration/pdf-export-scripts.test.ts)', () => {
    const document = transcriptPrintDocument(source);
    expect(printDocument.parse(document)).toEqual(document);
    expect(document.title).toBe('Interview transcript: Grace Hopper');
    expect(document.blocks[0]).toEqual({ kind: 'heading', level: 1, text: 'Interview transcript: Grace Hopper' });
    expect(document.blocks[1]).toMatchObject({ kind: 'facts', items: [{ label: 'Candidate', value: 'Grace Hopper <grace@example.com>' }, { label: 'Interview type', value: 'technical' }, { label: 'Date', value: '2026-01-31 10:00 UTC' }, { label: 'Words', value: '33' }] });
    expect(document.blocks.slice(2)).toEqual(
      segments.map((segment, index) => ({ kind: 'turn', time: ['00:01', '01:05', '01:30'][index], speaker: index === 1 ? 'Candidate' : 'Interviewer', text: segment.text })),
    );
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
