import { z } from 'zod';
import { uuid } from './ids.js';
import type { QualityStats } from './interview-quality.js';
import type { SessionStatus } from './session.js';

export const statsQuery = z.strictObject({ orgId: uuid });

/** The seed's get_org_voice_stats figures plus what the dashboard charts. */
export interface OrgStats {
  totalSessions: number;
  completedSessions: number;
  completionRate: number | null;
  avgDurationSeconds: number | null;
  avgScore: number | null;
  sessionsThisMonth: number;
  byStatus: Record<SessionStatus, number>;
  byInterviewType: { interviewType: string; count: number }[];
  /** Ten buckets: [0,10), [10,20), ... [90,100]. */
  scoreHistogram: { from: number; to: number; count: number }[];
  /** The last 30 UTC days, oldest first, zero-filled. */
  sessionsPerDay: { date: string; count: number }[];
  /** The bots' quality figures of the org's interviews (absent from a server that predates them). */
  quality?: QualityStats;
}
