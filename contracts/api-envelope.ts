/**
 * The reply envelope every HTTP endpoint uses, and the error codes clients can branch on.
 */
export interface Pagination {
  total: number;
  limit: number;
  offset: number;
  hasMore: boolean;
}

export interface ApiSuccess<T> {
  success: true;
  data: T;
  pagination?: Pagination;
}

export const errorCodes = [
  'VALIDATION_ERROR',
  'INVALID_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'INVALID_TRANSITION',
  'NAME_TAKEN',
  'CONFIG_IN_USE',
  'CONFIG_INACTIVE',
  'SESSION_ACTIVE',
  'SESSION_ENDED',
  'NOT_CONFIGURED',
  'PREVIEW_REQUIRED',
  'NO_BOT_RUNNER',
  'BOT_RUNNER_BUSY',
  'PUBLIC_ADDRESS_REQUIRED',
  'TEAM_UNREACHABLE',
  'TEAM_REFUSED',
  'KEYCHAIN_UNAVAILABLE',
  'PROVIDER_ERROR',
  'PDF_PRINTER_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `configJson.interview.questions.0.text`. */
  field: string;
  message: string;
}

export interface ApiError {
  success: false;
  error: {
    code: ErrorCode;
    message: string;
    details?: { issues?: FieldIssue[]; [key: string]: unknown };
  };
}

export type ApiReply<T> = ApiSuccess<T> | ApiError;
