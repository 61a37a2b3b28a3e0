import { z } from 'zod';
import type { EvidenceQuote, QuestionCoverage } from '../../contracts/analysis-details.js';
import type { AnalyticsRecord, CategoryScore, KeyMoment } from '../../contracts/analytics.js';
import type { InterviewQuestion, ScoringRubric } from '../../contracts/config-json.js';
import type { SpeakerSegment } from '../../contracts/transcript.js';
import type { ModelAnalysis } from './analysis-schema.js';

/** The model's JSON, checked for shape before anything it says is used. */
export const modelAnalysis = z.object({
  summary: z.string(),
  overall_score: z.number(),
  // Evidence defaults to none: answers from before it was asked for still verify.
  category_scores: z.array(z.object({ criterion: z.string(), score: z.number(), feedback: z.string(), evidence: z.array(z.string()).default([]) })),
  strengths: z.array(z.string()),
  weaknesses: z.array(z.string()),
  recommendations: z.array(z.string()),
  key_moments: z.array(z.object({ quote: z.string(), type: z.enum(['strength', 'concern', 'neutral']), description: z.string() })),
  question_coverage: z.array(
    z.object({ question_id: z.string(), status: z.enum(['answered', 'partially_answered', 'not_answered', 'not_asked']), evidence: z.string().default('') }),
  ),
}) satisfies z.ZodType<ModelAnalysis>;

export class AnalysisRejected extends Error {
  override name = 'AnalysisRejected';
}

const SCORE_TOLERANCE = 1;

export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Where a quote was really said: the segment in which its normalized text starts, or null. */
export function locateQuote(quote: string, segments: SpeakerSegment[]): SpeakerSegment | null {
  const needle = normalizeForMatch(quote);
  if (needle.length < 3) return null;
  let haystack = '';
  const starts: { offset: number; segment: SpeakerSegment }[] = [];
  for (const segment of segments) {
    starts.push({ offset: haystack.length, segment });
    haystack += `${normalizeForMatch(segment.text)} `;
  }
  const index = haystack.indexOf(needle);
  if (index < 0) return null;
  let found: SpeakerSegment | null = null;
  for (const start of starts) if (start.offset <= index) found = start.segment;
  return found;
}

const clampScore = (score: number): number => Math.min(100, Math.max(0, Math.round(score * 10) / 10));

export interface VerifiedAnalysis {
  record: Omit<AnalyticsRecord, 'modelUsed' | 'processingTimeMs'>;
  summary: string;
}

/**
 * Trusts nothing the model says without checking it against the transcript and the rubric:
 * every rubric criterion must be scored (weights come from the rubric, not the model); the overall
 * score must match the weighted categories within a point or it is recomputed; a key moment is
 * kept only if its quote was really said, and takes that segment's time (so is evidence for a
 * criterion or a question); every configured question is reported as answered, partly answered,
 * not answered, or not asked.
 */
export function verifyAnalysis(raw: unknown, segments: SpeakerSegment[], rubric: ScoringRubric, questions: InterviewQuestion[]): VerifiedAnalysis {
  const parsed = modelAnalysis.safeParse(raw);
  if (!parsed.success) throw new AnalysisRejected(`The model's analysis did not match the schema: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const model = parsed.data;

  // Evidence is kept only where it was really said, and takes that segment's time.
  const rejectedEvidence: { quote: string; reason: string }[] = [];
  const verifiedQuotes = (quotes: string[]): EvidenceQuote[] =>
    quotes.flatMap((quote) => {
      if (!quote.trim()) return [];
      const segment = locateQuote(quote, segments);
      if (!segment) {
        rejectedEvidence.push({ quote, reason: 'not found in the transcript' });
        return [];
      }
      return [{ quote, timestamp: segment.startTime }];
    });

  const categoryScores: Record<string, CategoryScore> = {};
  const criterionEvidence: Record<string, EvidenceQuote[]> = {};
  for (const criterion of rubric.criteria) {
    const scored = model.category_scores.find((entry) => entry.criterion === criterion.name);
    if (!scored) throw new AnalysisRejected(`The model did not score the rubric criterion "${criterion.name}"`);
    categoryScores[criterion.name] = { score: clampScore(scored.score), weight: criterion.weight, feedback: scored.feedback };
    const quotes = verifiedQuotes(scored.evidence);
    if (quotes.length > 0) criterionEvidence[criterion.name] = quotes;
  }
  const weighted = clampScore(Object.values(categoryScores).reduce((sum, category) => sum + category.score * category.weight, 0));
  const overallMatches = Math.abs(model.overall_score - weighted) <= SCORE_TOLERANCE;
  const overallScore = overallMatches ? clampScore(model.overall_score) : weighted;

  const keyMoments: KeyMoment[] = [];
  const rejectedMoments: { quote: string; reason: string }[] = [];
  for (const moment of model.key_moments) {
    const segment = locateQuote(moment.quote, segments);
    if (!segment) {
      rejectedMoments.push({ quote: moment.quote, reason: 'not found in the transcript' });
      continue;
    }
    keyMoments.push({ timestamp: segment.startTime, type: moment.type, description: moment.description, quote: moment.quote });
  }
  keyMoments.sort((a, b) => a.timestamp - b.timestamp);

  const questionCoverage: QuestionCoverage[] = questions.map((question) => {
    const entry = model.question_coverage.find((covered) => covered.question_id === question.id);
    return { questionId: question.id, text: question.text, status: entry?.status ?? 'not_assessed', evidence: verifiedQuotes(entry ? [entry.evidence] : []) };
  });

  return {
    summary: model.summary,
    record: {
      overallScore,
      categoryScores,
      strengths: model.strengths,
      weaknesses: model.weaknesses,
      recommendations: model.recommendations,
      keyMoments,
      detailedAnalysis: {
        summary: model.summary,
        questionCoverage,
        unansweredQuestions: questionCoverage.filter((q) => q.status === 'not_answered').map((q) => q.questionId),
        unaskedQuestions: questionCoverage.filter((q) => q.status === 'not_asked').map((q) => q.questionId),
        criterionEvidence,
        rejectedKeyMoments: rejectedMoments,
        rejectedEvidence,
        ...(overallMatches ? {} : { overallScoreRecomputed: { modelSaid: model.overall_score, weighted } }),
      },
    },
  };
}
