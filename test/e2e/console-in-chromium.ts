import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchTestChromium } from '../support/chromium.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

export interface ConsoleInChromium {
  server(): ServerProcess;
  /** A fresh browser context signed in through the one-time link, on the sessions list. */
  signIn(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * The built server and Debian's Chromium for one e2e file: started before its tests, stopped
 * (and the data folder removed) after them.
 */
export function consoleInChromium(): ConsoleInChromium {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchTestChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  const running = (): { server: ServerProcess; browser: Browser } => {
    if (!server || !browser) throw new Error('the console is not started: call consoleInChromium() at the top of a test file');
    return { server, browser };
  };

  return {
    server: () => running().server,
    async signIn(viewport = { width: 1280, height: 800 }) {
      const { server: started, browser: chromium } = running();
      const context = await chromium.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(await started.signInLink());
      await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();
      return { context, page };
    },
  };
}
