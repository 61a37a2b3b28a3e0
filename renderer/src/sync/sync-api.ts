import type { ApiError, ApiSuccess, Pagination } from '../../../contracts/api-envelope.js';
import type { ConflictEntry, ParkedOp, SignInBody, SyncAccount, SyncStatus } from '../../../contracts/sync.js';

/** A refused request, with the server's code, message and field issues for the form. */
export class SyncApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason: string | null,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * The /api/sync/* endpoints over plain fetch on the same origin: the console's HttpOnly cookie
 * authenticates, exactly as for the rest of the console.
 */
async function call<T>(method: string, path: string, body?: unknown): Promise<{ data: T; pagination?: Pagination }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new SyncApiError(0, 'OFFLINE', 'The console server cannot be reached.', null, {});
  }
  const reply = (await response.json().catch(() => null)) as ApiSuccess<T> | ApiError | null;
  if (!reply) throw new SyncApiError(response.status, 'BAD_REPLY', `The server answered ${response.status}`, null, {});
  if (!reply.success) {
    const fields: Record<string, string> = {};
    for (const issue of reply.error.details?.issues ?? []) fields[issue.field] = issue.message;
    const reason = typeof reply.error.details?.reason === 'string' ? reply.error.details.reason : null;
    throw new SyncApiError(response.status, reply.error.code, reply.error.message, reason, fields);
  }
  return reply.pagination ? { data: reply.data, pagination: reply.pagination } : { data: reply.data };
}

export const syncApi = {
  account: async (): Promise<SyncAccount> => (await call<SyncAccount>('GET', '/api/sync/account')).data,
  signIn: async (body: SignInBody): Promise<SyncAccount> => (await call<SyncAccount>('POST', '/api/sync/account/sign-in', body)).data,
  signOut: async (): Promise<SyncAccount> => (await call<SyncAccount>('POST', '/api/sync/account/sign-out')).data,
  status: async (): Promise<SyncStatus> => (await call<SyncStatus>('GET', '/api/sync/status')).data,
  syncNow: async (): Promise<SyncStatus> => (await call<SyncStatus>('POST', '/api/sync/now')).data,
  parked: async (): Promise<ParkedOp[]> => (await call<ParkedOp[]>('GET', '/api/sync/attention')).data,
  retry: async (id: number): Promise<void> => void (await call('POST', `/api/sync/attention/${id}/retry`)),
  edit: async (id: number, fields: Record<string, unknown>): Promise<ParkedOp> =>
    (await call<ParkedOp>('PUT', `/api/sync/attention/${id}`, { fields })).data,
  discard: async (id: number): Promise<void> => void (await call('DELETE', `/api/sync/attention/${id}`)),
  conflicts: async (includeResolved = false): Promise<ConflictEntry[]> =>
    (await call<ConflictEntry[]>('GET', `/api/sync/conflicts?limit=200&includeResolved=${includeResolved}`)).data,
  dismissConflict: async (id: number): Promise<void> => void (await call('POST', `/api/sync/conflicts/${id}/dismiss`)),
  reapplyConflict: async (id: number): Promise<void> => void (await call('POST', `/api/sync/conflicts/${id}/reapply`)),
};

/** Readable names for what the user sees in lists. */
export const tableLabels: Record<string, string> = {
  voice_configs: 'Interview config',
  voice_sessions: 'Session',
  voice_transcripts: 'Transcript',
  voice_analytics: 'Analysis',
  voice_credentials: 'Provider settings',
};

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
