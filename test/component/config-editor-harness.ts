import { createElement, useState } from 'react';
import type { ConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { ConfigEditor } from '../../renderer/src/configs/ConfigEditor.js';
import { mount, type Mounted } from './dom-harness.js';

export const EDITOR_ORG = '6f1c1a55-8a34-4f5e-9a55-6a1e2f3b4c5d';

export interface MountedEditor extends Mounted {
  /** The draft as the editor last changed it. */
  latest(): ConfigDraft;
  /** Every draft the editor's save button handed over. */
  saves: ConfigDraft[];
}

/** The config editor with its draft kept in React state, as the editor screen keeps it. */
export function mountConfigEditor(initial: ConfigDraft): MountedEditor {
  let current = initial;
  const saves: ConfigDraft[] = [];
  function Harness() {
    const [draft, setDraft] = useState(initial);
    current = draft;
    return createElement(ConfigEditor, { orgId: EDITOR_ORG, draft, onChange: setDraft, onSave: () => saves.push(draft), saving: false, dirty: true, saveLabel: 'Create config' });
  }
  const mounted = mount(Harness, {});
  return { ...mounted, latest: () => current, saves };
}
