import { z } from 'zod';
import { uuid, type IsoTimestamp } from './ids.js';
import { listLimit, listOffset } from './session.js';

export const categoryScore = z.strictObject({
  score: z.number().min(0).max(100),
  weight: z.number().min(0).max(1),
  feedback: z.string().max(5000).optional(),
});
export type CategoryScore = z.infer<typeof categoryScore>;

export const keyMoment = z.strictObject({
  timestamp: z.number().min(0),
  type: z.enum(['strength', 'concern', 'neutral']),
  description: z.string().max(2000),
  quote: z.string().max(2000).optional(),
});
export type KeyMoment = z.infer<typeof keyMoment>;

/** The analysis as stored; JSON columns are validated against this on the way in. */
export const analyticsRecord = z.strictObject({
  overallScore: z.number().min(0).max(100).nullable(),
  categoryScores: z.record(z.string(), categoryScore),
  strengths: z.array(z.string().max(2000)),
  weaknesses: z.array(z.string().max(2000)),
  recommendations: z.array(z.string().max(2000)),
  keyMoments: z.array(keyMoment),
  detailedAnalysis: z.record(z.string(), z.unknown()),
  modelUsed: z.string().max(100).nullable(),
  processingTimeMs: z.number().int().min(0).nullable(),
});
export type AnalyticsRecord = z.infer<typeof analyticsRecord>;

export interface VoiceAnalytics extends AnalyticsRecord {
  id: string;
  orgId: string;
  sessionId: string;
  transcriptId: string | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  createdBy: string;
}

const score = z.coerce.number().min(0).max(100);

export const listAnalyticsQuery = z
  .strictObject({
    orgId: uuid,
    minScore: score.optional(),
    maxScore: score.optional(),
    limit: listLimit,
    offset: listOffset,
  })
  .refine((q) => q.minScore === undefined || q.maxScore === undefined || q.minScore <= q.maxScore, {
    error: 'minScore must not exceed maxScore',
    path: ['minScore'],
  });
export type ListAnalyticsQuery = z.infer<typeof listAnalyticsQuery>;
