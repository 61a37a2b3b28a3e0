import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import type { VoiceSession } from '../../contracts/session.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { DailyTransport } from '../../bot/transports/daily-transport.js';
import { ChromiumPageHost, ExternalPageHost } from '../../bot/transports/media-page-host.js';
import { CHROMIUM_PATH, launchTestChromium } from '../support/chromium.js';
import { startBotProcess } from '../bot/support/bot-process.js';
import { startFakeProviders, type FakeProviders } from '../bot/support/fake-providers.js';
import { readySessionForBot } from '../bot/support/live-session.js';
import { myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The Daily side of the bot. daily-js loads its call machine from Daily's CDN when it joins; here
 * the CDN is intercepted, so nothing leaves the machine and no call is ever pretended: the stand-in
 * bundle only records what daily-js hands the call machine (the join options) and never answers.
 */
const CALL_MACHINE = /call-machine-object-bundle\.js/;
const join = { url: 'https://acme.daily.co/interview-7f3a', token: 'bot-meeting-token', userName: 'Ada' };

/** A stand-in call machine: reports every message daily-js sends it to the test, answers nothing. */
const standInBundle = `window.addEventListener('message', (event) => {
  const data = event.data;
  if (data && data.what === 'iframe-call-message' && data.action) {
    fetch('https://c.daily.co/__stand-in__/report', { method: 'POST', body: JSON.stringify({ action: data.action, properties: data.properties }) });
  }
});`;

function intercept(onRequest: (route: Route) => Promise<void>): (page: Page) => Promise<void> {
  return async (page) => {
    // Everything that is not the bot's own loopback page is intercepted.
    await page.route((url) => url.hostname !== '127.0.0.1', onRequest);
  };
}

function chromiumHost(preparePage: (page: Page) => Promise<void>): ChromiumPageHost {
  return new ChromiumPageHost({ executablePath: CHROMIUM_PATH, logger: silentLogger, preparePage });
}

describe('the Daily page', () => {
  it('joins with the bot token, its bridge track as the microphone and no video; never reports a join it did not get', async () => {
    const cdnRequests: string[] = [];
    const reports: { action: string; properties?: Record<string, unknown> }[] = [];
    const transport = new DailyTransport({
      logger: silentLogger,
      pageHost: chromiumHost(intercept(async (route) => {
        const request = route.request();
        if (request.url().includes('/__stand-in__/report')) {
          reports.push(JSON.parse(request.postData() ?? '{}') as { action: string; properties?: Record<string, unknown> });
          await route.fulfill({ status: 204 });
        } else if (CALL_MACHINE.test(request.url())) {
          cdnRequests.push(request.url());
          await route.fulfill({ status: 200, contentType: 'text/javascript', body: standInBundle });
        } else {
          cdnRequests.push(request.url());
          await route.abort('internetdisconnected');
        }
      })),
      join,
      joinTimeoutMs: 4000,
    });
    const presence: boolean[] = [];
    transport.presence.add((present) => presence.push(present));
    try {
      await expect(transport.start()).rejects.toThrow(/joining the Daily room took longer than 4000 ms/);
    } finally {
      await transport.stop();
    }
    expect(cdnRequests).toEqual([expect.stringMatching(/^https:\/\/c\.daily\.co\/call-machine\/versioned\/[\d.]+\/static\/call-machine-object-bundle\.js$/)]);
    const joinMeeting = reports.find((report) => report.action === 'join-meeting');
    expect(joinMeeting?.properties).toMatchObject({
      url: join.url,
      token: join.token,
      userName: 'Ada',
      // The bridge's player is the bot's microphone: a custom track, and no camera.
      audioSource: 'daily-custom-track',
      videoSource: false,
      startVideoOff: true,
      subscribeToTracksAutomatically: true,
    });
    expect(transport.candidatePresent).toBe(false);
    expect(presence).toEqual([]);
  });

  it('can be shown by the desktop instead (a hidden window): the bot asks for the page and the host loads it', async () => {
    const requests: ({ event: 'open-page'; url: string } | { event: 'close-page' })[] = [];
    const transport = new DailyTransport({ logger: silentLogger, pageHost: new ExternalPageHost((event) => requests.push(event)), join, joinTimeoutMs: 6000 });
    // Stands in for Electron's hidden window: any browser that loads the URL it is given.
    const browser = await launchTestChromium();
    const reports: string[] = [];
    try {
      const starting = transport.start();
      await waitUntil(() => requests.length > 0);
      const page = await browser.newPage();
      await intercept(async (route) => {
        if (route.request().url().includes('/__stand-in__/report')) {
          reports.push(JSON.parse(route.request().postData() ?? '{}').action as string);
          await route.fulfill({ status: 204 });
        } else await route.fulfill({ status: 200, contentType: 'text/javascript', body: standInBundle });
      })(page);
      const opened = requests[0];
      expect(opened?.event === 'open-page' && /^http:\/\/127\.0\.0\.1:\d+\/daily#key=/.test(opened.url)).toBe(true);
      await page.goto(opened?.event === 'open-page' ? opened.url : 'about:blank');
      await expect(starting).rejects.toThrow(/took longer than 6000 ms/);
      expect(reports).toContain('join-meeting');
    } finally {
      await transport.stop();
      await browser.close();
    }
    expect(requests.at(-1)).toEqual({ event: 'close-page' });
  });

  it('fails the start when the call machine cannot be loaded', async () => {
    const transport = new DailyTransport({
      logger: silentLogger,
      pageHost: chromiumHost(intercept((route) => route.fulfill({ status: 404, body: 'not here' }))),
      join,
      joinTimeoutMs: 20_000,
    });
    try {
      await expect(transport.start()).rejects.toThrow(/Failed to load call object bundle/);
    } finally {
      await transport.stop();
    }
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the container entry, run as a plain Node process', () => {
  let server: ServerProcess;
  let fakes: FakeProviders;
  beforeAll(async () => {
    [server, fakes] = await Promise.all([startServerProcess(), startFakeProviders()]);
  });
  afterAll(async () => {
    await fakes.stop();
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it("reads the seed's environment, tries the room, and reports the session cancelled when it cannot join", async () => {
    const orgId = await myOrgId(server);
    const { session, botEnv } = await readySessionForBot(server, orgId);
    const config: ConfigJsonInput = { bot_name: 'Ada', system_prompt: 'Interview well.' };
    const bot = startBotProcess(
      {
        ...fakes.env,
        ...botEnv,
        DAILY_ROOM_URL: join.url,
        DAILY_ROOM_TOKEN: join.token,
        // Offline by construction: every name but loopback fails to resolve inside the bot's browser.
        CHROMIUM_EXTRA_ARGS: '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
        BOT_JOIN_TIMEOUT_SECONDS: '20',
      },
      config,
    );
    const code = await bot.exited;
    expect(code, bot.stderr().slice(-4000)).toBe(1);
    expect(bot.events.find((event) => event.event === 'ended')).toMatchObject({ reason: 'transport failed', status: 'cancelled' });
    const stored = await server.call<ApiSuccess<VoiceSession & { statusHistory: { to: string; reason: string | null }[] }>>('GET', `/api/voice/sessions/${session.id}`);
    expect(stored.json.data.status).toBe('cancelled');
    expect(stored.json.data.statusHistory.at(-1)?.reason, bot.stderr().slice(-4000)).toMatch(/^the bot could not join: (Daily: Failed to load call object bundle|joining the Daily room took longer than 20000 ms)/);
    expect(bot.stderr()).toContain('"message":"bot starting","sessionId":"' + session.id);
    expect(bot.stderr()).not.toContain(join.token);
    expect(bot.stderr()).not.toContain(botEnv.BOT_TOKEN);
  });

  it('exits 2 and names the variable when its settings are wrong', async () => {
    const bot = startBotProcess({ ...fakes.env, DEEPGRAM_API_KEY: '' }, { bot_name: 'Ada', system_prompt: 'x' });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr()).toContain('DEEPGRAM_API_KEY is required');
  });
});
