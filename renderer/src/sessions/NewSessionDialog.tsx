import { useMemo, useState, type FormEvent } from 'react';
import type { VoiceConfig } from '../../../contracts/config.js';
import type { VoiceSession } from '../../../contracts/session.js';
import { apiPost } from '../api/api-client.js';
import { ApiCallError, errorMessage } from '../api/api-error.js';
import { useApiGet } from '../api/use-api-get.js';
import { useAccount } from '../app/me-context.js';
import { FieldError } from '../ui/FieldError.js';
import { Modal } from '../ui/Modal.js';
import { toast } from '../ui/toast-store.js';
import { serverIssues, type FieldIssues } from '../validation/field-issues.js';
import { allConfigsPath } from './use-filter-options.js';
import { emptyNewSession, newSessionBody, validateNewSession, type NewSessionDraft } from './new-session-form.js';

type Field = keyof NewSessionDraft;

/** Says why the list is empty: none active, or none loaded (offline with nothing saved). */
function configHint(loaded: boolean, loading: boolean, active: number, offlineCopy: boolean): string {
  if (!loaded) return loading ? 'Only active configs are listed.' : 'The configs could not be loaded: a session can be created without one.';
  if (active === 0) return 'No active configs: create or activate one under Configs.';
  return offlineCopy ? 'Only active configs are listed (offline: as last loaded).' : 'Only active configs are listed.';
}

/** Creates a session for a candidate from an active config, validated as the server validates. */
export function NewSessionDialog({ onClose, onCreated }: { onClose(): void; onCreated(session: VoiceSession): void }) {
  const { orgId } = useAccount();
  // The filter bar's request (active ones picked here): offline, its cached reply serves both.
  const configs = useApiGet<VoiceConfig[]>(allConfigsPath(orgId));
  const [draft, setDraft] = useState<NewSessionDraft>(emptyNewSession);
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [fromServer, setFromServer] = useState<FieldIssues>({});
  const [busy, setBusy] = useState(false);
  const issues = useMemo(() => validateNewSession(orgId, draft), [orgId, draft]);
  const activeConfigs = useMemo(() => (configs.data ?? []).filter((config) => config.isActive), [configs.data]);
  const chosenConfig = activeConfigs.find((config) => config.id === draft.configId);

  const shown = (field: Field): string | undefined => fromServer[field] ?? (submitted || touched[field] ? issues[field] : undefined);
  const update = (field: Field, value: string): void => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    setFromServer((previous) => ({ ...previous, [field]: undefined }) as FieldIssues);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(issues).length > 0) return;
    setBusy(true);
    try {
      const created = await apiPost<VoiceSession>('/api/voice/sessions', newSessionBody(orgId, draft));
      toast.success(`Session created for ${created.data.candidateName ?? 'the candidate'}`);
      onCreated(created.data);
    } catch (error) {
      if (error instanceof ApiCallError && error.issues.length > 0) setFromServer(serverIssues(error.issues));
      toast.error(errorMessage(error, 'Could not create the session'));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field, label: string, props: { type?: string; placeholder?: string } = {}) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={field}
        value={draft[field]}
        aria-invalid={shown(field) ? true : undefined}
        aria-describedby={shown(field) ? `new-session-${field}-error` : undefined}
        onChange={(event) => update(field, event.target.value)}
        onBlur={() => setTouched((previous) => ({ ...previous, [field]: true }))}
        {...props}
      />
      <FieldError id={`new-session-${field}-error`} message={shown(field)} />
    </label>
  );

  return (
    <Modal title="New session" onClose={onClose} className="new-session">
      <form onSubmit={(event) => void submit(event)} noValidate>
        {input('candidateName', 'Candidate name', { placeholder: 'Grace Hopper' })}
        {input('candidateEmail', 'Candidate email', { type: 'email', placeholder: 'grace@example.com' })}
        <label className="field">
          <span>Config</span>
          <select
            name="configId"
            value={draft.configId}
            onChange={(event) => {
              const config = activeConfigs.find((item) => item.id === event.target.value);
              setDraft((previous) => ({ ...previous, configId: event.target.value, interviewType: config ? config.interviewType : previous.interviewType }));
            }}
          >
            <option value="">{configs.loading && !configs.data ? 'Loading configs…' : 'No config'}</option>
            {activeConfigs.map((config) => (
              <option key={config.id} value={config.id}>
                {config.name} · {config.interviewType} · v{config.version}
              </option>
            ))}
          </select>
          <span className="hint">
            {configHint(configs.data !== undefined, configs.loading, activeConfigs.length, configs.cachedAt !== null)}
          </span>
          <FieldError id="new-session-configId-error" message={shown('configId')} />
        </label>
        {input('interviewType', 'Interview type', { placeholder: chosenConfig ? chosenConfig.interviewType : 'technical' })}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create session'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
