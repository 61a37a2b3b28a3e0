import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCall, removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The console's sign-in link carries a single-use code (never the API token); the cookie session
 * it opens ends when signed out. Expiry (2 min codes, 12 h idle, 7 days at most) and pruning are
 * judged with a hand-moved clock in test/unit/console-sessions.test.ts.
 */
describe('console sign-in link and sessions', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess();
  });

  afterAll(async () => {
    if (!server) return;
    await server.stop();
    removeDataDir(server.dataDir);
  });

  const pathOf = (link: string): string => {
    const url = new URL(link);
    return url.pathname + url.search;
  };

  it('the link works once and never carries the API token; the API token is not a link', async () => {
    const link = await server.signInLink();
    expect(link).toMatch(new RegExp(`^${server.url}/\\?code=[\\w-]{20,}$`));
    expect(link).not.toContain(server.token);

    const first = await httpCall(server.url, 'GET', pathOf(link));
    expect(first.status).toBe(303);
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Max-Age=604800/);
    const second = await httpCall(server.url, 'GET', pathOf(link));
    expect(second.status).toBe(401);
    expect(second.text).toContain('expired');
    expect(second.headers['set-cookie']).toBeUndefined();

    const withToken = await httpCall(server.url, 'GET', `/?token=${encodeURIComponent(server.token)}`);
    expect(withToken.status).toBe(401);
    expect(withToken.headers['set-cookie']).toBeUndefined();
    const tokenAsCode = await httpCall(server.url, 'GET', `/?code=${encodeURIComponent(server.token)}`);
    expect(tokenAsCode.status).toBe(401);
  });

  it('only the API token may ask for a link', async () => {
    const anonymous = await httpCall(server.url, 'POST', '/api/console/sign-in-link');
    expect(anonymous.status).toBe(401);
    const signedIn = await httpCall(server.url, 'GET', pathOf(await server.signInLink()));
    const pair = (signedIn.headers['set-cookie']?.[0] ?? '').split(';')[0] as string;
    const byCookie = await httpCall(server.url, 'POST', '/api/console/sign-in-link', { headers: { cookie: pair } });
    expect(byCookie.status).toBe(403);
  });

  it('signing out ends the cookie session and clears the cookie', async () => {
    const signedIn = await httpCall(server.url, 'GET', pathOf(await server.signInLink()));
    const pair = (signedIn.headers['set-cookie']?.[0] ?? '').split(';')[0] as string;
    expect((await httpCall(server.url, 'GET', '/api/me', { headers: { cookie: pair } })).status).toBe(200);

    const out = await httpCall(server.url, 'POST', '/api/console/sign-out', { headers: { cookie: pair } });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']?.[0]).toMatch(/^voice_console=; .*Max-Age=0/);
    expect((await httpCall(server.url, 'GET', '/api/me', { headers: { cookie: pair } })).status).toBe(401);
    expect((await httpCall(server.url, 'GET', '/', { headers: { cookie: pair } })).status).toBe(401);
  });
});
