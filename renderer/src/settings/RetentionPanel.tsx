import { useState } from 'react';
import { isPreviewed, RETENTION_PRESETS, type RetentionPolicy, type RetentionPreview, type RetentionRun, type StoreOutcome } from '../../../contracts/candidate-rights.js';
import { apiGetLive, apiPost, apiPut, withQuery } from '../api/api-client.js';
import { ApiCallError } from '../api/api-error.js';
import { useApiGet } from '../api/use-api-get.js';
import { formatDateTime } from '../format/dates.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { FormError } from '../ui/FormError.js';
import { Skeleton } from '../ui/Skeleton.js';
import { toast } from '../ui/toast-store.js';
import { storeOutcomeText } from './store-outcome.js';

interface RetentionState {
  policy: RetentionPolicy;
  lastRun: RetentionRun | null;
}

/**
 * Settings > Candidate data > Retention (admins): keep interview content for N days after an
 * interview ends (off by default). Choosing a limit first shows what it would delete now; only
 * "Save and delete" makes it the policy, and the daily run (or "Run now") applies it. The server
 * refuses a run not previewed at the current days (a policy changed elsewhere): "Preview" first.
 * It says where the policy lives (the team project, this computer, or the saved copy of the
 * team's while the project cannot be reached) and who changed it last.
 */
export function RetentionPanel({ orgId }: { orgId: string }) {
  const state = useApiGet<RetentionState>(withQuery('/api/rights/retention', { orgId }));
  const [choice, setChoice] = useState<number | null | undefined>(undefined);
  const [preview, setPreview] = useState<RetentionPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (state.error && !state.data) return <ErrorPanel error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Skeleton lines={3} label="Loading the retention policy" />;
  const current = state.data.policy.days;
  const selected = choice === undefined ? current : choice;

  const choose = async (days: number | null): Promise<void> => {
    setChoice(days);
    setPreview(null);
    setError(null);
    if (days === null || days === current) return;
    try {
      const { data } = await apiGetLive<RetentionPreview>(withQuery('/api/rights/retention/preview', { orgId, days }));
      setPreview(data);
    } catch (failure) {
      setError(failure instanceof ApiCallError ? failure.message : 'Could not count what would be deleted');
    }
  };

  const save = async (): Promise<void> => {
    if (selected === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const { data } = await apiPut<RetentionState>('/api/rights/retention', { orgId, days: selected });
      let next = data;
      if (selected !== null) {
        const run = await apiPost<RetentionRun>('/api/rights/retention/run', { orgId });
        next = { ...data, lastRun: run.data };
      }
      state.replace(next);
      setChoice(undefined);
      setPreview(null);
      toast.success(selected === null ? 'Retention is off: interview content is kept' : `Interview content is kept for ${selected} days`);
    } catch (failure) {
      setError(failure instanceof ApiCallError ? failure.message : 'Could not save the retention policy');
    } finally {
      setBusy(false);
    }
  };

  // The current setting, not previewed at its days here or on another desktop: the server runs it only after this.
  const previewCurrent = async (): Promise<void> => {
    if (current === null) return;
    setBusy(true);
    setError(null);
    try {
      const { data } = await apiGetLive<RetentionPreview>(withQuery('/api/rights/retention/preview', { orgId, days: current }));
      setPreview(data);
      state.reload();
    } catch (failure) {
      setError(failure instanceof ApiCallError ? failure.message : 'Could not count what would be deleted');
    } finally {
      setBusy(false);
    }
  };

  const runNow = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { data } = await apiPost<RetentionRun>('/api/rights/retention/run', { orgId });
      if (state.data) state.replace({ ...state.data, lastRun: data });
      toast.success('Retention ran');
    } catch (failure) {
      setError(failure instanceof ApiCallError ? failure.message : 'Retention could not run');
    } finally {
      setBusy(false);
    }
  };

  const policy = state.data.policy;
  const lastRun = state.data.lastRun;
  const changed = selected !== current;
  const savedCopy = policy.source === 'saved-copy';
  const previewed = isPreviewed(policy);
  return (
    <section className="card retention-panel" aria-labelledby={`retention-${orgId}`}>
      <h3 id={`retention-${orgId}`}>Retention</h3>
      <p className="muted">Interview content (transcripts, live segments, analytics, archived copies, the candidate’s name and e-mail) is deleted this many days after an interview ends. The session stays as an anonymous statistic.</p>
      <PolicyHome policy={policy} />
      <label className="field">
        <span>Keep interview content</span>
        <select
          aria-label="Keep interview content"
          value={selected === null ? 'off' : String(selected)}
          onChange={(event) => void choose(event.target.value === 'off' ? null : Number(event.target.value))}
          disabled={busy || savedCopy}
        >
          <option value="off">Forever (retention off)</option>
          {[...new Set([...RETENTION_PRESETS, ...(current !== null ? [current] : [])])].sort((a, b) => a - b).map((days) => (
            <option key={days} value={days}>
              {days} days
            </option>
          ))}
        </select>
      </label>
      {preview && (
        <div className="retention-preview" role="status" data-testid="retention-preview">
          <p>
            {changed ? 'Saving deletes now' : 'Running now deletes'}{preview.source === 'team' ? ' (counted on the team project)' : ''}: the content of <strong>{preview.counts.sessions}</strong> session(s):{' '}
            {preview.counts.transcripts} transcript(s), {preview.counts.liveSegments} live segment(s), {preview.counts.analytics} analysis(es) and {preview.counts.archiveObjects} archived
            file(s).
          </p>
        </div>
      )}
      <FormError message={error} />
      <div className="toolbar-actions">
        {changed && (
          <button type="button" className={selected === null ? 'primary' : 'danger'} onClick={() => void save()} disabled={busy || (selected !== null && !preview)}>
            {selected === null ? 'Turn retention off' : 'Save and delete'}
          </button>
        )}
        {!changed && current !== null && !previewed && (
          <button type="button" onClick={() => void previewCurrent()} disabled={busy}>
            Preview what would be deleted
          </button>
        )}
        {!changed && current !== null && (
          <button type="button" onClick={() => void runNow()} disabled={busy || !previewed}>
            Run now
          </button>
        )}
      </div>
      {lastRun && (
        <dl className="facts" data-testid="retention-last-run">
          <dt>Last run</dt>
          <dd>{formatDateTime(lastRun.ranAt)}</dd>
          {(['local', 'team', 'archive'] as const).map((store) => (
            <StoreLine key={store} store={store} outcome={lastRun.stores[store]} />
          ))}
        </dl>
      )}
    </section>
  );
}

/** Where the policy lives, and who changed it last. */
function PolicyHome({ policy }: { policy: RetentionPolicy }) {
  const where = {
    team: 'Shared with your team: every admin’s desktop uses and runs this policy.',
    local: 'Saved on this computer.',
    'saved-copy': `The team project cannot be reached right now: this is the saved copy of your team’s policy${policy.copiedAt ? ` from ${formatDateTime(policy.copiedAt)}` : ''}. It can be changed once the project is back.`,
  } as const;
  return (
    <p className="retention-home" data-testid="retention-home" data-source={policy.source}>
      {where[policy.source]}
      {policy.updatedAt && (
        <>
          {' '}
          Last changed {formatDateTime(policy.updatedAt)} by {policy.updatedByEmail ?? 'an admin'}.
        </>
      )}
      {policy.days !== null && !isPreviewed(policy) && <> Not previewed at {policy.days} days yet: preview what it would delete before it runs.</>}
    </p>
  );
}

function StoreLine({ store, outcome }: { store: 'local' | 'team' | 'archive'; outcome: StoreOutcome }) {
  const names = { local: 'This computer', team: 'Team project', archive: 'Transcript bucket' } as const;
  return (
    <>
      <dt>{names[store]}</dt>
      <dd>{storeOutcomeText(outcome)}</dd>
    </>
  );
}
