import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/runtime/logger.js';
import { createProjectClient } from '../../server/sync/project-client.js';
import { pokeTopic, RealtimePokes } from '../../server/sync/realtime-pokes.js';
import { eventually } from '../support/eventually.js';
import { createSession } from '../support/fixtures.js';
import { signIn, startAppDesktop, syncNow, type AppDesktop } from '../support/sync-app.js';
import { localWrites, openDesktop, removeDesktop, type Desktop, type DesktopOptions } from '../support/sync-desktop.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';

// Pokes through the real supabase-js Realtime client (RealtimePokes, as the app runs it) against
// the stack's Realtime stand-in. The desktops' timers are an hour long and nothing calls syncNow
// on the receiving desktop: a row can only reach it through a poke or a rejoin.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);

let stack: SupabaseStack;
let alice: TestUser;
let bob: TestUser;
let orgId: string;
const desktops: Desktop[] = [];

const open = (user: TestUser, name: string, options: DesktopOptions = {}): Desktop => {
  const desktop = openDesktop(stack, user, name, options);
  desktops.push(desktop);
  return desktop;
};

async function synced(...list: Desktop[]): Promise<void> {
  for (const desktop of list) {
    const result = await desktop.engine.syncNow();
    if (!result.ok) throw new Error(`${desktop.name} sync failed: ${result.error}`);
  }
}

const hasSession = (desktop: Desktop, id: string): boolean => desktop.db.prepare('SELECT 1 FROM voice_sessions WHERE id = ?').get(id) !== undefined;

/** Both desktops synced once (so they know the org) and joined on its poke topic. */
async function twoWatchingDesktops(): Promise<[Desktop, Desktop]> {
  const a = open(alice, 'A', { realtime: true });
  const b = open(bob, 'B', { realtime: true });
  await synced(a, b);
  await eventually(() => (stack.realtime.joinedCount(pokeTopic(orgId)) === 2 ? true : undefined), 'both desktops on the poke topic');
  return [a, b];
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  alice = await stack.createUser('alice');
  bob = await stack.createUser('bob');
  orgId = await stack.createOrg('Acme', [
    { user: alice, role: 'org_owner' },
    { user: bob, role: 'org_user' },
  ]);
});

afterEach(async () => {
  await stack.realtime.online();
  while (desktops.length > 0) removeDesktop(desktops.pop() as Desktop);
  expect(unhandled).toEqual([]);
  unhandled.length = 0;
});

afterAll(async () => {
  await stack?.stop();
});

describe('Realtime pokes', () => {
  it('join one broadcast channel per org and stay quiet when Realtime is unreachable', async () => {
    const client = createProjectClient('http://127.0.0.1:9', 'anon-key-for-an-unreachable-project', fetch, async () => 'token');
    const pokes = new RealtimePokes(client, createLogger('error', () => undefined));
    const org = '11111111-1111-4111-8111-111111111111';
    pokes.watch([org], { onPoke: () => undefined, onReconnect: () => undefined });
    expect(client.getChannels().map((channel) => channel.topic)).toEqual([`realtime:${pokeTopic(org)}`]);
    pokes.poke([org]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    pokes.watch([], { onPoke: () => undefined, onReconnect: () => undefined });
    pokes.close();
    await client.removeAllChannels();
  });

  it('a change pushed by desktop A pokes desktop B, which pulls it', async () => {
    const [a, b] = await twoWatchingDesktops();
    const sessionId = localWrites.createSession(a.db, orgId, alice.id, 'Poked through Realtime');
    await synced(a);
    await eventually(() => (hasSession(b, sessionId) ? true : undefined), 'the poked pull on B');
    // The poke went over the wire as Realtime carries a supabase-js broadcast: a binary push in, a binary broadcast out.
    const frames = stack.realtime.wire.filter((frame) => frame.topic === `realtime:${pokeTopic(orgId)}` && frame.event === 'broadcast');
    expect(frames.some((frame) => frame.direction === 'in' && frame.kind === 'binary')).toBe(true);
    expect(frames.some((frame) => frame.direction === 'out' && frame.kind === 'binary')).toBe(true);
  });

  it('a desktop whose socket was dropped pulls when it has rejoined, catching a change nobody poked', async () => {
    const [, b] = await twoWatchingDesktops();
    // C pushes without Realtime: no poke reaches B.
    const c = open(alice, 'C');
    await synced(c);
    const sessionId = localWrites.createSession(c.db, orgId, alice.id, 'Unpoked');
    await synced(c);
    expect(hasSession(b, sessionId)).toBe(false);

    stack.realtime.dropAll();
    await eventually(() => (hasSession(b, sessionId) ? true : undefined), 'the pull after the rejoin');
  });

  it('a change made while Realtime was offline reaches the other desktop once Realtime is back', async () => {
    const [a, b] = await twoWatchingDesktops();
    await stack.realtime.offline();
    await eventually(() => (stack.realtime.joinedCount(pokeTopic(orgId)) === 0 ? true : undefined), 'the sockets cut');
    const sessionId = localWrites.createSession(a.db, orgId, alice.id, 'Made offline');
    // PostgREST is up: A's push succeeds, its poke has nowhere to go.
    await synced(a);
    expect(hasSession(b, sessionId)).toBe(false);

    await stack.realtime.online();
    await eventually(() => (hasSession(b, sessionId) ? true : undefined), 'the pull after Realtime came back', 30_000);
  });
});

describe('Realtime pokes between two running desktops', () => {
  it('a session created in one app reaches the other app through a poke, with no timer', async () => {
    // The app's own wiring: the signed-in account's supabase-js client, Realtime at the project URL.
    const env = { VOICE_SYNC_REALTIME: '1', VOICE_SYNC_TIMER_MS: '3600000' };
    const apps: AppDesktop[] = [];
    try {
      apps.push(await startAppDesktop(env), await startAppDesktop(env));
      const [one, two] = apps as [AppDesktop, AppDesktop];
      expect((await signIn(one.server, stack, alice)).status).toBe(200);
      expect((await signIn(two.server, stack, bob)).status).toBe(200);
      await syncNow(one.server);
      await syncNow(two.server);
      await eventually(() => (stack.realtime.joinedCount(pokeTopic(orgId)) === 2 ? true : undefined), 'both apps on the poke topic');

      const session = await createSession(one.server, orgId, { candidateName: 'Poked between apps' });
      await eventually(async () => {
        const reply = await two.server.call('GET', `/api/voice/sessions/${session.id}`);
        return reply.status === 200 ? true : undefined;
      }, 'the session on the other app');
    } finally {
      await Promise.all(apps.map((app) => app.stop()));
    }
  });
});
