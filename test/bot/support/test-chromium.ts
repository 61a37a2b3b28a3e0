import { chromium, type Browser } from 'playwright-core';
import { chromiumFlags } from '../../../bot/transports/chromium-launcher.js';

/**
 * Debian's Chromium for browser tests (never a downloaded build), with a fake microphone that plays
 * `micWav` (Chromium loops the file; a missing file would be silence, so tests check it exists).
 */
export function launchTestChromium(micWav?: string): Promise<Browser> {
  const fakeMic = micWav ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${micWav}`] : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...chromiumFlags, '--autoplay-policy=no-user-gesture-required', ...fakeMic],
  });
}
