import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
    // The electron package's installer writes path.txt once the binary is in place. Without it,
    // require('electron') would start the download itself (Electron 42+), printing on our stdout:
    // fetching belongs to `npm install` (our postinstall), not to every start.
    if (!existsSync(join(dirname(require.resolve('electron/package.json')), 'path.txt'))) return null;
    // The electron package exports the path of its binary.
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
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

// better-sqlite3's prebuilt binary is a Node-API addon: the same file loads in Node and in Electron,
// so the desktop needs no rebuild of its own.
const binary = electronBinary();
if (binary && hasDisplay() && process.env.VOICE_WEB_MODE !== '1') {
  run(binary, [appRoot], process.env);
} else {
  const why = !binary ? 'Electron is not installed on this machine' : !hasDisplay() ? 'no display was found' : 'VOICE_WEB_MODE=1';
  process.stderr.write(`Starting the console in web mode (${why}). Open the link below in a browser.\n`);
  run(process.execPath, [join(appRoot, 'dist', 'server', 'serve.js')], process.env);
}
