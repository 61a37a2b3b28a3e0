import { useEffect, useRef, useState, type FormEvent } from 'react';
import { integrationSettings, type EffectiveIntegrationSettings, type IntegrationSettings } from '../../../contracts/integrations.js';
import { apiPut } from '../api/api-client.js';
import { ApiCallError } from '../api/api-error.js';
import { useApiGet } from '../api/use-api-get.js';
import { rebaseEdits } from '../forms/rebase-edits.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Skeleton } from '../ui/Skeleton.js';
import { toast } from '../ui/toast-store.js';
import { FormError } from '../ui/FormError.js';

const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * Settings > Integrations (admins): where interview bots run (this computer or ECS Fargate) and the
 * S3 bucket transcripts are archived to. Fields the environment pins are shown read-only.
 */
export function IntegrationsPanel() {
  const current = useApiGet<EffectiveIntegrationSettings>('/api/settings/integrations');
  const [draft, setDraft] = useState<IntegrationSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // The remembered reply comes first and the fresh one after: what an admin typed in between is kept.
  const loadedFrom = useRef<IntegrationSettings | null>(null);
  const draftNow = useRef(draft);
  draftNow.current = draft;
  useEffect(() => {
    if (!current.data) return;
    const fresh = current.data.settings;
    const before = loadedFrom.current;
    loadedFrom.current = fresh;
    setDraft(before && draftNow.current ? rebaseEdits(draftNow.current, before, fresh).value : fresh);
  }, [current.data]);

  if (current.error && !current.data) return <ErrorPanel error={current.error} onRetry={current.reload} />;
  if (!current.data || !draft) return <Skeleton lines={5} label="Loading integration settings" />;
  const pinned = new Set(current.data.fromEnvironment);
  const locked = (field: string): boolean => pinned.has(field);
  const update = (change: (settings: IntegrationSettings) => IntegrationSettings): void => setDraft((value) => (value ? change(value) : value));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const checked = integrationSettings.safeParse(draft);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setError(`${issue?.path.join('.') ?? 'settings'}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const { data } = await apiPut<EffectiveIntegrationSettings>('/api/settings/integrations', checked.data);
      // What was saved is shown as the server stored it, not rebased onto.
      loadedFrom.current = null;
      current.replace(data);
      toast.success('Integration settings saved');
    } catch (failure) {
      setError(failure instanceof ApiCallError ? failure.message : 'Could not save the settings');
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card integrations-panel" aria-labelledby="integrations-title">
      <h3 id="integrations-title">Interview bots and archive</h3>
      <form onSubmit={(event) => void submit(event)}>
        <fieldset disabled={locked('botRunner')}>
          <legend>Where bots run</legend>
          {(
            [
              [null, 'Not set (interviews cannot start)'],
              ['local', 'On this computer'],
              ['ecs', 'AWS ECS Fargate'],
            ] as const
          ).map(([value, label]) => (
            <label key={label} className="radio">
              <input type="radio" name="bot-runner" checked={draft.botRunner === value} onChange={() => update((s) => ({ ...s, botRunner: value }))} />
              {label}
            </label>
          ))}
        </fieldset>
        {draft.botRunner === 'ecs' && (
          <fieldset>
            <legend>ECS</legend>
            <TextField label="Region" value={draft.ecs.region} locked={locked('ecs.region')} onChange={(region) => update((s) => ({ ...s, ecs: { ...s.ecs, region } }))} />
            <TextField label="Cluster" value={draft.ecs.cluster} locked={locked('ecs.cluster')} onChange={(cluster) => update((s) => ({ ...s, ecs: { ...s.ecs, cluster } }))} />
            <TextField
              label="Task definition ARN"
              value={draft.ecs.taskDefinition}
              locked={locked('ecs.taskDefinition')}
              onChange={(taskDefinition) => update((s) => ({ ...s, ecs: { ...s.ecs, taskDefinition } }))}
            />
            <TextField
              label="Container name"
              value={draft.ecs.containerName}
              locked={locked('ecs.containerName')}
              onChange={(containerName) => update((s) => ({ ...s, ecs: { ...s.ecs, containerName } }))}
            />
            <ListField
              label="Subnets (comma-separated)"
              values={draft.ecs.subnets}
              locked={locked('ecs.subnets')}
              onChange={(subnets) => update((s) => ({ ...s, ecs: { ...s.ecs, subnets } }))}
            />
            <ListField
              label="Security groups (comma-separated)"
              values={draft.ecs.securityGroups}
              locked={locked('ecs.securityGroups')}
              onChange={(securityGroups) => update((s) => ({ ...s, ecs: { ...s.ecs, securityGroups } }))}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={draft.ecs.assignPublicIp}
                disabled={locked('ecs.assignPublicIp')}
                onChange={(event) => update((s) => ({ ...s, ecs: { ...s.ecs, assignPublicIp: event.target.checked } }))}
              />
              Assign a public IP (needed without a NAT gateway)
            </label>
            <TextField
              label="Public WebSocket URL for bots"
              value={draft.publicWebSocketUrl}
              locked={locked('publicWebSocketUrl')}
              placeholder="wss://console.example.com/api/voice/ws"
              onChange={(publicWebSocketUrl) => update((s) => ({ ...s, publicWebSocketUrl }))}
            />
          </fieldset>
        )}
        <fieldset>
          <legend>Transcript archive (S3)</legend>
          <TextField label="Bucket" value={draft.s3.bucket} locked={locked('s3.bucket')} onChange={(bucket) => update((s) => ({ ...s, s3: { ...s.s3, bucket } }))} />
          <TextField label="Region" value={draft.s3.region} locked={locked('s3.region')} onChange={(region) => update((s) => ({ ...s, s3: { ...s.s3, region } }))} />
        </fieldset>
        {pinned.size > 0 && <p className="muted">Greyed fields are set by environment variables on this machine.</p>}
        <FormError message={error} />
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </section>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  locked: boolean;
  placeholder?: string;
  onChange(value: string): void;
}

function TextField({ label, value, locked, placeholder, onChange }: TextFieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="text" value={value} disabled={locked} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}

/** A comma-separated list: the text is kept as typed, and parsed into items as it changes. */
function ListField({ label, values, locked, onChange }: { label: string; values: string[]; locked: boolean; onChange(values: string[]): void }) {
  const [text, setText] = useState(values.join(', '));
  return (
    <TextField
      label={label}
      value={text}
      locked={locked}
      onChange={(typed) => {
        setText(typed);
        onChange(splitList(typed));
      }}
    />
  );
}
