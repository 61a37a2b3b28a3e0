import type { ErrorCode, FieldIssue } from '../../contracts/api-envelope.js';

/** A request the server refuses on purpose: becomes `{ success: false, error }` with this status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: { issues?: FieldIssue[]; [key: string]: unknown },
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiFailure => new ApiFailure(404, 'NOT_FOUND', `${what} not found`);
export const noOrgAccess = (): ApiFailure => new ApiFailure(403, 'FORBIDDEN', 'No access to organization');
