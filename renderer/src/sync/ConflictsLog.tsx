import { useCallback, useEffect, useState } from 'react';
import type { ConflictEntry } from '../../../contracts/sync.js';
import { describeValue, syncApi, tableLabels } from './sync-api.js';
import { FormError } from '../ui/FormError.js';

/**
 * Settings > Sync: every value of this computer that a teammate's earlier change overruled. Each
 * can be dismissed, or used again ("Use mine" writes it as a new change).
 */
export function ConflictsLog() {
  const [entries, setEntries] = useState<ConflictEntry[] | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    syncApi.conflicts(showResolved).then(setEntries, () => setEntries([]));
  }, [showResolved]);
  useEffect(load, [load]);

  const act = async (work: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That did not work.');
    }
    load();
  };

  return (
    <section className="card conflicts-log" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Conflicts</h2>
      <label className="checkbox">
        <input type="checkbox" checked={showResolved} onChange={(event) => setShowResolved(event.target.checked)} /> Show resolved
      </label>
      <FormError message={error} />
      {entries && entries.length === 0 && <p className="muted">No conflicts: nothing of yours was overruled.</p>}
      <ul>
        {entries?.map((entry) => (
          <li key={entry.id}>
            <div>
              <strong>{tableLabels[entry.table] ?? entry.table}</strong> · {entry.field}
              <span className="muted"> · {new Date(entry.detectedAt).toLocaleString()}</span>
            </div>
            <div>
              yours: <code>{describeValue(entry.localValue)}</code> · kept: <code>{describeValue(entry.serverValue)}</code>
            </div>
            {entry.resolvedAt ? (
              <span className="muted">{entry.resolution === 'reapplied' ? 'Used yours again' : 'Dismissed'}</span>
            ) : (
              <div className="dialog-actions">
                <button type="button" onClick={() => void act(() => syncApi.reapplyConflict(entry.id))}>
                  Use mine
                </button>
                <button type="button" onClick={() => void act(() => syncApi.dismissConflict(entry.id))}>
                  Dismiss
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
