import { analysisDetailsOf, type EvidenceQuote, type QuestionCoverageStatus } from '../../../contracts/analysis-details.js';
import type { VoiceAnalytics } from '../../../contracts/analytics.js';
import type { InterviewQuestion } from '../../../contracts/config-json.js';
import { consentOf, consentSummary } from '../../../contracts/consent.js';
import type { VoiceSession } from '../../../contracts/session.js';
import type { Transcript } from '../../../contracts/transcript.js';
import { clockTime } from '../../../contracts/transcript-clock.js';
import { speakerLabel } from './speaker-labels.js';
import { escapeMarkdown as md, exportedSession, exportFileName } from './transcript-export.js';

/** Everything a hiring manager needs in one file: the scorecard, the questions, what was said. */
export interface ReportSource {
  session: Pick<VoiceSession, 'id' | 'candidateName' | 'candidateEmail' | 'interviewType' | 'startedAt' | 'durationSeconds' | 'createdAt'> & {
    sessionMetadata?: Record<string, unknown>;
  };
  analytics: VoiceAnalytics;
  /** Null when the session has no stored transcript. */
  transcript: Pick<Transcript, 'id' | 'wordCount' | 'createdAt' | 'speakerSegments'> | null;
  /** The configured questions, for their text where the analysis did not record it. */
  questions: readonly Pick<InterviewQuestion, 'id' | 'text'>[];
}

export const coverageLabels: Record<QuestionCoverageStatus, string> = {
  answered: 'Answered',
  partially_answered: 'Partly answered',
  not_answered: 'Not answered',
  not_asked: 'Not asked',
  not_assessed: 'Not assessed',
};

/** Rubric keys as people read them: `technical_depth` → "Technical depth". */
export function humanizeKey(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Each configured question with what the analysis said about it (older analyses recorded none). */
export function questionRows(source: Pick<ReportSource, 'analytics' | 'questions'>): { id: string; text: string; status: QuestionCoverageStatus | null; evidence: EvidenceQuote[] }[] {
  const coverage = analysisDetailsOf(source.analytics.detailedAnalysis).questionCoverage ?? [];
  const rows = source.questions.map((question) => {
    const found = coverage.find((entry) => entry.questionId === question.id);
    return { id: question.id, text: question.text, status: found?.status ?? null, evidence: found?.evidence ?? [] };
  });
  // Questions the analysis covered that the config no longer has (it was edited since) stay listed.
  for (const entry of coverage) {
    if (!rows.some((row) => row.id === entry.questionId)) rows.push({ id: entry.questionId, text: entry.text, status: entry.status, evidence: entry.evidence ?? [] });
  }
  return rows;
}

export function day(source: ReportSource): string {
  return new Date(source.session.startedAt ?? source.session.createdAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

const quoteLine = (quote: EvidenceQuote): string => `  - [${clockTime(quote.timestamp)}] “${md(quote.quote)}”`;

export function reportMarkdown(source: ReportSource): string {
  const { session, analytics, transcript } = source;
  const details = analysisDetailsOf(analytics.detailedAnalysis);
  const name = session.candidateName ?? 'Unnamed candidate';
  const lines: string[] = [
    `# Interview report: ${md(name)}`,
    '',
    `- **Candidate:** ${md(name)}${session.candidateEmail ? ` <${md(session.candidateEmail)}>` : ''}`,
    `- **Interview type:** ${md(session.interviewType)}`,
    `- **Date:** ${day(source)}`,
    ...(session.durationSeconds !== null ? [`- **Duration:** ${Math.round(session.durationSeconds / 60)} min`] : []),
    ...[consentSummary(consentOf(session.sessionMetadata))].filter((line) => line !== null).map((line) => `- **AI consent:** ${md(line)}`),
    `- **Overall score:** ${analytics.overallScore === null ? 'not scored' : `${Math.round(analytics.overallScore)}/100`}`,
    `- **Analysed:** ${analytics.updatedAt.slice(0, 16).replace('T', ' ')} UTC${analytics.modelUsed ? ` by ${md(analytics.modelUsed)}` : ''}`,
    '',
  ];
  if (details.summary) lines.push('## Summary', '', md(details.summary), '');

  lines.push('## Scorecard', '', '| Criterion | Weight | Score |', '| --- | --- | --- |');
  const categories = Object.entries(analytics.categoryScores);
  for (const [key, category] of categories) lines.push(`| ${md(humanizeKey(key))} | ${Math.round(category.weight * 100)}% | ${Math.round(category.score)} |`);
  lines.push('');
  for (const [key, category] of categories) {
    const quotes = details.criterionEvidence?.[key] ?? [];
    if (!category.feedback && quotes.length === 0) continue;
    lines.push(`- **${md(humanizeKey(key))}:** ${md(category.feedback ?? '')}`, ...quotes.map(quoteLine));
  }
  lines.push('');

  const questions = questionRows(source);
  if (questions.length > 0) {
    lines.push('## Questions', '');
    for (const question of questions) {
      lines.push(`- **${question.status ? coverageLabels[question.status] : 'Not recorded'}:** ${md(question.text)}`, ...question.evidence.map(quoteLine));
    }
    lines.push('');
  }

  const list = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push(`## ${title}`, '', ...items.map((item) => `- ${md(item)}`), '');
  };
  list('Strengths', analytics.strengths);
  list('Weaknesses', analytics.weaknesses);
  list('Recommendations', analytics.recommendations);

  if (analytics.keyMoments.length > 0) {
    lines.push('## Key moments', '');
    for (const moment of analytics.keyMoments) {
      lines.push(`- [${clockTime(moment.timestamp)}] *${moment.type}*: ${md(moment.description)}${moment.quote ? `\n  > “${md(moment.quote)}”` : ''}`);
    }
    lines.push('');
  }

  lines.push('## Transcript', '');
  if (!transcript || transcript.speakerSegments.length === 0) lines.push('No transcript was recorded.', '');
  else for (const segment of transcript.speakerSegments) lines.push(`**[${clockTime(segment.startTime)}] ${speakerLabel(segment.speaker)}:** ${md(segment.text)}`, '');
  return lines.join('\n');
}

export function reportJson(source: ReportSource): string {
  const { session, analytics, transcript } = source;
  const details = analysisDetailsOf(analytics.detailedAnalysis);
  return JSON.stringify(
    {
      session: exportedSession(session),
      scorecard: {
        overallScore: analytics.overallScore,
        summary: details.summary ?? null,
        categoryScores: analytics.categoryScores,
        criterionEvidence: details.criterionEvidence ?? {},
        questions: questionRows(source),
        strengths: analytics.strengths,
        weaknesses: analytics.weaknesses,
        recommendations: analytics.recommendations,
        keyMoments: analytics.keyMoments,
        modelUsed: analytics.modelUsed,
        analysedAt: analytics.updatedAt,
      },
      transcript: transcript ? { id: transcript.id, wordCount: transcript.wordCount, segments: transcript.speakerSegments } : null,
    },
    null,
    2,
  );
}

export function reportFileName(source: ReportSource, extension: string): string {
  return exportFileName({ session: source.session, transcript: { createdAt: source.transcript?.createdAt ?? source.session.createdAt } }, extension, 'report');
}
