import type { Browser, Page } from 'playwright-core';
import { Listeners } from '../runtime/listeners.js';
import type { Logger } from '../runtime/logger.js';
import { launchChromium } from './chromium-launcher.js';
import { findSystemChromium } from './system-chromium.js';

/**
 * What shows the bot's Daily page. In the container and without Electron it is headless Chromium
 * driven by playwright-core; on the desktop it can be a hidden Electron window opened by the app,
 * which the bot asks for (the `external` host) because the bot process cannot create windows.
 */
export interface MediaPageHost {
  /** Loads the page (the bridge page carries its key in the URL fragment). */
  open(url: string): Promise<void>;
  close(): Promise<void>;
  /** The host went away (the browser crashed, the window was closed). */
  readonly lost: Listeners<void>;
}

export interface ChromiumPageHostOptions {
  /** A browser binary; null uses the first one installed (see system-chromium.ts). */
  executablePath: string | null;
  extraArgs?: string[];
  logger: Logger;
  /** For tests: called with the page before it loads, e.g. to intercept Daily's CDN. */
  preparePage?: (page: Page) => Promise<void>;
}

export class ChromiumPageHost implements MediaPageHost {
  readonly lost = new Listeners<void>();
  private browser: Browser | null = null;

  constructor(private readonly options: ChromiumPageHostOptions) {}

  async open(url: string): Promise<void> {
    const executablePath = findSystemChromium(this.options.executablePath);
    const browser = await launchChromium({ executablePath, extraArgs: this.options.extraArgs ?? [] });
    this.browser = browser;
    browser.on('disconnected', () => {
      if (this.browser === browser) this.lost.emit();
    });
    const page = await browser.newPage();
    page.on('console', (message) => this.options.logger.debug('media page', { type: message.type(), text: message.text() }));
    page.on('pageerror', (error) => this.options.logger.warn('media page error', { error: error.message }));
    await this.options.preparePage?.(page);
    await page.goto(url);
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    await browser?.close();
  }
}

/**
 * Asks whoever started the bot to show the page (the desktop opens a hidden window with it). The
 * bot prints `{"event":"open-page","url"}` / `{"event":"close-page"}`; see the local runner.
 */
export class ExternalPageHost implements MediaPageHost {
  readonly lost = new Listeners<void>();

  constructor(private readonly request: (event: { event: 'open-page'; url: string } | { event: 'close-page' }) => void) {}

  async open(url: string): Promise<void> {
    this.request({ event: 'open-page', url });
  }

  async close(): Promise<void> {
    this.request({ event: 'close-page' });
  }
}
