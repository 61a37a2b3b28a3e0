import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { Me } from '../../contracts/identity.js';
import type { SyncAccount } from '../../contracts/sync.js';
import { keychainEntry, removeDataDir, signIn, startAppDesktop, syncEnv, syncNow, waitUntil, type AppDesktop } from '../support/sync-app.js';
import { startServerProcess } from '../support/server-process.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';

// Settings > Account against the GoTrue fake (Supabase Auth cannot run here): it answers the
// endpoints supabase-js calls with real JWTs that PostgREST verifies.
let stack: SupabaseStack;
let desktop: AppDesktop;
let alice: TestUser;
let orgId: string;

const me = async (): Promise<Me> => (await desktop.server.call<ApiSuccess<Me>>('GET', '/api/me')).json.data;

beforeAll(async () => {
  stack = await startSupabaseStack();
  alice = await stack.createUser('alice');
  orgId = await stack.createOrg('Acme Recruiting', [{ user: alice, role: 'org_admin' }]);
  desktop = await startAppDesktop();
});

afterAll(async () => {
  await desktop?.stop();
  await stack?.stop();
});

describe('sign-in to a Supabase project', () => {
  it('refuses a wrong password and stays local', async () => {
    const reply = await signIn(desktop.server, stack, alice, 'not-the-password');
    expect(reply.status).toBe(400);
    const error = (reply.json as unknown as ApiError).error;
    expect(error.details?.reason).toBe('INVALID_CREDENTIALS');
    expect((await me()).mode).toBe('local');
    expect(keychainEntry(desktop.keychain)).toBeNull();
  });

  it('signs in, keeps the session in the OS keychain, and reports mode "supabase" with the org', async () => {
    const localOrg = (await me()).orgs[0];
    const reply = await signIn(desktop.server, stack, alice);
    expect(reply.status).toBe(200);
    expect(reply.json.data).toMatchObject({ signedIn: true, sessionPersisted: true, projectUrl: stack.url, user: { id: alice.id, email: alice.email } });
    const identity = await me();
    expect(identity).toMatchObject({ mode: 'supabase', user: { id: alice.id, email: alice.email } });
    expect(identity.orgs).toEqual([{ id: orgId, name: 'Acme Recruiting', role: 'org_admin' }]);
    expect(identity.orgs.map((org) => org.id)).not.toContain(localOrg?.id);
    const stored = JSON.parse(keychainEntry(desktop.keychain) ?? 'null') as { user: { id: string }; refreshToken: string } | null;
    expect(stored?.user.id).toBe(alice.id);
    // The session lives in the keychain only: not in the database file.
    const account = await desktop.server.call<ApiSuccess<SyncAccount>>('GET', '/api/sync/account');
    expect(JSON.stringify(account.json)).not.toContain(stored?.refreshToken);
  });

  it('resumes the kept session after a restart, without the password', async () => {
    await desktop.restart();
    expect((await me()).mode).toBe('supabase');
    const status = await syncNow(desktop.server);
    expect(status.state).toBe('idle');
    expect(status.lastSyncedAt).not.toBeNull();
  });

  it('refreshes the session before it expires and keeps the new one in the keychain', async () => {
    await desktop.server.call('POST', '/api/sync/account/sign-out');
    stack.gotrue.accessTokenTtl = 4;
    expect((await signIn(desktop.server, stack, alice)).status).toBe(200);
    const first = keychainEntry(desktop.keychain);
    const refreshesBefore = stack.gotrue.calls.filter((call) => call.grant === 'refresh_token').length;
    await waitUntil(
      () => stack.gotrue.calls.filter((call) => call.grant === 'refresh_token').length > refreshesBefore,
      'a refresh before expiry',
      8000,
    );
    await waitUntil(() => keychainEntry(desktop.keychain) !== first, 'the refreshed session in the keychain', 5000);
    stack.gotrue.accessTokenTtl = 3600;
    expect((await syncNow(desktop.server)).state).toBe('idle');
  });

  it('without a keychain, the session works until the app quits (and says so)', async () => {
    const bare = await startServerProcess({ env: { ...syncEnv, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', HOME: desktop.keychain.home } });
    try {
      const reply = await signIn(bare, stack, alice);
      expect(reply.status).toBe(200);
      expect(reply.json.data).toMatchObject({ signedIn: true, sessionPersisted: false });
      expect((await bare.call<ApiSuccess<Me>>('GET', '/api/me')).json.data.mode).toBe('supabase');
    } finally {
      await bare.stop();
      removeDataDir(bare.dataDir);
    }
  });

  it('signs out: the keychain entry is gone, the identity is local again, local data still works', async () => {
    const reply = await desktop.server.call<ApiSuccess<SyncAccount>>('POST', '/api/sync/account/sign-out');
    expect(reply.json.data).toMatchObject({ signedIn: false, user: null });
    expect(keychainEntry(desktop.keychain)).toBeNull();
    const identity = await me();
    expect(identity.mode).toBe('local');
    const localOrg = identity.orgs[0]?.id as string;
    const created = await desktop.server.call('POST', '/api/voice/sessions', {
      body: { orgId: localOrg, interviewType: 'technical', candidateName: 'Offline Olga' },
    });
    expect(created.status).toBe(201);
    expect((await desktop.server.call<ApiSuccess<{ state: string }>>('GET', '/api/sync/status')).json.data.state).toBe('signed_out');
    await desktop.restart();
    expect((await me()).mode).toBe('local');
  });
});
