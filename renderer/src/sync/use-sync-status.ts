import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../contracts/sync.js';
import { syncApi } from './sync-api.js';

/** The sync status, polled while mounted (faster while a sync is running). */
export function useSyncStatus(): { status: SyncStatus | null; refresh: () => Promise<void> } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const refresh = useCallback(async () => {
    try {
      setStatus(await syncApi.status());
    } catch {
      // The indicator keeps the last known status; the console shows its own offline banner.
    }
  }, []);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      await refresh();
      if (!stopped) timer = setTimeout(() => void tick(), 2000);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [refresh]);
  return { status, refresh };
}
