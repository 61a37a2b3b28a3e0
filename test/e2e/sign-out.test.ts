import { describe, expect, it } from 'vitest';
import { httpCall } from '../support/server-process.js';
import { consoleInChromium } from './console-in-chromium.js';

/** Signing out of the console in a browser: the sidebar's Sign out ends the cookie session for good. */
describe('sign out in Chromium', () => {
  const chromium = consoleInChromium();

  it('ends the session, leaves the sign-in notice, and the old cookie opens nothing', async () => {
    const server = chromium.server();
    const { context, page } = await chromium.signIn();
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
