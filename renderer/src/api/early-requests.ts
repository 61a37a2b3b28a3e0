import { apiGet, type ApiResult } from './api-client.js';

/**
 * GETs started while the console's code is still being evaluated (a few hundred milliseconds on a
 * slow machine), so the first screen's data is on its way, or already here, when React first asks
 * for it. Each is handed over once: a later ask (a reload) fetches afresh.
 */
const pending = new Map<string, { request: Promise<ApiResult<unknown>>; startedAt: number }>();

/** Older than this, an untaken early reply is not handed over (the screen asked for something else first). */
const FRESH_FOR_MS = 10_000;

export function startEarly(paths: readonly string[]): void {
  for (const path of paths) {
    const request = apiGet<unknown>(path);
    // Nobody may take it (the screen changed first): its failure is not an unhandled rejection.
    request.catch(() => undefined);
    pending.set(path, { request, startedAt: Date.now() });
  }
}

export function takeEarly<T>(path: string): Promise<ApiResult<T>> | undefined {
  const early = pending.get(path);
  if (!early) return undefined;
  pending.delete(path);
  if (Date.now() - early.startedAt > FRESH_FOR_MS) return undefined;
  return early.request as Promise<ApiResult<T>>;
}
