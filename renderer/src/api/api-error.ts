import type { FieldIssue } from '../../../contracts/api-envelope.js';

/**
 * A failed call, carrying the server's own message (never a stack) for a toast or an inline error.
 * `status` 0 means the server could not be reached at all.
 */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiCallError';
  }

  get isUnreachable(): boolean {
    return this.status === 0;
  }
}

/** The message to show for anything thrown by a call: the server's words, or a plain fallback. */
export function errorMessage(error: unknown, fallback = 'Something went wrong'): string {
  if (error instanceof ApiCallError) return error.message;
  return fallback;
}
