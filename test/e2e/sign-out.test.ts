import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestChromium } from '../support/chromium.js';
import { httpCall, removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** Signing out of the console in a browser: the sidebar's Sign out ends the cookie session for good. */
describe('sign out in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchTestChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  it('ends the session, leaves the sign-in notice, and the old cookie opens nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(await server.signInLink());
    await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'voice_console');
    expect(cookie?.httpOnly).toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign-in link needed' }).waitFor();
    expect((await context.cookies()).some((candidate) => candidate.name === 'voice_console')).toBe(false);
    const replay = await httpCall(server.url, 'GET', '/api/me', { headers: { cookie: `voice_console=${cookie?.value ?? ''}` } });
    expect(replay.status).toBe(401);
    await context.close();
  });
});
