import { useEffect, useState } from 'react';
import { sessionStatuses, type SessionStatus, type VoiceSession } from '../../../contracts/session.js';
import { apiGet, withQuery } from '../api/api-client.js';
import { useConnectivity } from '../api/use-connectivity.js';

export type StatusCounts = Partial<Record<SessionStatus | 'all', number>>;

/**
 * How many sessions each status tab holds under the current filters: one `limit=1` call per tab,
 * which the server answers from its counters when no free-text filter is set.
 */
export function useStatusCounts(baseParams: Record<string, string | undefined> | null, refreshKey: number): StatusCounts {
  const key = baseParams ? JSON.stringify(baseParams) : null;
  const { reconnects } = useConnectivity();
  const [counts, setCounts] = useState<StatusCounts>({});

  useEffect(() => {
    if (!key) return;
    const params = JSON.parse(key) as Record<string, string | undefined>;
    let cancelled = false;
    const tabs: (SessionStatus | 'all')[] = ['all', ...sessionStatuses];
    // Sorting does not change a count; leaving it out lets every tab share cached replies.
    const filters = Object.fromEntries(Object.entries(params).filter(([key]) => key !== 'sortBy' && key !== 'sortOrder'));
    for (const tab of tabs) {
      const path = withQuery('/api/voice/sessions', { ...filters, status: tab === 'all' ? undefined : tab, limit: 1 });
      apiGet<VoiceSession[]>(path).then(
        (result) => {
          if (!cancelled) setCounts((previous) => ({ ...previous, [tab]: result.pagination?.total ?? result.data.length }));
        },
        () => {
          if (!cancelled) setCounts((previous) => ({ ...previous, [tab]: undefined }));
        },
      );
    }
    return () => {
      cancelled = true;
    };
  }, [key, refreshKey, reconnects]);

  return counts;
}
