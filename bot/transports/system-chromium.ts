import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a Chromium-family browser lives on each desktop OS, most specific first. The bot drives the
 * one already installed (playwright-core never downloads one): Debian's chromium in the container
 * and CI, Chrome, Chromium or Edge on a recruiter's machine.
 */
export function chromiumCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return ['Google Chrome', 'Chromium', 'Microsoft Edge', 'Brave Browser'].map((app) => `/Applications/${app}.app/Contents/MacOS/${app}`);
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => Boolean(root));
    return roots.flatMap((root) => [join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/usr/bin/microsoft-edge'];
}

export class NoChromiumError extends Error {
  override name = 'NoChromiumError';
}

/** CHROMIUM_PATH when set (and there), else the first installed candidate; a clear error when none. */
export function findSystemChromium(
  configured: string | null,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  if (configured) {
    if (!exists(configured)) throw new NoChromiumError(`CHROMIUM_PATH points to ${configured}, which does not exist`);
    return configured;
  }
  const found = chromiumCandidates(platform, env).find(exists);
  if (!found) {
    throw new NoChromiumError('No Chrome, Chromium or Edge is installed here, and the bot needs one to join the call: install Chrome, or set CHROMIUM_PATH');
  }
  return found;
}
