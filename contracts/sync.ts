import { z } from 'zod';
import { freeFormObject } from './free-form-json.js';
import type { IsoTimestamp } from './ids.js';

/**
 * Settings > Account (sign in to a team's Supabase project) and Settings > Sync (status, Needs
 * attention, conflicts log): request bodies and replies of /api/sync/*.
 */
export const signInBody = z.strictObject({
  projectUrl: z
    .url({ protocol: /^https?$/, error: 'must be the project URL, e.g. https://abcd.supabase.co' })
    .max(500)
    .transform((url) => url.replace(/\/+$/, '')),
  anonKey: z.string().trim().min(20, { error: "must be the project's anon (public) key" }).max(4096),
  email: z.email({ error: 'must be an email address' }).max(320),
  password: z.string().min(1, { error: 'is required' }).max(1024),
});
export type SignInBody = z.infer<typeof signInBody>;

/** Replaces values of a parked op before it is retried (only the op's own fields). */
export const editParkedOpBody = z.strictObject({
  fields: freeFormObject(z.unknown(), z.string().min(1).max(100)).refine((fields) => Object.keys(fields).length > 0, {
    error: 'must change at least one field',
  }),
});
export type EditParkedOpBody = z.infer<typeof editParkedOpBody>;

export const listConflictsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  includeResolved: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(false),
});
export type ListConflictsQuery = z.infer<typeof listConflictsQuery>;

/** Why a sign-in or sync request failed, for the form to show the right hint. */
export const syncFailureReasons = [
  'INVALID_CREDENTIALS',
  'PROJECT_UNREACHABLE',
  'KEYCHAIN_UNAVAILABLE',
  'NOT_SIGNED_IN',
] as const;
export type SyncFailureReason = (typeof syncFailureReasons)[number];

export interface SyncAccount {
  signedIn: boolean;
  projectUrl: string | null;
  user: { id: string; email: string } | null;
  /** When the current access token expires (it is refreshed before then). */
  sessionExpiresAt: IsoTimestamp | null;
  /** False when the OS keychain could not keep the session: it lasts until the app quits. */
  sessionPersisted: boolean;
}

export type SyncState = 'signed_out' | 'idle' | 'syncing' | 'offline' | 'needs_attention' | 'error';

export interface SyncProgress {
  phase: 'memberships' | 'push' | 'pull';
  /** Ops sent / rows received so far in this run. */
  pushed: number;
  pulled: number;
  /** Ops still waiting to be sent. */
  pending: number;
}

export interface SyncStatus {
  state: SyncState;
  progress: SyncProgress | null;
  lastSyncedAt: IsoTimestamp | null;
  /** Ops waiting to go out (not counting parked ones). */
  pendingOps: number;
  /** Ops the server refused: shown under "Needs attention". */
  needsAttention: number;
  /** Unresolved entries in the conflicts log. */
  conflicts: number;
  lastError: string | null;
  /** When the next automatic attempt is due after a failure. */
  nextRetryAt: IsoTimestamp | null;
}

export interface ParkedOp {
  id: number;
  opId: string | null;
  table: string;
  rowId: string;
  orgId: string;
  kind: 'insert' | 'update' | 'delete';
  /** The values this desktop tried to write (changed fields for updates). */
  fields: Record<string, unknown>;
  /** The server's current row as this user can see it, when there is one. */
  serverRow: Record<string, unknown> | null;
  sqlstate: string | null;
  reason: string;
  parkedAt: IsoTimestamp;
}

export interface ConflictEntry {
  id: number;
  table: string;
  rowId: string;
  orgId: string;
  field: string;
  /** The value this desktop had, which the server's order overruled. */
  localValue: unknown;
  /** The value that won. */
  serverValue: unknown;
  detectedAt: IsoTimestamp;
  resolvedAt: IsoTimestamp | null;
  resolution: 'dismissed' | 'reapplied' | null;
}
