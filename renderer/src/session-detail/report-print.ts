import { analysisDetailsOf, type EvidenceQuote } from '../../../contracts/analysis-details.js';
import { consentOf, consentSummary } from '../../../contracts/consent.js';
import type { PrintBlock, PrintDocument } from '../../../contracts/print-document.js';
import { clockTime } from '../../../contracts/transcript-clock.js';
import { coverageLabels, day, humanizeKey, questionRows, type ReportSource } from './report-export.js';
import { speakerLabel } from './speaker-labels.js';

const quote = (evidence: EvidenceQuote): string => `[${clockTime(evidence.timestamp)}] “${evidence.quote}”`;

/**
 * The session report (scorecard, questions, transcript) as a document for Chromium to print to PDF,
 * with the same content and order as the Markdown report, as plain text (nothing to escape).
 */
export function reportPrintDocument(source: ReportSource): PrintDocument {
  const { session, analytics, transcript } = source;
  const details = analysisDetailsOf(analytics.detailedAnalysis);
  const name = session.candidateName ?? 'Unnamed candidate';
  const title = `Interview report: ${name}`;
  const consent = consentSummary(consentOf(session.sessionMetadata));
  const blocks: PrintBlock[] = [
    { kind: 'heading', level: 1, text: title },
    {
      kind: 'facts',
      items: [
        { label: 'Candidate', value: `${name}${session.candidateEmail ? ` <${session.candidateEmail}>` : ''}` },
        { label: 'Interview type', value: session.interviewType },
        { label: 'Date', value: day(source) },
        ...(session.durationSeconds !== null ? [{ label: 'Duration', value: `${Math.round(session.durationSeconds / 60)} min` }] : []),
        ...(consent ? [{ label: 'AI consent', value: consent }] : []),
        { label: 'Overall score', value: analytics.overallScore === null ? 'not scored' : `${Math.round(analytics.overallScore)}/100` },
        { label: 'Analysed', value: `${analytics.updatedAt.slice(0, 16).replace('T', ' ')} UTC${analytics.modelUsed ? ` by ${analytics.modelUsed}` : ''}` },
      ],
    },
  ];
  if (details.summary) blocks.push({ kind: 'heading', level: 2, text: 'Summary' }, { kind: 'paragraph', text: details.summary });

  const categories = Object.entries(analytics.categoryScores);
  blocks.push(
    { kind: 'heading', level: 2, text: 'Scorecard' },
    { kind: 'table', header: ['Criterion', 'Weight', 'Score'], rows: categories.map(([key, category]) => [humanizeKey(key), `${Math.round(category.weight * 100)}%`, String(Math.round(category.score))]) },
  );
  for (const [key, category] of categories) {
    const quotes = details.criterionEvidence?.[key] ?? [];
    if (!category.feedback && quotes.length === 0) continue;
    blocks.push({ kind: 'heading', level: 3, text: humanizeKey(key) });
    if (category.feedback) blocks.push({ kind: 'paragraph', text: category.feedback });
    if (quotes.length > 0) blocks.push({ kind: 'list', items: quotes.map(quote) });
  }

  const questions = questionRows(source);
  if (questions.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Questions' });
    for (const question of questions) {
      blocks.push({ kind: 'paragraph', text: `${question.status ? coverageLabels[question.status] : 'Not recorded'}: ${question.text}` });
      if (question.evidence.length > 0) blocks.push({ kind: 'list', items: question.evidence.map(quote) });
    }
  }

  const list = (heading: string, items: readonly string[]): void => {
    if (items.length > 0) blocks.push({ kind: 'heading', level: 2, text: heading }, { kind: 'list', items: [...items] });
  };
  list('Strengths', analytics.strengths);
  list('Weaknesses', analytics.weaknesses);
  list('Recommendations', analytics.recommendations);
  list(
    'Key moments',
    analytics.keyMoments.map((moment) => `[${clockTime(moment.timestamp)}] ${moment.type}: ${moment.description}${moment.quote ? ` “${moment.quote}”` : ''}`),
  );

  blocks.push({ kind: 'heading', level: 2, text: 'Transcript' });
  if (!transcript || transcript.speakerSegments.length === 0) blocks.push({ kind: 'paragraph', text: 'No transcript was recorded.', muted: true });
  else for (const segment of transcript.speakerSegments) blocks.push({ kind: 'turn', time: clockTime(segment.startTime), speaker: speakerLabel(segment.speaker), text: segment.text });
  return { title, blocks };
}
