import { consentOf, consentSummary } from '../../../contracts/consent.js';
import type { PrintDocument } from '../../../contracts/print-document.js';
import type { VoiceSession } from '../../../contracts/session.js';
import type { Transcript } from '../../../contracts/transcript.js';
import { clockTime } from '../../../contracts/transcript-clock.js';
import { speakerLabel } from './speaker-labels.js';

export interface ExportSource {
  session: Pick<VoiceSession, 'id' | 'candidateName' | 'candidateEmail' | 'interviewType' | 'startedAt' | 'durationSeconds'> & { sessionMetadata?: Record<string, unknown> };
  transcript: Pick<Transcript, 'id' | 'wordCount' | 'createdAt' | 'speakerSegments'>;
}

function title(source: ExportSource): string {
  return `Interview transcript: ${source.session.candidateName ?? 'Unnamed candidate'}`;
}

function facts(source: ExportSource): [string, string][] {
  const { session, transcript } = source;
  return [
    ['Candidate', `${session.candidateName ?? 'Unnamed'}${session.candidateEmail ? ` <${session.candidateEmail}>` : ''}`],
    ['Interview type', session.interviewType],
    ['Date', new Date(session.startedAt ?? transcript.createdAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'],
    ['Words', String(transcript.wordCount)],
    ...((): [string, string][] => {
      const consent = consentSummary(consentOf(session.sessionMetadata));
      return consent ? [['AI consent', consent]] : [];
    })(),
  ];
}

/** Plain lines, as copied to the clipboard: "[mm:ss] Speaker: text". */
export function transcriptPlainText(source: ExportSource): string {
  return source.transcript.speakerSegments
    .map((segment) => `[${clockTime(segment.startTime)}] ${speakerLabel(segment.speaker)}: ${segment.text}`)
    .join('\n');
}

/** Text made literal in Markdown: the characters that would format it are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export function transcriptMarkdown(source: ExportSource): string {
  const escape = escapeMarkdown;
  const lines = [`# ${escape(title(source))}`, '', ...facts(source).map(([key, value]) => `- **${key}:** ${escape(value)}`), ''];
  for (const segment of source.transcript.speakerSegments) {
    lines.push(`**[${clockTime(segment.startTime)}] ${speakerLabel(segment.speaker)}:** ${escape(segment.text)}`, '');
  }
  return lines.join('\n');
}

/** The session's facts as every JSON export carries them (transcript and report alike). */
export function exportedSession(session: ExportSource['session']): Record<string, unknown> {
  return {
    id: session.id,
    candidateName: session.candidateName,
    candidateEmail: session.candidateEmail,
    interviewType: session.interviewType,
    startedAt: session.startedAt,
    durationSeconds: session.durationSeconds,
    consent: consentOf(session.sessionMetadata),
  };
}

export function transcriptJson(source: ExportSource): string {
  const { session, transcript } = source;
  return JSON.stringify(
    {
      session: exportedSession(session),
      transcript: { id: transcript.id, wordCount: transcript.wordCount, createdAt: transcript.createdAt },
      segments: transcript.speakerSegments,
    },
    null,
    2,
  );
}

/** The transcript as a document for Chromium to print to PDF (see renderer/src/print/print-pdf.ts). */
export function transcriptPrintDocument(source: ExportSource): PrintDocument {
  return {
    title: title(source),
    blocks: [
      { kind: 'heading', level: 1, text: title(source) },
      { kind: 'facts', items: facts(source).map(([label, value]) => ({ label, value })) },
      ...source.transcript.speakerSegments.map((segment) => ({
        kind: 'turn' as const,
        time: clockTime(segment.startTime),
        speaker: speakerLabel(segment.speaker),
        text: segment.text,
      })),
    ],
  };
}

/** A file name from the candidate and date: `transcript-grace-hopper-2026-01-31.md` (or `report-…`). */
export function exportFileName(source: Pick<ExportSource, 'session'> & { transcript: Pick<ExportSource['transcript'], 'createdAt'> }, extension: string, kind = 'transcript'): string {
  const slug = (source.session.candidateName ?? 'candidate')
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .slice(0, 60);
  const day = (source.session.startedAt ?? source.transcript.createdAt).slice(0, 10);
  return `${kind}-${slug || 'candidate'}-${day}.${extension}`;
}
