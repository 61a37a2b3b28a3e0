// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { integrationSettings, type EffectiveIntegrationSettings } from '../../contracts/integrations.js';
import { remember } from '../../renderer/src/api/response-cache.js';
import { rebaseEdits } from '../../renderer/src/forms/rebase-edits.js';
import { IntegrationsPanel } from '../../renderer/src/settings/IntegrationsPanel.js';
import { mount, settle, typeInto, type Mounted } from './dom-harness.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.unstubAllGlobals();
});

const PATH = '/api/settings/integrations';

describe('rebaseEdits', () => {
  it('keeps each edited value, takes the rest from the newer copy, merges objects key by key in its order', () => {
    const before = { name: 'a', ecs: { region: 'eu-west-1', subnets: ['s1'] }, s3: { bucket: '', region: '' } };
    const mine = { name: 'a', ecs: { subnets: ['s1', 's2'], region: 'eu-west-1' }, s3: { bucket: 'mine', region: '' } };
    const after = { s3: { region: 'us-east-1', bucket: '' }, ecs: { region: 'eu-central-1', subnets: ['s9'] }, name: 'b' };
    const rebased = rebaseEdits(mine, before, after);
    expect(rebased.edited).toBe(true);
    expect(rebased.value).toEqual({ s3: { region: 'us-east-1', bucket: 'mine' }, ecs: { region: 'eu-central-1', subnets: ['s1', 's2'] }, name: 'b' });
    expect(JSON.stringify(rebased.value)).toBe('{"s3":{"region":"us-east-1","bucket":"mine"},"ecs":{"region":"eu-central-1","subnets":["s1","s2"]},"name":"b"}');
    expect(rebaseEdits(before, before, after)).toEqual({ value: after, edited: false });
  });
});

describe('Settings > Integrations when the fresh reply arrives', () => {
  it('keeps the bucket an admin typed after the remembered reply was shown', async () => {
    const stored: EffectiveIntegrationSettings = { settings: integrationSettings.parse({ s3: { bucket: '', region: 'eu-west-1' } }), fromEnvironment: [] };
    let answer: (reply: EffectiveIntegrationSettings) => void = () => undefined;
    const fresh = new Promise<EffectiveIntegrationSettings>((resolve) => (answer = resolve));
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ success: true, data: await fresh }), { status: 200, headers: { 'content-type': 'application/json' } }));
    remember(PATH, { data: stored, savedAt: Date.now() });
    mounted = mount(IntegrationsPanel, {});
    await settle();
    const bucket = (): HTMLInputElement | undefined =>
      [...(mounted?.container.querySelectorAll('label.field') ?? [])].find((label) => label.textContent?.startsWith('Bucket'))?.querySelector('input') ?? undefined;
    typeInto(bucket() ?? null, 'acme-transcripts');
    answer({ settings: { ...stored.settings, s3: { bucket: '', region: 'eu-central-1' } }, fromEnvironment: [] });
    await settle();
    await settle();
    expect(bucket()?.value).toBe('acme-transcripts');
    const region = [...(mounted.container.querySelectorAll('label.field') ?? [])].filter((label) => label.textContent?.startsWith('Region')).map((label) => label.querySelector('input')?.value);
    expect(region).toContain('eu-central-1');
  });
});
