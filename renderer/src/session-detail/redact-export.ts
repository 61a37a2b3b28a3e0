import { redactPersonalData } from '../../../contracts/redaction.js';
import type { ReportSource } from './report-export.js';
import type { ExportSource } from './transcript-export.js';

/** The export dialog's choice: redact personal data, and whether the candidate's own name goes too. */
export interface RedactionChoice {
  redact: boolean;
  includeName: boolean;
}

/** Every string inside a JSON-like value, redacted (analysis quotes and evidence sit at any depth). */
function redactDeep<T>(value: T, redact: (text: string) => string): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redact(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    return item;
  };
  return walk(value) as T;
}

/** The consent record keeps the candidate's own words: those are redacted like any other text. */
function redactMetadata(metadata: Record<string, unknown> | undefined, redact: (text: string) => string): Record<string, unknown> | undefined {
  return metadata === undefined ? undefined : redactDeep(metadata, redact);
}

function redactor(candidateName: string | null, choice: RedactionChoice): (text: string) => string {
  return (text) => redactPersonalData(text, { candidateName: choice.includeName ? candidateName : null });
}

/**
 * A transcript export with personal data replaced by labels ("[EMAIL]", "[PHONE]"…) in every
 * segment; the candidate's e-mail is left out, and their name too when asked. Every format (copy,
 * Markdown, JSON, PDF) is built from the redacted source, so none can leak what another hides.
 */
export function redactTranscriptSource(source: ExportSource, choice: RedactionChoice): ExportSource {
  if (!choice.redact) return source;
  const redact = redactor(source.session.candidateName, choice);
  return {
    session: {
      ...source.session,
      candidateEmail: null,
      candidateName: choice.includeName ? null : source.session.candidateName,
      sessionMetadata: redactMetadata(source.session.sessionMetadata, redact),
    },
    transcript: {
      ...source.transcript,
      speakerSegments: source.transcript.speakerSegments.map((segment) => ({ ...segment, text: redact(segment.text) })),
    },
  };
}

/** The report, redacted the same way: the transcript and every text of the analysis. */
export function redactReportSource(source: ReportSource, choice: RedactionChoice): ReportSource {
  if (!choice.redact) return source;
  const redact = redactor(source.session.candidateName, choice);
  return {
    ...source,
    session: {
      ...source.session,
      candidateEmail: null,
      candidateName: choice.includeName ? null : source.session.candidateName,
      sessionMetadata: redactMetadata(source.session.sessionMetadata, redact),
    },
    analytics: redactDeep(source.analytics, redact),
    transcript: source.transcript
      ? { ...source.transcript, speakerSegments: source.transcript.speakerSegments.map((segment) => ({ ...segment, text: redact(segment.text) })) }
      : null,
  };
}
