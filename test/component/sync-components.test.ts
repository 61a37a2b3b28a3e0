// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParkedOp, SyncAccount } from '../../contracts/sync.js';
import { AccountSignIn } from '../../renderer/src/sync/AccountSignIn.js';
import { NeedsAttention } from '../../renderer/src/sync/NeedsAttention.js';
import { button, click, mount, settle, typeInto, type Mounted } from './dom-harness.js';

// The sync components (renderer/src/sync) against a fetch stub that answers like /api/sync/*.
let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.unstubAllGlobals();
});

type Route = (init: RequestInit | undefined) => { status: number; body: unknown };
function stubApi(routes: Record<string, Route>): { calls: { method: string; path: string; body: unknown }[] } {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const route = routes[`${method} ${path}`];
    const { status, body } = route ? route(init) : { status: 404, body: { success: false, error: { code: 'NOT_FOUND', message: 'no route' } } };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return { calls };
}

const signedOut: SyncAccount = { signedIn: false, projectUrl: null, user: null, sessionExpiresAt: null, sessionPersisted: false };

describe('Settings > Account', () => {
  it('signs in with the project URL, anon key, email and password', async () => {
    const account: SyncAccount = {
      signedIn: true,
      projectUrl: 'https://team.supabase.co',
      user: { id: 'u1', email: 'ada@example.com' },
      sessionExpiresAt: new Date().toISOString(),
      sessionPersisted: true,
    };
    const api = stubApi({
      'GET /api/sync/account': () => ({ status: 200, body: { success: true, data: signedOut } }),
      'POST /api/sync/account/sign-in': () => ({ status: 200, body: { success: true, data: account } }),
    });
    mounted = mount(AccountSignIn, {});
    await settle();
    const inputs = [...mounted.container.querySelectorAll('input')];
    const values = ['https://team.supabase.co', 'anon-key-0123456789abcdef', 'ada@example.com', 'correct horse'];
    inputs.forEach((input, index) => typeInto(input, values[index] as string));
    click(button(mounted.container, 'Sign in'));
    await settle();
    expect(api.calls.at(-1)).toEqual({
      method: 'POST',
      path: '/api/sync/account/sign-in',
      body: { projectUrl: 'https://team.supabase.co', anonKey: 'anon-key-0123456789abcdef', email: 'ada@example.com', password: 'correct horse' },
    });
    expect(mounted.container.textContent).toContain('Signed in as ada@example.com');
  });

  it('says plainly when the password is wrong', async () => {
    stubApi({
      'GET /api/sync/account': () => ({ status: 200, body: { success: true, data: signedOut } }),
      'POST /api/sync/account/sign-in': () => ({
        status: 400,
        body: { success: false, error: { code: 'VALIDATION_ERROR', message: 'Sign-in failed', details: { reason: 'INVALID_CREDENTIALS', issues: [] } } },
      }),
    });
    mounted = mount(AccountSignIn, {});
    await settle();
    const values = ['https://team.supabase.co', 'anon-key-0123456789abcdef', 'ada@example.com', 'wrong'];
    [...mounted.container.querySelectorAll('input')].forEach((input, index) => typeInto(input, values[index] as string));
    click(button(mounted.container, 'Sign in'));
    await settle();
    expect(mounted.container.querySelector('[role="alert"]')?.textContent).toBe('The email or password is wrong.');
  });
});

describe('Needs attention', () => {
  it('lists a parked change with both values and discards it on request', async () => {
    const parked: ParkedOp = {
      id: 7,
      opId: 'op-7',
      table: 'voice_configs',
      rowId: 'c1',
      orgId: 'o1',
      kind: 'update',
      fields: { name: 'Backend', updated_at: '2026-01-01T00:00:00.000Z' },
      serverRow: { name: 'Backend (old)' },
      sqlstate: '23505',
      reason: 'duplicate key value violates unique constraint "voice_configs_name_org_unique"',
      parkedAt: '2026-01-01T00:00:00.000Z',
    };
    let list = [parked];
    const api = stubApi({
      'GET /api/sync/attention': () => ({ status: 200, body: { success: true, data: list } }),
      'DELETE /api/sync/attention/7': () => {
        list = [];
        return { status: 200, body: { success: true, data: { id: 7, discarded: true } } };
      },
    });
    mounted = mount(NeedsAttention, {});
    await settle();
    const text = mounted.container.textContent ?? '';
    expect(text).toContain('Interview config change');
    expect(text).toContain('yours: Backend');
    expect(text).toContain('on the server: Backend (old)');
    expect(text).not.toContain('updated_at');
    click(button(mounted.container, "Discard (keep the server's version)"));
    await settle();
    expect(api.calls.some((call) => call.method === 'DELETE' && call.path === '/api/sync/attention/7')).toBe(true);
    expect(mounted.container.textContent).toBe('');
  });
});
