import type { Browser } from 'playwright-core';

/**
 * Chromium for the bot's media page, driven by playwright-core with the system browser (Debian's
 * /usr/bin/chromium here and in the container; never a downloaded build). Headless with no
 * sandbox because the bot runs it as a service, with autoplay allowed because no one is there to
 * click, and with background networking off so the page reaches only what it asks for.
 *
 * playwright-core is imported only here, when a browser is launched: loading it costs a bot about
 * 47 MB, which the rehearsal bot (local transport) and a desktop bot whose page is an Electron
 * window never use.
 */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ChromiumOptions {
  executablePath: string;
  extraArgs?: string[];
}

export async function launchChromium(options: ChromiumOptions): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: options.executablePath,
    headless: true,
    args: [...chromiumFlags, '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream', ...(options.extraArgs ?? [])],
  });
}
