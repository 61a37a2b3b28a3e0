import { useEffect, useMemo, useRef, useState } from 'react';
import type { VoiceConfig } from '../../../contracts/config.js';
import { apiDelete, apiPost, apiPut } from '../api/api-client.js';
import { ApiCallError, errorMessage } from '../api/api-error.js';
import { forget } from '../api/response-cache.js';
import { useApiGet } from '../api/use-api-get.js';
import { useAccount } from '../app/me-context.js';
import { navigate } from '../app/navigation.js';
import { paths } from '../app/routes.js';
import { useLeaveGuard } from '../app/use-leave-guard.js';
import { formatDateTime } from '../format/dates.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Link } from '../ui/Link.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { Skeleton } from '../ui/Skeleton.js';
import { toast } from '../ui/toast-store.js';
import { serverIssues, type FieldIssues } from '../validation/field-issues.js';
import { createBody, draftFromConfig, newConfigDraft, updateBody, type ConfigDraft } from './config-draft.js';
import { rebaseDraft } from './config-draft-rebase.js';
import { ConfigEditor } from './ConfigEditor.js';
import { RehearseButton } from './RehearseButton.js';
import { VersionHistory } from './VersionHistory.js';

const MAX_COPY_ATTEMPTS = 5;

/** Creates or edits one config; saves, (de)activates, duplicates, deletes; shows its versions. */
export function ConfigEditorScreen({ id }: { id: string | null }) {
  const { orgId } = useAccount();
  const loaded = useApiGet<VoiceConfig>(id ? `/api/voice/configs/${id}` : null);
  const saved = id ? loaded.data : undefined;
  const [draft, setDraft] = useState<ConfigDraft | null>(id ? null : newConfigDraft());
  const [issuesFromServer, setIssuesFromServer] = useState<FieldIssues>({});
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  // A newer copy of the saved config (the fresh reply after the one remembered from earlier, a
  // reconnect, our own Activate) must never wipe what the author is typing: it is rebased instead.
  const base = useRef<VoiceConfig | null>(null);
  const ours = useRef<VoiceConfig | null>(null);
  const draftNow = useRef(draft);
  draftNow.current = draft;
  const [changedElsewhere, setChangedElsewhere] = useState<VoiceConfig | null>(null);

  useEffect(() => {
    if (!id) setDraft(newConfigDraft());
  }, [id]);
  useEffect(() => {
    if (!saved) return;
    const previous = base.current;
    const current = draftNow.current;
    base.current = saved;
    const fromUs = ours.current === saved;
    ours.current = null;
    if (!previous || !current || previous.id !== saved.id) {
      setDraft(draftFromConfig(saved));
      setChangedElsewhere(null);
      return;
    }
    const rebased = rebaseDraft(current, previous, saved);
    setDraft(rebased.value);
    if (fromUs) setChangedElsewhere(null);
    else if (rebased.edited && (saved.version !== previous.version || saved.updatedAt !== previous.updatedAt)) setChangedElsewhere(saved);
  }, [saved]);

  const dirty = useMemo(() => {
    if (!draft) return false;
    if (!saved) return true;
    return Object.keys(updateBody(saved, draft)).length > 0;
  }, [draft, saved]);
  // What leaving would lose: edits to a saved config, or anything typed into a new one.
  const unsaved = useMemo(() => {
    if (!draft || (id && !saved)) return false;
    return saved ? dirty : JSON.stringify(draft) !== JSON.stringify(newConfigDraft());
  }, [draft, saved, dirty, id]);
  useLeaveGuard(unsaved ? (saved ? `Your changes to "${saved.name}" are not saved.` : 'This new config is not saved yet.') : null);

  if (id && loaded.error && !saved) return <section className="screen"><ErrorPanel error={loaded.error} onRetry={loaded.reload} /></section>;
  if (!draft || (id && !saved)) return <section className="screen"><Skeleton lines={10} label="Loading config" /></section>;

  const applySaved = (config: VoiceConfig, message: string): void => {
    forget('/api/voice/configs');
    setIssuesFromServer({});
    toast.success(message);
    if (!id) navigate(paths.config(config.id), { replace: true, force: true });
    else {
      ours.current = config;
      loaded.replace(config);
    }
  };

  const fail = (error: unknown, fallback: string): void => {
    if (error instanceof ApiCallError && error.issues.length > 0) setIssuesFromServer(serverIssues(error.issues));
    else if (error instanceof ApiCallError && error.code === 'NAME_TAKEN') setIssuesFromServer({ name: error.message });
    toast.error(errorMessage(error, fallback));
  };

  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      if (!saved) {
        const created = await apiPost<VoiceConfig>('/api/voice/configs', createBody(orgId, draft));
        applySaved(created.data, `Config "${created.data.name}" created`);
      } else {
        const updated = await apiPut<VoiceConfig>(`/api/voice/configs/${saved.id}`, updateBody(saved, draft));
        applySaved(updated.data, updated.data.version !== saved.version ? `Saved as version ${updated.data.version}` : 'Saved');
      }
    } catch (error) {
      fail(error, 'Could not save the config');
    } finally {
      setSaving(false);
    }
  };

  const setActive = async (isActive: boolean): Promise<void> => {
    if (!saved) return;
    try {
      const updated = await apiPut<VoiceConfig>(`/api/voice/configs/${saved.id}`, { isActive });
      applySaved(updated.data, isActive ? 'Config activated' : 'Config deactivated: it is no longer offered for new sessions');
    } catch (error) {
      fail(error, 'Could not change the config');
    }
  };

  const duplicate = async (): Promise<void> => {
    if (!saved) return;
    for (let attempt = 1; attempt <= MAX_COPY_ATTEMPTS; attempt += 1) {
      const name = `${saved.name} (copy${attempt > 1 ? ` ${attempt}` : ''})`.slice(0, 255);
      try {
        const copy = await apiPost<VoiceConfig>('/api/voice/configs', { ...createBody(orgId, draftFromConfig(saved)), name, isActive: false });
        forget('/api/voice/configs');
        toast.success(`Duplicated as "${copy.data.name}" (inactive until you activate it)`);
        navigate(paths.config(copy.data.id));
        return;
      } catch (error) {
        if (error instanceof ApiCallError && error.code === 'NAME_TAKEN') continue;
        fail(error, 'Could not duplicate the config');
        return;
      }
    }
    toast.error('Could not find a free name for the copy; rename the earlier copies first');
  };

  const remove = async (): Promise<void> => {
    if (!saved) return;
    try {
      await apiDelete(`/api/voice/configs/${saved.id}`);
      forget('/api/voice/configs');
      toast.success(`Config "${saved.name}" deleted`);
      navigate(paths.configs, { force: true });
    } catch (error) {
      fail(error, 'Could not delete the config');
    }
  };

  return (
    <section className="screen config-editor-screen" aria-labelledby="config-title">
      <p className="breadcrumb">
        <Link to={paths.configs}>← Configs</Link>
      </p>
      <header className="screen-head">
        <div>
          <h1 id="config-title">{saved ? saved.name : 'New config'}</h1>
          {saved && (
            <p className="subtitle">
              <span className={`badge ${saved.isActive ? 'active-badge' : 'inactive-badge'}`}>{saved.isActive ? 'Active' : 'Inactive'}</span> Version{' '}
              {saved.version} · updated {formatDateTime(saved.updatedAt)}
            </p>
          )}
        </div>
        {saved && (
          <div className="screen-actions">
            <RehearseButton configId={saved.id} />
            <button type="button" onClick={() => void setActive(!saved.isActive)}>
              {saved.isActive ? 'Deactivate' : 'Activate'}
            </button>
            <button type="button" onClick={() => void duplicate()}>
              Duplicate
            </button>
            <button type="button" className="danger-outline" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          </div>
        )}
      </header>
      <OfflineCopyNote cachedAt={loaded.cachedAt} />
      {changedElsewhere && (
        <p className="offline-note changed-elsewhere" role="status">
          This config was changed elsewhere while you were editing (version {changedElsewhere.version}, updated {formatDateTime(changedElsewhere.updatedAt)}). Fields you had not
          touched show the new values; your edits are kept until you save or discard them.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft(draftFromConfig(saved ?? changedElsewhere));
              setChangedElsewhere(null);
            }}
          >
            Discard my edits
          </button>
        </p>
      )}
      <div className={saved ? 'editor-layout' : ''}>
        <ConfigEditor
          orgId={orgId}
          draft={draft}
          onChange={(next) => {
            setDraft(next);
            if (Object.keys(issuesFromServer).length > 0) setIssuesFromServer({});
          }}
          serverIssues={issuesFromServer}
          onSave={() => void save()}
          saving={saving}
          dirty={dirty}
          saveLabel={saved ? 'Save changes' : 'Create config'}
        />
        {saved && (
          <aside className="card version-panel" aria-labelledby="versions-title">
            <h3 id="versions-title">Version history</h3>
            <VersionHistory
              key={saved.version}
              configId={saved.id}
              currentVersion={saved.version}
              onRestore={(configJson, version) => {
                setDraft({ ...draft, configJson });
                toast.info(`Version ${version} loaded into the editor: save to make it the current version`);
              }}
            />
          </aside>
        )}
      </div>
      {confirmDelete && saved && (
        <ConfirmDialog
          title="Delete this config?"
          message="A config that sessions used cannot be deleted (deactivate it instead). This cannot be undone."
          confirmLabel="Delete config"
          danger
          onConfirm={remove}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </section>
  );
}
