import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';

/** A failed call, carrying the server's own message (never a stack) for the toast or inline error. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the voice API on the same origin; the HttpOnly cookie set by the sign-in link authenticates. */
export async function apiGet<T>(path: string): Promise<ApiSuccess<T>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  } catch {
    throw new ApiCallError(0, 'OFFLINE', 'The console server cannot be reached');
  }
  const body = (await response.json()) as ApiSuccess<T> | ApiError;
  if (!body.success) throw new ApiCallError(response.status, body.error.code, body.error.message);
  return body;
}
