import { apiGet, type ApiResult } from './api-client.js';

/**
 * GETs started while the console's code is still being evaluated (a few hundred milliseconds on a
 * slow machine), so the first screen's data is on its way, or already here, when React first asks
 * for it. Each is handed over once: a later ask (a reload) fetches afresh.
 */
const pending = new Map<string, Promise<ApiResult<unknown>>>();

export function startEarly(paths: readonly string[]): void {
  for (const path of paths) {
    const request = apiGet<unknown>(path);
    // Nobody may take it (the screen changed first): its failure is not an unhandled rejection.
    request.catch(() => undefined);
    pending.set(path, request);
  }
}

export function takeEarly<T>(path: string): Promise<ApiResult<T>> | undefined {
  const request = pending.get(path);
  if (!request) return undefined;
  pending.delete(path);
  return request as Promise<ApiResult<T>>;
}
