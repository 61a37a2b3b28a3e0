import { chromium, type Browser } from 'playwright-core';

/**
 * Chromium for the bot's media page, driven by playwright-core with the system browser (Debian's
 * /usr/bin/chromium here and in the container; never a downloaded build). Headless with no
 * sandbox because the bot runs it as a service, with autoplay allowed because no one is there to
 * click, and with background networking off so the page reaches only what it asks for.
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

export function launchChromium(options: ChromiumOptions): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath,
    headless: true,
    args: [...chromiumFlags, '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream', ...(options.extraArgs ?? [])],
  });
}
