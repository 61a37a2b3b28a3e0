// @vitest-environment jsdom
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VoiceConfig } from '../../contracts/config.js';
import { newConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { MeContext } from '../../renderer/src/app/me-context.js';
import { NewSessionDialog } from '../../renderer/src/sessions/NewSessionDialog.js';
import { useFilterOptions } from '../../renderer/src/sessions/use-filter-options.js';
import { ownerAccount } from './accounts.js';
import { mount, settle, type Mounted } from './dom-harness.js';

// Offline, the New session dialog offers the configs the filter bar shows from the same saved reply.
const ORG = '0b7f3a1e-4c2d-4e8f-9a6b-1c2d3e4f5a6b';
// The response cache lives for the whole file: the second case uses an org nothing was saved for.
const OTHER_ORG = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';

function config(name: string, isActive: boolean): VoiceConfig {
  const now = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    orgId: ORG,
    name,
    interviewType: 'technical',
    description: null,
    configJson: newConfigDraft().configJson,
    isActive,
    version: 3,
    createdAt: now,
    updatedAt: now,
    createdBy: 'u1',
    updatedBy: null,
  };
}

const configs = [config('Platform engineer', true), config('Retired screen', false)];
let mounted: Mounted[] = [];
afterEach(() => {
  for (const item of mounted) item.unmount();
  mounted = [];
  vi.unstubAllGlobals();
});

function FilterBarOptions() {
  const options = useFilterOptions(ORG);
  return createElement('ul', { id: 'filter-configs' }, options.configs.map((item) => createElement('li', { key: item.id }, item.name)));
}

function Dialog({ orgId }: { orgId: string }) {
  return createElement(MeContext.Provider, { value: ownerAccount(orgId) }, createElement(NewSessionDialog, { onClose: () => undefined, onCreated: () => undefined }));
}

describe('New session while offline', () => {
  it('lists the active configs the filter bar shows from the cache', async () => {
    let online = true;
    vi.stubGlobal('fetch', async (path: string) => {
      if (!online) throw new TypeError('Failed to fetch');
      const body = path.startsWith('/api/voice/configs') ? { success: true, data: configs } : { success: true, data: { byInterviewType: [] } };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    mounted.push(mount(FilterBarOptions, {}));
    await settle();
    expect(document.querySelector('#filter-configs')?.textContent).toContain('Platform engineer');

    online = false;
    const dialog = mount(Dialog, { orgId: ORG });
    mounted.push(dialog);
    await settle();
    const options = [...dialog.container.querySelectorAll('select[name="configId"] option')].map((option) => option.textContent);
    expect(options).toContain('Platform engineer · technical · v3');
    expect(options.some((text) => text?.includes('Retired screen'))).toBe(false);
    expect(dialog.container.textContent).not.toContain('No active configs');
  });

  it('with nothing saved, says the configs could not be loaded rather than that there are none', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const dialog = mount(Dialog, { orgId: OTHER_ORG });
    mounted.push(dialog);
    await settle();
    expect(dialog.container.textContent).toContain('The configs could not be loaded');
    expect(dialog.container.textContent).not.toContain('No active configs');
  });
});
