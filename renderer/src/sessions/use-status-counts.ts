import { useEffect, useState } from 'react';
import type { SessionCounts, SessionStatus } from '../../../contracts/session.js';
import { apiGet, withQuery } from '../api/api-client.js';
import { useConnectivity } from '../api/use-connectivity.js';

export type StatusCounts = Partial<Record<SessionStatus | 'all', number>>;

/** Parameters of the list that change no count. */
const NOT_FILTERS = new Set(['status', 'sortBy', 'sortOrder', 'limit', 'offset']);

/** How many sessions each status tab holds under the current filters: one call for every tab. */
export function useStatusCounts(baseParams: Record<string, string | undefined> | null, refreshKey: number): StatusCounts {
  const key = baseParams ? JSON.stringify(Object.entries(baseParams).filter(([name]) => !NOT_FILTERS.has(name))) : null;
  const { reconnects } = useConnectivity();
  const [counts, setCounts] = useState<StatusCounts>({});

  useEffect(() => {
    if (!key) return;
    const filters = Object.fromEntries(JSON.parse(key) as [string, string | undefined][]);
    const controller = new AbortController();
    apiGet<SessionCounts>(withQuery('/api/voice/sessions/counts', filters), controller.signal).then(
      (result) => setCounts(result.data),
      () => {
        if (!controller.signal.aborted) setCounts({});
      },
    );
    return () => controller.abort();
  }, [key, refreshKey, reconnects]);

  return counts;
}
