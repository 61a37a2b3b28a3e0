import type { ErrorCode } from '../../contracts/api-envelope.js';
import { DomainError } from '../domain/domain-error.js';
import { ApiFailure } from './api-failure.js';

/**
 * The one place an error code becomes an HTTP status. A code missing here (new, and only ever
 * thrown with its own status by http/ or api/) answers 500 when a lower layer throws it: add it.
 */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_TRANSITION: 409,
  NAME_TAKEN: 409,
  CONFIG_IN_USE: 409,
  CONFIG_INACTIVE: 409,
  SESSION_ACTIVE: 409,
  SESSION_ENDED: 409,
  NOT_CONFIGURED: 409,
  NO_BOT_RUNNER: 409,
  BOT_RUNNER_BUSY: 409,
  PUBLIC_ADDRESS_REQUIRED: 409,
  TEAM_REFUSED: 409,
  TEAM_UNREACHABLE: 503,
  KEYCHAIN_UNAVAILABLE: 503,
  PROVIDER_ERROR: 502,
  INTERNAL_ERROR: 500,
};

/** The reply for an error thrown while handling a request: its own status, or its code's; null for a bug. */
export function failureOf(error: unknown): ApiFailure | null {
  if (error instanceof ApiFailure) return error;
  if (error instanceof DomainError) return new ApiFailure(HTTP_STATUS[error.code] ?? 500, error.code, error.message, error.details);
  return null;
}
