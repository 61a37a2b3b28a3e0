import { parseRetryAfter } from '../../contracts/backoff.js';

/**
 * How a failed request to the project is handled:
 *  - auth: the access token was refused (401, expired JWT): refresh the session, then retry;
 *  - signed-out: the refresh token itself is no longer valid: the user must sign in again;
 *  - offline: no answer (refused, reset, timed out): retry with backoff, show "offline";
 *  - retryable: 429 or 5xx: retry with backoff (Retry-After honoured);
 *  - fatal: any other refusal of the whole request (a bug or an incompatible server): retry
 *    with backoff too, since nothing local is lost by waiting, and show the error.
 */
export type SyncErrorKind = 'auth' | 'signed-out' | 'offline' | 'retryable' | 'fatal';

export class SyncRequestError extends Error {
  override name = 'SyncRequestError';
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status: number,
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

const JWT_ERROR_CODES = new Set(['PGRST301', 'PGRST302', 'PGRST303']);

/** Classifies a supabase-js reply ({ status, error }) that carried an error. */
export function classifyFailure(status: number, code: string | undefined, message: string, retryAfter: string | null = null): SyncRequestError {
  const retryAfterMs = parseRetryAfter(retryAfter) ?? 0;
  if (status === 0) return new SyncRequestError('offline', message || 'network error', status);
  if (status === 401 || (code !== undefined && JWT_ERROR_CODES.has(code))) return new SyncRequestError('auth', message, status);
  if (status === 429 || status >= 500) return new SyncRequestError('retryable', message || `HTTP ${status}`, status, retryAfterMs);
  return new SyncRequestError('fatal', message || `HTTP ${status}`, status);
}

export function asSyncError(error: unknown): SyncRequestError {
  if (error instanceof SyncRequestError) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  const message = error instanceof Error ? `${error.message}${cause}` : String(error);
  return new SyncRequestError('offline', message, 0);
}
