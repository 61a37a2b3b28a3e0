import { useState } from 'react';
import type { SyncStatus } from '../../../contracts/sync.js';
import { syncApi } from './sync-api.js';
import { useSyncStatus } from './use-sync-status.js';

function label(status: SyncStatus): string {
  switch (status.state) {
    case 'signed_out':
      return 'Local only';
    case 'syncing': {
      const progress = status.progress;
      if (!progress) return 'Syncing…';
      if (progress.phase === 'push') return `Sending changes… ${progress.pushed} sent, ${progress.pending} to go`;
      if (progress.phase === 'pull') return `Receiving… ${progress.pulled.toLocaleString()} rows`;
      return 'Syncing…';
    }
    case 'offline':
      return status.pendingOps > 0 ? `Offline: ${status.pendingOps} changes waiting` : 'Offline';
    case 'needs_attention':
      return `${status.needsAttention} change${status.needsAttention === 1 ? '' : 's'} need attention`;
    case 'error':
      return 'Sync problem';
    case 'idle':
      return status.pendingOps > 0 ? `${status.pendingOps} changes waiting` : 'Synced';
  }
}

function since(iso: string | null): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return new Date(iso).toLocaleString();
}

/**
 * The sync indicator for the app bar: idle, syncing with progress, offline, needs attention, and
 * when it last synced. Clicking "Sync now" runs a sync at once.
 */
export function SyncStatusIndicator({ onOpenAttention }: { onOpenAttention?: () => void }) {
  const { status, refresh } = useSyncStatus();
  const [busy, setBusy] = useState(false);
  if (!status) return null;
  const syncNow = async (): Promise<void> => {
    setBusy(true);
    try {
      await syncApi.syncNow();
    } catch {
      // the status shows the failure
    } finally {
      setBusy(false);
      await refresh();
    }
  };
  return (
    <div className={`sync-indicator sync-${status.state}`} role="status" aria-live="polite">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-label">{label(status)}</span>
      {status.state !== 'signed_out' && (
        <>
          <span className="muted sync-when" title={status.lastError ?? undefined}>
            {' · last synced '}
            {since(status.lastSyncedAt)}
          </span>
          {status.needsAttention > 0 && onOpenAttention && (
            <button type="button" className="link" onClick={onOpenAttention}>
              Review
            </button>
          )}
          <button type="button" onClick={() => void syncNow()} disabled={busy || status.state === 'syncing'}>
            Sync now
          </button>
        </>
      )}
    </div>
  );
}
