import { z } from 'zod';

/**
 * The parts of an analysis that live in free-form JSON: `sessionMetadata.analytics` (the job's
 * state, written by the server's generator) and `detailedAnalysis` (summary, question coverage,
 * evidence). The server writes these shapes; the console reads them back through these schemas,
 * so an older or foreign record degrades to "not recorded" instead of breaking the page.
 */

export const analyticsJobStatuses = ['running', 'completed', 'failed'] as const;

export const analyticsJobState = z.object({
  status: z.enum(analyticsJobStatuses),
  at: z.string(),
  error: z.string().optional(),
});
export type AnalyticsJobState = z.infer<typeof analyticsJobState>;

export const questionCoverageStatuses = ['answered', 'partially_answered', 'not_answered', 'not_asked', 'not_assessed'] as const;
export type QuestionCoverageStatus = (typeof questionCoverageStatuses)[number];

/** A quote the model gave as evidence, kept only when it was found in the transcript (with its time). */
export const evidenceQuote = z.object({ quote: z.string(), timestamp: z.number().min(0) });
export type EvidenceQuote = z.infer<typeof evidenceQuote>;

export const questionCoverage = z.object({
  questionId: z.string(),
  text: z.string(),
  status: z.enum(questionCoverageStatuses),
  evidence: z.array(evidenceQuote).optional(),
});
export type QuestionCoverage = z.infer<typeof questionCoverage>;

export const analysisDetails = z.object({
  summary: z.string().optional(),
  questionCoverage: z.array(questionCoverage).optional(),
  /** Per rubric criterion: the verified quotes its score rests on. */
  criterionEvidence: z.record(z.string(), z.array(evidenceQuote)).optional(),
  rejectedKeyMoments: z.array(z.object({ quote: z.string(), reason: z.string() })).optional(),
  overallScoreRecomputed: z.object({ modelSaid: z.number(), weighted: z.number() }).optional(),
});
export type AnalysisDetails = z.infer<typeof analysisDetails>;

/** The job state recorded on a session, or null when none (or an unreadable one) is recorded. */
export function analyticsJobOf(sessionMetadata: Record<string, unknown>): AnalyticsJobState | null {
  const parsed = analyticsJobState.safeParse(sessionMetadata.analytics);
  return parsed.success ? parsed.data : null;
}

/** The readable parts of `detailedAnalysis`; a part that does not match is left out, not fatal. */
export function analysisDetailsOf(detailedAnalysis: Record<string, unknown>): AnalysisDetails {
  const details: AnalysisDetails = {};
  for (const key of Object.keys(analysisDetails.shape) as (keyof AnalysisDetails)[]) {
    const part = analysisDetails.shape[key].safeParse(detailedAnalysis[key]);
    if (part.success && part.data !== undefined) Object.assign(details, { [key]: part.data });
  }
  return details;
}
