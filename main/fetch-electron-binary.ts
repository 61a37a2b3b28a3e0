import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * The project's `postinstall`: fetches Electron's binary with the electron package's own installer
 * (`electron/install.js`, which downloads it from GitHub and checks it against the package's checksums).
 *
 * package.json's `allowScripts` denies that installer as electron's own postinstall: there, a failed
 * download fails the package, so npm drops it (an optional dependency) or fails the whole install, and
 * with it go Electron's TypeScript types, which `npm test` needs. Run from here, a machine that cannot
 * reach GitHub keeps the package, is told what that means (`npm start` opens the console in web mode),
 * and `npm install` still succeeds. `ELECTRON_SKIP_BINARY_DOWNLOAD=1` is honoured by the installer.
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
if (!installer) {
  // `npm install --omit=dev` (a production install) has no Electron to fetch for.
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
