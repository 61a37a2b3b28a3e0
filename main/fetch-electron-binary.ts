import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * The project's `postinstall`: fetches Electron's binary with the electron package's own installer
 * (`electron/install.js`, which downloads it from GitHub and checks it against the package's
 * checksums), so `npm install` is where the download happens and says whether the desktop window
 * will be there. The electron package itself has no install script (since Electron 42 it downloads
 * lazily, at the first `require('electron')`), so the package and its TypeScript types are always
 * installed. A machine that cannot reach GitHub is told what that means, and the install succeeds:
 * `npm test` works, `npm start` opens the console in web mode. `ELECTRON_SKIP_BINARY_DOWNLOAD=1`
 * skips the download on purpose (the electron package no longer reads it; this script does).
 */

// A download that hangs (a network that drops packets) must not hold `npm install` forever.
const DOWNLOAD_LIMIT_MS = 10 * 60_000;

const require = createRequire(import.meta.url);

function installerPath(): string | null {
  try {
    return require.resolve('electron/install.js');
  } catch {
    return null;
  }
}

/** The error line of the installer's stack trace (e.g. `RequestError: getaddrinfo ENOTFOUND github.com`). */
function firstErrorLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('at '));
  return lines[0] ?? 'no reason given';
}

const installer = installerPath();
if (!installer || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  // `npm install --omit=dev` (a production install) has no Electron to fetch for; or skipped on purpose.
  process.exit(0);
}

const result = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: DOWNLOAD_LIMIT_MS });
if (result.status === 0) process.exit(0);

const reason = result.error ? result.error.message : firstErrorLine(`${result.stderr}\n${result.stdout}`);
process.stderr.write(
  [
    `Electron's binary could not be downloaded (${reason}).`,
    'The electron package and its types are installed, so `npm test` works; `npm start` opens the console',
    'in web mode. Run `npm install` again where GitHub is reachable to get the desktop window.',
    '',
  ].join('\n'),
);
