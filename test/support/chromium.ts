import { chromium, type Browser } from 'playwright-core';
import { chromiumFlags } from '../../bot/transports/chromium-launcher.js';

/** Debian's Chromium (`apt-get install chromium`, done by .ci/run); playwright's browser downloads are never used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium for browser tests, with the flags the bot uses in production (no background network).
 * With `micWav`, a fake microphone plays that file (a missing file would be silence, so callers check it).
 */
export function launchTestChromium(micWav?: string): Promise<Browser> {
  const fakeMic = micWav ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${micWav}`] : [];
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...chromiumFlags, '--autoplay-policy=no-user-gesture-required', ...fakeMic],
  });
}
