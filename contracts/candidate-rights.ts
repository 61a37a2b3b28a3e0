import { z } from 'zod';
import { uuid, type IsoTimestamp } from './ids.js';
import { listOffset } from './session.js';

/** The retention choices the console offers; the API takes any whole number of days in range. */
export const RETENTION_PRESETS = [30, 90, 180, 365] as const;
export const MAX_RETENTION_DAYS = 3650;

/** `days: null` switches retention off (the default). */
export const retentionPolicyInput = z.strictObject({
  orgId: uuid,
  days: z.number().int().min(1, { error: 'must be at least 1 day' }).max(MAX_RETENTION_DAYS).nullable(),
});
export type RetentionPolicyInput = z.infer<typeof retentionPolicyInput>;

/**
 * Where an org's retention policy lives: `team` on the team project (one policy shared by every
 * admin's desktop), `local` on this computer (an org that does not sync), `saved-copy` the team
 * project's policy as this desktop last saw it (the project cannot be reached right now).
 */
export const retentionPolicySources = ['local', 'team', 'saved-copy'] as const;
export type RetentionPolicySource = (typeof retentionPolicySources)[number];

export interface RetentionPolicy {
  orgId: string;
  days: number | null;
  /** When and by whom it was last changed (null: never set). */
  updatedAt: IsoTimestamp | null;
  updatedBy: string | null;
  updatedByEmail: string | null;
  /** The last preview: a run (on demand or scheduled) needs one made at the current `days`. */
  previewedDays: number | null;
  previewedAt: IsoTimestamp | null;
  lastRunAt: IsoTimestamp | null;
  source: RetentionPolicySource;
  /** Team orgs: when this desktop last read (or wrote) the policy on the team project. */
  copiedAt: IsoTimestamp | null;
}

/** Has the policy been previewed at its current setting (so that it may run)? */
export function isPreviewed(policy: Pick<RetentionPolicy, 'days' | 'previewedDays'>): boolean {
  return policy.days !== null && policy.previewedDays === policy.days;
}

/** The refusal of a run that was not previewed at the current setting (API and scheduler alike). */
export const PREVIEW_FIRST = 'Preview what would be deleted first';

export const retentionPreviewQuery = z.strictObject({
  orgId: uuid,
  days: z.coerce.number().int().min(1, { error: 'must be at least 1 day' }).max(MAX_RETENTION_DAYS),
});

export const orgQuery = z.strictObject({ orgId: uuid });

/** What a deletion removes (or would remove) in one store. */
export interface ContentCounts {
  /** Sessions whose content goes (the rows stay, anonymous). */
  sessions: number;
  transcripts: number;
  liveSegments: number;
  analytics: number;
  archiveObjects: number;
}

export interface RetentionPreview {
  orgId: string;
  days: number;
  cutoff: IsoTimestamp;
  counts: ContentCounts;
  /** `team`: counted by the team project (every desktop's data); `local`: this desktop's cache. */
  source: 'local' | 'team';
}

/** How far a deletion got in one store: `pending` is retried until it is `done`. */
export type StoreState = 'done' | 'pending' | 'not_applicable';
export interface StoreOutcome {
  state: StoreState;
  counts: ContentCounts | null;
  /** Why it is still pending (no secret, no personal data). */
  lastError: string | null;
  doneAt: IsoTimestamp | null;
}
export const rightsStores = ['local', 'team', 'archive'] as const;
export type RightsStore = (typeof rightsStores)[number];

export interface RetentionRun {
  orgId: string;
  days: number;
  cutoff: IsoTimestamp;
  ranAt: IsoTimestamp;
  stores: Record<RightsStore, StoreOutcome>;
}

/** Erasure by e-mail (every session of that candidate) or of one session's candidate. */
export const erasureRequest = z.union([
  z.strictObject({ orgId: uuid, email: z.email({ error: 'must be an e-mail address' }).max(255) }),
  z.strictObject({ orgId: uuid, sessionId: uuid }),
]);
export type ErasureRequest = z.infer<typeof erasureRequest>;

/** Proof of an erasure: carries a keyed hash of the e-mail, never the e-mail itself. */
export interface ErasureReceipt {
  id: string;
  orgId: string;
  /** HMAC-SHA256 of the lower-cased e-mail under this installation's key; null when the session had no e-mail. */
  emailHash: string | null;
  sessionCount: number;
  requestedAt: IsoTimestamp;
  requestedBy: string;
  completedAt: IsoTimestamp | null;
  stores: Record<RightsStore, StoreOutcome>;
}

export const auditActions = [
  'transcript.viewed',
  'transcript.exported',
  'transcript.copied',
  'report.exported',
  'transcript.deleted',
  'session.deleted',
  'candidate.erased',
  'retention.changed',
  'retention.ran',
  'consent.changed',
] as const;
export const auditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditAction>;

/** The actions the console itself reports (exports and copies happen in the renderer). */
export const clientAuditActions = ['transcript.exported', 'transcript.copied', 'report.exported'] as const;
export const clientAuditEntry = z.strictObject({
  orgId: uuid,
  action: z.enum(clientAuditActions),
  sessionId: uuid,
  format: z.enum(['markdown', 'json', 'pdf', 'text']),
  redacted: z.boolean(),
});
export type ClientAuditEntry = z.infer<typeof clientAuditEntry>;

/** One audit row. `details` holds ids, counts and options: never transcript words or a key. */
export interface AuditEntry {
  id: string;
  orgId: string;
  at: IsoTimestamp;
  actorId: string;
  actorEmail: string | null;
  action: AuditAction;
  targetType: 'session' | 'transcript' | 'org' | 'config' | 'erasure';
  targetId: string | null;
  details: Record<string, string | number | boolean | null>;
}

export const auditQuery = z.strictObject({
  orgId: uuid,
  action: auditAction.optional(),
  actorId: uuid.optional(),
  targetId: uuid.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: listOffset,
});
export type AuditQuery = z.infer<typeof auditQuery>;
