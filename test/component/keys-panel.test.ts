// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CredentialCheck, CredentialValidation, VoiceCredential } from '../../contracts/credentials.js';
import { KeysPanel } from '../../renderer/src/settings/KeysPanel.js';
import { button, click, mount, settle, type Mounted } from './dom-harness.js';

// Settings > Keys shows a failed check on the key's row (what the server keeps), until it is fixed.
const ORG = '7c6b5a49-3827-4160-9f8e-7d6c5b4a3928';
let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.unstubAllGlobals();
});

function credential(service: VoiceCredential['serviceName'], lastCheck: CredentialCheck | null, lastValidatedAt: string | null = null): VoiceCredential {
  const now = '2026-05-01T10:00:00.000Z';
  return { id: `id-${service}`, orgId: ORG, serviceName: service, configMetadata: {}, isActive: true, lastValidatedAt, lastCheck, createdAt: now, updatedAt: now, createdBy: 'u1', updatedBy: null };
}

/** The list endpoint answers what the server holds now; validating changes it, as the server does. */
function stubServer(initial: VoiceCredential[], afterValidate: Record<string, { list: VoiceCredential; reply: CredentialValidation }>): void {
  let keys = initial;
  vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    let body: unknown = { success: false, error: { code: 'NOT_FOUND', message: 'no route' } };
    if (method === 'GET' && path.startsWith('/api/voice/credentials?')) body = { success: true, data: keys };
    const validate = /^\/api\/voice\/credentials\/([^/]+)\/validate$/.exec(path);
    const outcome = validate ? afterValidate[validate[1] ?? ''] : undefined;
    if (method === 'POST' && outcome) {
      keys = keys.map((key) => (key.id === outcome.list.id ? outcome.list : key));
      body = { success: true, data: outcome.reply };
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
}

const row = (container: HTMLElement, service: string): HTMLElement => {
  const found = container.querySelector<HTMLElement>(`[data-testid="key-${service}"]`);
  if (!found) throw new Error(`no row for ${service}`);
  return found;
};

describe('Settings > Keys', () => {
  it('shows a rejected key and a key missing from the keychain as such, with the reason, not as "Configured"', async () => {
    const rejected: CredentialCheck = { ok: false, checkedAt: '2026-05-01T11:00:00.000Z', problem: 'rejected', error: 'Deepgram rejected the key (401 Invalid credentials.)' };
    const missing: CredentialCheck = { ok: false, checkedAt: '2026-05-01T11:00:00.000Z', problem: 'missing', error: 'The key is missing from the OS keychain; add it again' };
    stubServer([credential('deepgram', rejected), credential('openai', missing), credential('daily', null)], {});
    mounted = mount(KeysPanel, { orgId: ORG });
    await settle();
    const deepgram = row(mounted.container, 'deepgram').textContent ?? '';
    expect(deepgram).toContain('Rejected');
    expect(deepgram).toContain('Deepgram rejected the key (401 Invalid credentials.)');
    expect(deepgram).not.toContain('Configured');
    const openai = row(mounted.container, 'openai').textContent ?? '';
    expect(openai).toContain('Missing from keychain');
    expect(openai).not.toContain('Configured');
    expect(row(mounted.container, 'daily').textContent).toContain('Configured');
    expect(row(mounted.container, 'cartesia').textContent).toContain('Not configured');
  });

  it('a failed Validate marks the row at once; a passing one clears it', async () => {
    const failed: CredentialCheck = { ok: false, checkedAt: '2026-05-01T12:00:00.000Z', problem: 'rejected', error: 'Daily rejected the key (401 authentication-error)' };
    const passed: CredentialCheck = { ok: true, checkedAt: '2026-05-01T12:05:00.000Z', problem: null, error: null };
    stubServer([credential('daily', null)], {
      'id-daily': { list: credential('daily', failed), reply: { valid: false, lastValidatedAt: null, error: failed.error ?? '', problem: 'rejected' } },
    });
    mounted = mount(KeysPanel, { orgId: ORG });
    await settle();
    click(button(row(mounted.container, 'daily'), 'Validate'));
    await settle();
    await settle();
    expect(row(mounted.container, 'daily').textContent).toContain('Rejected');
    expect(row(mounted.container, 'daily').textContent).toContain('Daily rejected the key (401 authentication-error)');

    stubServer([credential('daily', failed)], {
      'id-daily': { list: credential('daily', passed, passed.checkedAt), reply: { valid: true, lastValidatedAt: passed.checkedAt } },
    });
    click(button(row(mounted.container, 'daily'), 'Validate'));
    await settle();
    await settle();
    expect(row(mounted.container, 'daily').textContent).not.toContain('Rejected');
    expect(row(mounted.container, 'daily').textContent).toContain('Valid');
  });
});
