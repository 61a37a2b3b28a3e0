import { useCallback, useEffect, useRef, useState } from 'react';
import type { VoiceSession } from '../../../contracts/session.js';
import { apiGet, withQuery } from '../api/api-client.js';
import { ApiCallError } from '../api/api-error.js';
import { useConnectivity } from '../api/use-connectivity.js';

export const PAGE_SIZE = 200;

export interface SessionPages {
  total: number | null;
  rowAt(index: number): VoiceSession | undefined;
  /** Loads the pages covering rows [first, last] that are not loaded yet. */
  ensureRange(first: number, last: number): void;
  error: ApiCallError | null;
  cachedAt: number | null;
  /** Bumped whenever a page arrives, so the table re-renders. */
  version: number;
  reload(): void;
}

/**
 * The sessions list as pages fetched on demand: the table asks for the rows it is about to show,
 * so 10,000 (or 100,000) sessions cost only the pages actually scrolled past.
 */
export function useSessionPages(baseParams: Record<string, string | undefined> | null, refreshKey = 0): SessionPages {
  const key = baseParams ? JSON.stringify(baseParams) : null;
  const { reconnects } = useConnectivity();
  const pages = useRef(new Map<number, VoiceSession[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [cachedAt, setCachedAt] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [reloads, setReloads] = useState(0);

  const load = useCallback(
    (page: number) => {
      if (!baseParams || pages.current.has(page) || inFlight.current.has(page)) return;
      const started = generation.current;
      inFlight.current.add(page);
      const path = withQuery('/api/voice/sessions', { ...baseParams, limit: PAGE_SIZE, offset: page * PAGE_SIZE });
      apiGet<VoiceSession[]>(path).then(
        (result) => {
          if (started !== generation.current) return;
          inFlight.current.delete(page);
          pages.current.set(page, result.data);
          setTotal(result.pagination?.total ?? result.data.length);
          setCachedAt(result.cachedAt ?? null);
          setError(null);
          setVersion((count) => count + 1);
        },
        (failure: unknown) => {
          if (started !== generation.current) return;
          inFlight.current.delete(page);
          setError(failure instanceof ApiCallError ? failure : new ApiCallError(0, 'UNKNOWN', 'Could not load sessions'));
        },
      );
    },
    [key],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    inFlight.current = new Set();
    setTotal(null);
    setError(null);
    setCachedAt(null);
    setVersion((count) => count + 1);
    load(0);
  }, [load, reloads, reconnects, refreshKey]);

  const rowAt = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);
  const ensureRange = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(Math.max(0, first) / PAGE_SIZE); page <= Math.floor(Math.max(0, last) / PAGE_SIZE); page += 1) load(page);
    },
    [load],
  );
  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return { total, rowAt, ensureRange, error, cachedAt, version, reload };
}
