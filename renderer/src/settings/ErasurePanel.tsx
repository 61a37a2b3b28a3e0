import { useState, type FormEvent } from 'react';
import type { ErasureReceipt } from '../../../contracts/candidate-rights.js';
import { apiPost, withQuery } from '../api/api-client.js';
import { ApiCallError } from '../api/api-error.js';
import { useApiGet } from '../api/use-api-get.js';
import { formatDateTime } from '../format/dates.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { FormError } from '../ui/FormError.js';
import { Skeleton } from '../ui/Skeleton.js';
import { toast } from '../ui/toast-store.js';
import { storeOutcomeText } from './store-outcome.js';

/**
 * Settings > Candidate data > Erasure (admins): "Delete candidate data" by e-mail, and the receipts
 * of every erasure (what each store deleted, when, by whom; a keyed hash, never the e-mail). A store
 * that could not be reached shows as pending until a retry reaches it.
 */
export function ErasurePanel({ orgId }: { orgId: string }) {
  const receipts = useApiGet<ErasureReceipt[]>(withQuery('/api/rights/erasures', { orgId }));
  const [email, setEmail] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(null);
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setError('Enter the candidate’s e-mail address');
      return;
    }
    setConfirming(true);
  };

  const erase = async (): Promise<void> => {
    try {
      const { data } = await apiPost<ErasureReceipt>('/api/rights/erasures', { orgId, email: email.trim() });
      setEmail('');
      receipts.reload();
      toast.success(data.completedAt ? 'Candidate data deleted everywhere' : 'Deleted here; some stores are pending and will be retried');
    } catch (failure) {
      setError(failure instanceof ApiCallError ? failure.message : 'Could not delete the candidate’s data');
    } finally {
      setConfirming(false);
    }
  };

  const retry = async (id: string): Promise<void> => {
    try {
      await apiPost<ErasureReceipt>(`/api/rights/erasures/${id}/retry`);
      receipts.reload();
    } catch (failure) {
      toast.error(failure instanceof ApiCallError ? failure.message : 'The retry failed');
    }
  };

  return (
    <section className="card erasure-panel" aria-labelledby={`erasure-${orgId}`}>
      <h3 id={`erasure-${orgId}`}>Delete candidate data</h3>
      <p className="muted">Removes every session’s content for this candidate from this computer, the team project and the transcript bucket. The receipt keeps a keyed hash of the e-mail, not the e-mail.</p>
      <form onSubmit={submit} className="field-row">
        <label className="field">
          <span>Candidate e-mail</span>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="off" />
        </label>
        <button type="submit" className="danger">
          Delete candidate data
        </button>
      </form>
      <FormError message={error} />
      {confirming && (
        <ConfirmDialog
          title="Delete this candidate’s data?"
          message="Their transcripts, analyses, archived files, name and e-mail are deleted from every store. This cannot be undone."
          confirmLabel="Delete everywhere"
          danger
          onConfirm={erase}
          onClose={() => setConfirming(false)}
        />
      )}
      <h4>Receipts</h4>
      {receipts.error && !receipts.data ? (
        <ErrorPanel error={receipts.error} onRetry={receipts.reload} />
      ) : !receipts.data ? (
        <Skeleton lines={2} label="Loading receipts" />
      ) : receipts.data.length === 0 ? (
        <p className="muted">No erasures yet.</p>
      ) : (
        <table className="data-table" data-testid="erasure-receipts">
          <thead>
            <tr>
              <th scope="col">Requested</th>
              <th scope="col">E-mail hash</th>
              <th scope="col">Sessions</th>
              <th scope="col">This computer</th>
              <th scope="col">Team project</th>
              <th scope="col">Bucket</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {receipts.data.map((receipt) => (
              <tr key={receipt.id}>
                <td>{formatDateTime(receipt.requestedAt)}</td>
                <td>
                  <code title={receipt.emailHash ?? ''}>{receipt.emailHash ? `${receipt.emailHash.slice(0, 12)}…` : '—'}</code>
                </td>
                <td>{receipt.sessionCount}</td>
                <td>{storeOutcomeText(receipt.stores.local)}</td>
                <td>{storeOutcomeText(receipt.stores.team)}</td>
                <td>{storeOutcomeText(receipt.stores.archive)}</td>
                <td>
                  {receipt.completedAt ? (
                    `Done ${formatDateTime(receipt.completedAt)}`
                  ) : (
                    <button type="button" onClick={() => void retry(receipt.id)}>
                      Pending: retry now
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
