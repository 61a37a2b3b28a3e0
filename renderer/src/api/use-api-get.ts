import { useCallback, useEffect, useState } from 'react';
import type { Pagination } from '../../../contracts/api-envelope.js';
import { apiGet } from './api-client.js';
import { takeEarly } from './early-requests.js';
import { ApiCallError } from './api-error.js';
import { cachedInMemory } from './response-cache.js';
import { useConnectivity } from './use-connectivity.js';

export interface ApiGetState<T> {
  data: T | undefined;
  pagination: Pagination | undefined;
  error: ApiCallError | null;
  loading: boolean;
  /** When the shown data is an offline copy: the time it was saved. */
  cachedAt: number | null;
  reload(): void;
  /** Replaces the shown data after a successful change, without a refetch. */
  replace(data: T): void;
}

/**
 * Loads one GET endpoint (null path: nothing yet). Shows a reply seen before at once, then the
 * fresh one; refetches when the server comes back after being offline.
 */
export function useApiGet<T>(path: string | null): ApiGetState<T> {
  const { reconnects } = useConnectivity();
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<{ path: string | null; data: T | undefined; pagination: Pagination | undefined; error: ApiCallError | null; loading: boolean; cachedAt: number | null }>(() => {
    const seen = path ? cachedInMemory(path) : undefined;
    return { path, data: seen?.data as T | undefined, pagination: seen?.pagination, error: null, loading: path !== null, cachedAt: null };
  });

  useEffect(() => {
    if (path === null) {
      setState({ path, data: undefined, pagination: undefined, error: null, loading: false, cachedAt: null });
      return;
    }
    const controller = new AbortController();
    setState((previous) => {
      if (previous.path === path) return { ...previous, loading: true, error: null };
      const seen = cachedInMemory(path);
      return { path, data: seen?.data as T | undefined, pagination: seen?.pagination, error: null, loading: true, cachedAt: null };
    });
    (takeEarly<T>(path) ?? apiGet<T>(path, controller.signal)).then(
      (result) => {
        if (controller.signal.aborted) return;
        setState({ path, data: result.data, pagination: result.pagination, error: null, loading: false, cachedAt: result.cachedAt ?? null });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof ApiCallError ? error : new ApiCallError(0, 'UNKNOWN', 'The request failed');
        setState((previous) => ({ ...previous, path, error: failure, loading: false }));
      },
    );
    return () => controller.abort();
  }, [path, reloads, reconnects]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  const replace = useCallback((data: T) => setState((previous) => ({ ...previous, data, cachedAt: null })), []);
  const current = state.path === path;
  return {
    data: current ? state.data : undefined,
    pagination: current ? state.pagination : undefined,
    error: current ? state.error : null,
    loading: current ? state.loading : path !== null,
    cachedAt: current ? state.cachedAt : null,
    reload,
    replace,
  };
}
