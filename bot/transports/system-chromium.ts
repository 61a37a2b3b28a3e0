import { existsSync } from 'node:fs';
import { chromiumCandidates } from '../../contracts/chromium-candidates.js';

// The candidate list is shared with the server's PDF printer (contracts/chromium-candidates.ts).
export { chromiumCandidates };

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
