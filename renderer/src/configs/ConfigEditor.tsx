import { useMemo, useState } from 'react';
import type { FieldIssues } from '../validation/field-issues.js';
import { validateDraft, type ConfigDraft } from './config-draft.js';
import { ConfigEditorForm } from './ConfigEditorForm.js';
import { RawJsonEditor } from './RawJsonEditor.js';

interface Props {
  orgId: string;
  draft: ConfigDraft;
  onChange(draft: ConfigDraft): void;
  /** Issues the server reported on the last save, by field path. */
  serverIssues?: FieldIssues;
  onSave(): void;
  saving: boolean;
  dirty: boolean;
  saveLabel: string;
}

/**
 * The config editor: a form and a raw JSON view over one draft, both validated live by the shared
 * schema. Saving is possible only when the draft is valid and changed.
 */
export function ConfigEditor({ orgId, draft, onChange, serverIssues = {}, onSave, saving, dirty, saveLabel }: Props) {
  const [view, setView] = useState<'form' | 'json'>('form');
  const [jsonValid, setJsonValid] = useState(true);
  const issues = useMemo(() => ({ ...serverIssues, ...validateDraft(orgId, draft) }), [orgId, draft, serverIssues]);
  const count = Object.keys(issues).length;
  const blocked = count > 0 || (view === 'json' && !jsonValid);

  return (
    <div className="config-editor">
      <div className="editor-bar">
        <div className="segmented" role="group" aria-label="Editor view">
          <button type="button" aria-pressed={view === 'form'} disabled={view === 'json' && !jsonValid} title={view === 'json' && !jsonValid ? 'Fix the JSON first' : undefined} onClick={() => setView('form')}>
            Form
          </button>
          <button
            type="button"
            aria-pressed={view === 'json'}
            onClick={() => {
              setJsonValid(true);
              setView('json');
            }}
          >
            JSON
          </button>
        </div>
        <p className={`validity ${blocked ? 'bad' : 'ok'}`} role="status" data-testid="config-validity">
          {view === 'json' && !jsonValid ? 'The JSON has problems' : count === 0 ? 'Valid' : `${count} problem${count === 1 ? '' : 's'} to fix`}
        </p>
        <button type="button" className="primary" disabled={blocked || saving || !dirty} onClick={onSave}>
          {saving ? 'Saving…' : saveLabel}
        </button>
      </div>
      {view === 'form' ? (
        <ConfigEditorForm draft={draft} issues={issues} onChange={onChange} />
      ) : (
        <RawJsonEditor value={draft.configJson} onValid={(configJson) => onChange({ ...draft, configJson })} onValidityChange={setJsonValid} />
      )}
      {view === 'json' && count > 0 && jsonValid && (
        <ul className="problems" role="alert">
          {Object.entries(issues).map(([path, message]) => (
            <li key={path}>
              {path}: {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
