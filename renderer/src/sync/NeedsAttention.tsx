import { useCallback, useEffect, useState } from 'react';
import type { ParkedOp } from '../../../contracts/sync.js';
import { describeValue, syncApi, tableLabels } from './sync-api.js';
import { FormError } from '../ui/FormError.js';

function ParkedRow({ op, onDone }: { op: ParkedOp; onDone: () => void }) {
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const editable = Object.entries(op.fields).filter(([, value]) => typeof value === 'string' || value === null);

  const act = async (work: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try {
      await work();
      onDone();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That did not work.');
    }
  };

  return (
    <li className="parked-op">
      <div>
        <strong>{tableLabels[op.table] ?? op.table}</strong> {op.kind === 'delete' ? 'deletion' : op.kind === 'insert' ? 'creation' : 'change'}
        <span className="muted"> · {new Date(op.parkedAt).toLocaleString()}</span>
      </div>
      <p>{op.reason}</p>
      <dl className="parked-fields">
        {Object.entries(op.fields)
          .filter(([field]) => !['updated_at', 'updated_by', 'created_at', 'created_by'].includes(field))
          .map(([field, value]) => (
            <div key={field}>
              <dt>{field}</dt>
              <dd>
                yours: {describeValue(value)}
                {op.serverRow && field in op.serverRow && <span className="muted"> · on the server: {describeValue(op.serverRow[field])}</span>}
              </dd>
            </div>
          ))}
      </dl>
      {editing && (
        <div className="parked-edit">
          {editable.map(([field, value]) => (
            <label key={field} className="field">
              <span>{field}</span>
              <input defaultValue={describeValue(value)} onChange={(event) => setValues((current) => ({ ...current, [field]: event.target.value }))} />
            </label>
          ))}
        </div>
      )}
      <FormError message={error} />
      <div className="dialog-actions">
        <button type="button" onClick={() => void act(() => syncApi.retry(op.id))}>
          Retry
        </button>
        {op.kind !== 'delete' && editable.length > 0 && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {editing && (
          <button type="button" className="primary" disabled={Object.keys(values).length === 0} onClick={() => void act(() => syncApi.edit(op.id, values))}>
            Save and retry
          </button>
        )}
        <button type="button" onClick={() => void act(() => syncApi.discard(op.id))}>
          Discard (keep the server's version)
        </button>
      </div>
    </li>
  );
}

/**
 * "Needs attention" (Sessions screen and Settings > Sync): changes the server refused, with its
 * reason; each can be retried, edited and retried, or discarded. Nothing is dropped without this.
 */
export function NeedsAttention() {
  const [ops, setOps] = useState<ParkedOp[] | null>(null);
  const load = useCallback(() => {
    syncApi.parked().then(setOps, () => setOps([]));
  }, []);
  useEffect(load, [load]);
  if (!ops || ops.length === 0) return null;
  return (
    <section className="card needs-attention" aria-labelledby="needs-attention-title">
      <h2 id="needs-attention-title">Needs attention</h2>
      <p className="muted">These changes could not be saved to your team's project. They are kept here until you decide.</p>
      <ul>
        {ops.map((op) => (
          <ParkedRow key={op.id} op={op} onDone={load} />
        ))}
      </ul>
    </section>
  );
}
