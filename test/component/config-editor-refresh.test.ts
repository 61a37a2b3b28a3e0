// @vitest-environment jsdom
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigJson } from '../../contracts/config-json.js';
import type { VoiceConfig } from '../../contracts/config.js';
import { remember } from '../../renderer/src/api/response-cache.js';
import { MeContext } from '../../renderer/src/app/me-context.js';
import { newConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { ConfigEditorScreen } from '../../renderer/src/configs/ConfigEditorScreen.js';
import { ownerAccount } from './accounts.js';
import { button, click, mount, settle, typeInto, type Mounted } from './dom-harness.js';

// The editor shows a config seen earlier at once and the fresh reply when it comes. What the author
// typed in between must survive that reply (it once wiped the form, and Save went grey).
const ORG = '3a7d1c9e-2b4f-4e6a-8c1d-5e9f7a3b2c1d';
const account = ownerAccount(ORG);

function config(changes: Partial<VoiceConfig> = {}, json: Partial<ConfigJson> = {}): VoiceConfig {
  const base = newConfigDraft().configJson;
  return {
    id: changes.id ?? crypto.randomUUID(),
    orgId: ORG,
    name: 'Platform engineer',
    interviewType: 'technical',
    description: null,
    configJson: { ...base, ...json },
    isActive: true,
    version: 1,
    createdAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    createdBy: 'u1',
    updatedBy: null,
    ...changes,
  };
}

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.unstubAllGlobals();
});

const json = (data: unknown): Response => new Response(JSON.stringify({ success: true, data }), { status: 200, headers: { 'content-type': 'application/json' } });

/** Mounts the editor on a config remembered from earlier, holding its fresh reply until `answer`. */
async function openRemembered(
  remembered: VoiceConfig,
  onPut: (body: Record<string, unknown>) => VoiceConfig = () => remembered,
): Promise<{ container: HTMLElement; answer(fresh: VoiceConfig): Promise<void> }> {
  let answer: (fresh: VoiceConfig) => void = () => undefined;
  const fresh = new Promise<VoiceConfig>((resolve) => (answer = resolve));
  vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
    if (init?.method === 'PUT') return json(onPut(JSON.parse(String(init.body)) as Record<string, unknown>));
    if (path === `/api/voice/configs/${remembered.id}`) return json(await fresh);
    return json([]);
  });
  remember(`/api/voice/configs/${remembered.id}`, { data: remembered, savedAt: Date.now() });
  mounted = mount(() => createElement(MeContext.Provider, { value: account }, createElement(ConfigEditorScreen, { id: remembered.id })), {});
  await settle();
  return {
    container: mounted.container,
    answer: async (reply) => {
      answer(reply);
      await settle();
      await settle();
    },
  };
}

const temperature = (container: HTMLElement): HTMLInputElement | null => container.querySelector('#field-configJson-llm-temperature');
const notice = (container: HTMLElement): string | null => container.querySelector('.changed-elsewhere')?.textContent ?? null;

describe('the config editor when the fresh copy arrives', () => {
  it('keeps what the author typed when the fresh copy is the same config', async () => {
    const saved = config();
    const { container, answer } = await openRemembered(saved);
    typeInto(temperature(container), '0.3');
    expect(button(container, 'Save changes')?.disabled).toBe(false);
    await answer(structuredClone(saved));
    expect(temperature(container)?.value).toBe('0.3');
    expect(button(container, 'Save changes')?.disabled).toBe(false);
    expect(notice(container)).toBeNull();
  });

  it('keeps the edit, takes the untouched fields from a copy changed elsewhere, says so, and can discard the edit', async () => {
    const saved = config();
    const { container, answer } = await openRemembered(saved);
    typeInto(temperature(container), '0.3');
    const changed = config(
      { id: saved.id, version: 2, updatedAt: '2026-12-03T10:00:00.000Z', name: 'Platform engineer II' },
      { llm: { ...saved.configJson.llm, model: 'gpt-4.1' } },
    );
    await answer(changed);
    expect(temperature(container)?.value).toBe('0.3');
    expect((container.querySelector('#field-name') as HTMLInputElement | null)?.value).toBe('Platform engineer II');
    expect(notice(container)).toMatch(/changed elsewhere while you were editing \(version 2, updated/);
    click(button(container, 'Discard my edits'));
    await settle();
    expect(temperature(container)?.value).toBe(String(saved.configJson.llm.temperature));
    expect(notice(container)).toBeNull();
    expect(button(container, 'Save changes')?.disabled).toBe(true);
  });

  it('shows a newer copy as it is when nothing was typed', async () => {
    const saved = config();
    const { container, answer } = await openRemembered(saved);
    await answer(config({ id: saved.id, version: 2, updatedAt: '2026-12-03T10:00:00.000Z', name: 'Renamed elsewhere' }));
    expect((container.querySelector('#field-name') as HTMLInputElement | null)?.value).toBe('Renamed elsewhere');
    expect(notice(container)).toBeNull();
    expect(button(container, 'Save changes')?.disabled).toBe(true);
  });

  it('keeps the edit through its own Deactivate, without calling that a change made elsewhere', async () => {
    const saved = config();
    const puts: Record<string, unknown>[] = [];
    const { container, answer } = await openRemembered(saved, (body) => {
      puts.push(body);
      return { ...saved, isActive: false, updatedAt: '2026-12-03T11:00:00.000Z' };
    });
    await answer(structuredClone(saved));
    typeInto(temperature(container), '0.3');
    click(button(container, 'Deactivate'));
    await settle();
    await settle();
    expect(puts).toEqual([{ isActive: false }]);
    expect(button(container, 'Activate')).not.toBeNull();
    expect(temperature(container)?.value).toBe('0.3');
    expect(notice(container)).toBeNull();
    expect(button(container, 'Save changes')?.disabled).toBe(false);
  });
});
