import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm start`, run by plain Node before any Electron exists: opens the desktop console when the
 * Electron binary was installed and a display is available, otherwise runs the same server in
 * web mode (the console is then opened in a browser at the printed address).
 */
const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  try {
    // The electron package exports the path of its binary; it throws when the download was skipped.
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * better-sqlite3 in node_modules is built for Node's ABI (tests and `npm run serve` use it).
 * Electron needs its own build: fetch the matching prebuilt binary once into .cache/ and hand its
 * path to the server (better-sqlite3's `nativeBinding`), leaving the Node build untouched.
 */
function electronSqliteBinding(): string | null {
  try {
    const electronVersion = (require('electron/package.json') as { version: string }).version;
    const dir = join(appRoot, '.cache', `better-sqlite3-electron-${electronVersion}-${process.arch}`);
    const binding = join(dir, 'build', 'Release', 'better_sqlite3.node');
    if (existsSync(binding)) return binding;
    const source = dirname(require.resolve('better-sqlite3/package.json'));
    cpSync(source, dir, { recursive: true, filter: (path) => !path.includes(`${source}/build`) });
    const prebuild = require.resolve('prebuild-install/bin.js', { paths: [source] });
    spawnSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], {
      cwd: dir,
      stdio: 'inherit',
    });
    return existsSync(binding) ? binding : null;
  } catch {
    return null;
  }
}

function hasDisplay(): boolean {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const child = spawn(command, args, { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = electronBinary();
const wantDesktop = binary !== null && hasDisplay() && process.env.VOICE_WEB_MODE !== '1';
const binding = wantDesktop ? electronSqliteBinding() : null;
if (binary && binding) {
  run(binary, [appRoot], { ...process.env, VOICE_SQLITE_BINDING: binding });
} else {
  const why = !binary
    ? 'Electron is not installed on this machine'
    : !hasDisplay()
      ? 'no display was found'
      : process.env.VOICE_WEB_MODE === '1'
        ? 'VOICE_WEB_MODE=1'
        : 'the SQLite module for Electron could not be fetched';
  process.stderr.write(`Starting the console in web mode (${why}). Open the link below in a browser.\n`);
  run(process.execPath, [join(appRoot, 'dist', 'server', 'serve.js')], process.env);
}
