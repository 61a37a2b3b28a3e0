import { useState, type FormEvent } from 'react';
import {
  createCredentialBody,
  credentialServices,
  type CredentialProblem,
  type CredentialService,
  type CredentialValidation,
  type VoiceCredential,
} from '../../../contracts/credentials.js';
import { apiDelete, apiPost } from '../api/api-client.js';
import { ApiCallError } from '../api/api-error.js';
import { useApiGet } from '../api/use-api-get.js';
import { formatDateTime } from '../format/dates.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Skeleton } from '../ui/Skeleton.js';
import { toast } from '../ui/toast-store.js';
import { FormError } from '../ui/FormError.js';

const serviceNames: Record<CredentialService, string> = {
  daily: 'Daily (calls)',
  deepgram: 'Deepgram (speech-to-text)',
  cartesia: 'Cartesia (voice)',
  openai: 'OpenAI (interviewer and analytics)',
};

const problemLabels: Record<CredentialProblem, string> = {
  rejected: 'Rejected',
  missing: 'Missing from keychain',
  check_failed: 'Check failed',
};

/** A key's status: its last check's failure while there is one (kept by the server), else configured or not. */
function KeyStatus({ credential }: { credential: VoiceCredential | undefined }) {
  if (!credential) return <span className="muted">Not configured</span>;
  const check = credential.lastCheck;
  if (check && !check.ok && check.problem) {
    return (
      <span className="key-status">
        <span className={`badge key-problem key-${check.problem}`}>{problemLabels[check.problem]}</span>
        {check.error && <span className="key-error">{check.error}</span>}
      </span>
    );
  }
  return <span className="badge">{check?.ok ? 'Valid' : 'Configured'}</span>;
}

/**
 * Settings > Keys (admins only): per provider, whether a key is configured, whether its last check
 * failed and why, and when it last proved valid; add or replace (a password field, never shown
 * again), validate, delete.
 */
export function KeysPanel({ orgId }: { orgId: string }) {
  const keys = useApiGet<VoiceCredential[]>(`/api/voice/credentials?orgId=${orgId}`);
  const [editing, setEditing] = useState<CredentialService | null>(null);
  const [deleting, setDeleting] = useState<VoiceCredential | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const validateKey = async (credential: VoiceCredential): Promise<void> => {
    setBusy(credential.id);
    try {
      const { data } = await apiPost<CredentialValidation>(`/api/voice/credentials/${credential.id}/validate`);
      if (data.valid) toast.success(`${serviceNames[credential.serviceName]}: the key works`);
      else toast.error(`${serviceNames[credential.serviceName]}: ${data.error ?? 'the key was not accepted'}`);
      keys.reload();
    } catch (error) {
      toast.error(error instanceof ApiCallError ? error.message : 'Validation failed');
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card keys-panel" aria-labelledby="keys-title">
      <h3 id="keys-title">API keys</h3>
      <p className="muted">Keys are kept in this computer's keychain. They are never shown again, synced, or sent to bots.</p>
      {keys.error && !keys.data ? (
        <ErrorPanel error={keys.error} onRetry={keys.reload} />
      ) : !keys.data ? (
        <Skeleton lines={4} label="Loading keys" />
      ) : (
        <table className="keys-table">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">Last validated</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {credentialServices.map((service) => {
              const credential = keys.data?.find((key) => key.serviceName === service);
              return (
                <tr key={service} data-testid={`key-${service}`}>
                  <th scope="row">{serviceNames[service]}</th>
                  <td>
                    <KeyStatus credential={credential} />
                  </td>
                  <td>{credential?.lastValidatedAt ? formatDateTime(credential.lastValidatedAt) : '—'}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing(service)}>
                      {credential ? 'Replace' : 'Add'}
                    </button>
                    {credential && (
                      <>
                        <button type="button" onClick={() => void validateKey(credential)} disabled={busy === credential.id}>
                          {busy === credential.id ? 'Checking…' : 'Validate'}
                        </button>
                        <button type="button" className="danger" onClick={() => setDeleting(credential)}>
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing && (
        <KeyForm
          orgId={orgId}
          service={editing}
          onDone={() => {
            setEditing(null);
            keys.reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this key?"
          message={`${serviceNames[deleting.serviceName]} will stop working for this organization until a new key is added.`}
          confirmLabel="Delete key"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await apiDelete(`/api/voice/credentials/${deleting.id}`);
              toast.success('Key deleted');
              keys.reload();
            } catch (error) {
              toast.error(error instanceof ApiCallError ? error.message : 'Could not delete the key');
            }
          }}
        />
      )}
    </section>
  );
}

function KeyForm({ orgId, service, onDone }: { orgId: string; service: CredentialService; onDone(): void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const checked = createCredentialBody.safeParse({ orgId, serviceName: service, apiKey });
    if (!checked.success) {
      setError(`The key ${checked.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    setSaving(true);
    try {
      await apiPost('/api/voice/credentials', checked.data);
      setApiKey('');
      toast.success(`${serviceNames[service]} key saved to the keychain`);
      onDone();
    } catch (failure) {
      setError(failure instanceof ApiCallError ? failure.message : 'Could not save the key');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="key-form" onSubmit={(event) => void submit(event)} aria-label={`API key for ${serviceNames[service]}`}>
      <label htmlFor="api-key-input">{serviceNames[service]} API key</label>
      <input
        id="api-key-input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={apiKey}
        onChange={(event) => setApiKey(event.target.value)}
        aria-invalid={error !== null}
        aria-describedby={error ? 'api-key-error' : undefined}
        autoFocus
      />
      <FormError message={error} id="api-key-error" />
      <div className="dialog-actions">
        <button type="button" onClick={onDone} disabled={saving}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={saving || apiKey.length === 0}>
          {saving ? 'Saving…' : 'Save key'}
        </button>
      </div>
    </form>
  );
}
