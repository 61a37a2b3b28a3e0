import type { ApiError, ApiSuccess, Pagination } from '../../../contracts/api-envelope.js';
import { ApiCallError } from './api-error.js';
import { reportReachable, reportUnreachable } from './connectivity.js';
import { recall, remember } from './response-cache.js';

export interface ApiResult<T> {
  data: T;
  pagination?: Pagination;
  /** Set when the server could not be reached and this is the copy saved when it last answered. */
  cachedAt?: number;
}

const REQUEST_TIMEOUT_MS = 20_000;
const UNREACHABLE = 'The console server cannot be reached. Check that Interview Console is still running.';

/** Calls the voice API on the same origin; the HttpOnly cookie set by the sign-in link authenticates. */
async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: controller.signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    reportUnreachable();
    throw new ApiCallError(0, 'OFFLINE', UNREACHABLE);
  } finally {
    clearTimeout(timeout);
  }
  reportReachable(response.status);
  let reply: ApiSuccess<T> | ApiError;
  try {
    reply = (await response.json()) as ApiSuccess<T> | ApiError;
  } catch {
    throw new ApiCallError(response.status, 'BAD_REPLY', `The server answered ${response.status} without a readable reply`);
  }
  if (!reply.success) {
    throw new ApiCallError(response.status, reply.error.code, reply.error.message, reply.error.details?.issues ?? []);
  }
  return reply.pagination ? { data: reply.data, pagination: reply.pagination } : { data: reply.data };
}

/** GET with the offline fallback: a reply seen before is returned (marked `cachedAt`) when the server is gone. */
export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T>> {
  try {
    const result = await call<T>('GET', path, undefined, signal);
    remember(path, { data: result.data, pagination: result.pagination, savedAt: Date.now() });
    return result;
  } catch (error) {
    if (error instanceof ApiCallError && error.isUnreachable) {
      const saved = await recall(path);
      if (saved) {
        const result: ApiResult<T> = { data: saved.data as T, cachedAt: saved.savedAt };
        if (saved.pagination) result.pagination = saved.pagination;
        return result;
      }
    }
    throw error;
  }
}

/** GET of something only true right now (a running process's state): no offline copy is kept. */
export function apiGetLive<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T>> {
  return call<T>('GET', path, undefined, signal);
}

export function apiPost<T>(path: string, body?: unknown): Promise<ApiResult<T>> {
  return call<T>('POST', path, body ?? {});
}

export function apiPut<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  return call<T>('PUT', path, body);
}

export function apiDelete<T>(path: string): Promise<ApiResult<T>> {
  return call<T>('DELETE', path);
}

/** Builds `path?query` from defined, non-empty values only. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
