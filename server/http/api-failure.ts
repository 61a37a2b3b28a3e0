import type { ErrorCode, FieldIssue } from '../../contracts/api-envelope.js';
import { DomainError } from '../domain/domain-error.js';

/**
 * A request the HTTP layers (http/, api/) refuse on purpose, with its status: becomes
 * `{ success: false, error }`. Layers below throw a status-free DomainError instead, which this
 * extends so that one `instanceof DomainError` catches every deliberate refusal.
 */
export class ApiFailure extends DomainError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    details?: { issues?: FieldIssue[]; [key: string]: unknown },
  ) {
    super(code, message, details);
  }
}

export const notFound = (what: string): ApiFailure => new ApiFailure(404, 'NOT_FOUND', `${what} not found`);
export const noOrgAccess = (): ApiFailure => new ApiFailure(403, 'FORBIDDEN', 'No access to organization');
