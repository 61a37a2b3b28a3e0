import { z } from 'zod';
import { freeFormObject } from './free-form-json.js';
import { uuid, type IsoTimestamp } from './ids.js';

export const sessionStatuses = ['pending', 'ready', 'active', 'completed', 'failed', 'cancelled'] as const;
export const sessionStatus = z.enum(sessionStatuses);
export type SessionStatus = z.infer<typeof sessionStatus>;

/** The seed's lifecycle: the only moves a session may make. Terminal states have none. */
export const sessionTransitions: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  pending: ['ready', 'failed', 'cancelled'],
  ready: ['active', 'cancelled'],
  active: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return sessionTransitions[from].includes(to);
}

export function isTerminalStatus(status: SessionStatus): boolean {
  return sessionTransitions[status].length === 0;
}

const candidateName = z.string().trim().min(1).max(255);
const candidateEmail = z.email({ error: 'must be a valid email address' }).max(255);
const interviewType = z.string().trim().min(1).max(100);
const sessionMetadata = freeFormObject(z.unknown());

export const createSessionBody = z.strictObject({
  orgId: uuid,
  candidateName: candidateName.optional(),
  candidateEmail: candidateEmail.optional(),
  /** Optional when a config is given: the config's interview type is used. */
  interviewType: interviewType.optional(),
  configId: uuid.optional(),
  sessionMetadata: sessionMetadata.optional(),
});
export type CreateSessionBody = z.infer<typeof createSessionBody>;

export const updateSessionBody = z
  .strictObject({
    candidateName: candidateName.nullable().optional(),
    candidateEmail: candidateEmail.nullable().optional(),
    interviewType: interviewType.optional(),
    configId: uuid.nullable().optional(),
    status: sessionStatus.optional(),
    sessionMetadata: sessionMetadata.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'at least one field must be given' });
export type UpdateSessionBody = z.infer<typeof updateSessionBody>;

/** Sortable columns; either spelling is accepted and mapped to the column. */
export const sessionSortColumns = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  startedAt: 'started_at',
  completedAt: 'completed_at',
  durationSeconds: 'duration_seconds',
  candidateName: 'candidate_name',
  candidateEmail: 'candidate_email',
  interviewType: 'interview_type',
  status: 'status',
  /** The AI analysis's overall score (voice_analytics); sessions without one sort last either way. */
  overallScore: 'overall_score',
} as const;
export type SessionSortKey = keyof typeof sessionSortColumns;
const sortKeyBySpelling = new Map<string, SessionSortKey>(
  (Object.entries(sessionSortColumns) as [SessionSortKey, string][]).flatMap(([camel, snake]) => [
    [camel, camel],
    [snake, camel],
  ]),
);

export const listLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(1000)
  .default(100);
export const listOffset = z.coerce
  .number()
  .int()
  .min(0)
  .default(0);

/** The list's filters; the tab counts take the same (every status at once). */
const sessionFilters = {
  orgId: uuid,
  interviewType: interviewType.optional(),
  configId: uuid.optional(),
  /** Partial, case-insensitive match on the candidate's name or email. */
  candidate: z.string().trim().min(1).max(255).optional(),
  createdFrom: z.iso.datetime({ error: 'must be an ISO-8601 timestamp' }).optional(),
  createdTo: z.iso.datetime({ error: 'must be an ISO-8601 timestamp' }).optional(),
  /** Overall score bounds, inclusive (0-100); either one leaves out sessions without a score. */
  minScore: z.coerce.number().min(0).max(100).optional(),
  maxScore: z.coerce.number().min(0).max(100).optional(),
};

function scoreBoundsInOrder(query: { minScore?: number | undefined; maxScore?: number | undefined }): boolean {
  return query.minScore === undefined || query.maxScore === undefined || query.minScore <= query.maxScore;
}
const scoreBoundsIssue = { error: 'must not be above maxScore', path: ['minScore'] };

export const listSessionsQuery = z
  .strictObject({
    ...sessionFilters,
    status: sessionStatus.optional(),
    limit: listLimit,
    offset: listOffset,
    sortBy: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return 'createdAt' as SessionSortKey;
        const key = sortKeyBySpelling.get(value);
        if (!key) {
          ctx.addIssue({
            code: 'custom',
            message: `must be one of: ${Object.keys(sessionSortColumns).join(', ')}`,
          });
          return z.NEVER;
        }
        return key;
      }),
    sortOrder: z.enum(['asc', 'desc']).default('desc'),
  })
  .refine(scoreBoundsInOrder, scoreBoundsIssue);
export type ListSessionsQuery = z.infer<typeof listSessionsQuery>;

/** The Sessions screen's tab counts: the list's filters, every status at once. */
export const sessionCountsQuery = z.strictObject(sessionFilters).refine(scoreBoundsInOrder, scoreBoundsIssue);
export type SessionCountsQuery = z.infer<typeof sessionCountsQuery>;
export type SessionCounts = Record<SessionStatus | 'all', number>;

export interface StatusChange {
  from: SessionStatus | null;
  to: SessionStatus;
  at: IsoTimestamp;
  by: string | null;
  reason: string | null;
}

export interface VoiceSession {
  id: string;
  orgId: string;
  candidateName: string | null;
  candidateEmail: string | null;
  interviewType: string;
  configId: string | null;
  configVersion: number | null;
  status: SessionStatus;
  dailyRoomUrl: string | null;
  dailyRoomName: string | null;
  /** The candidate's join token: present only for the session's creator and org admins. */
  dailyRoomToken?: string | null;
  ecsTaskArn: string | null;
  sessionMetadata: Record<string, unknown>;
  startedAt: IsoTimestamp | null;
  completedAt: IsoTimestamp | null;
  durationSeconds: number | null;
  overallScore: number | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  createdBy: string;
  updatedBy: string | null;
}

export interface VoiceSessionDetail extends VoiceSession {
  statusHistory: StatusChange[];
}

export interface BotTokenGrant {
  sessionId: string;
  botToken: string;
  expiresAt: IsoTimestamp;
}
