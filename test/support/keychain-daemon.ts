import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Secret Service for tests: a private D-Bus session bus with gnome-keyring unlocked by a
 * password on stdin, and HOME in a temp dir so nothing touches the machine's own keyring.
 * Processes that should use it get `env` (DBUS_SESSION_BUS_ADDRESS and HOME).
 */
export interface KeychainDaemon {
  env: Record<string, string>;
  home: string;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, stream: 'stdout' | 'stderr', match: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${text}`)), 15_000);
    child[stream]?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = match.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found[1] ?? found[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${text}`));
    });
  });
}

/** Ready when the keyring owns `org.freedesktop.secrets` on our bus. */
async function waitForSecretService(address: string, keyring: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with ${keyring.exitCode}`);
    const reply = spawnSync(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address }, encoding: 'utf8' },
    );
    if (reply.stdout.includes('boolean true')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('gnome-keyring-daemon did not claim org.freedesktop.secrets');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startKeychainDaemon(): Promise<KeychainDaemon> {
  const home = mkdtempSync(join(tmpdir(), 'voice-keyring-'));
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const address = (await waitForLine(bus, 'stdout', /^(unix:[^\n]+)\n/m, 'dbus-daemon')).trim();
  const env = { DBUS_SESSION_BUS_ADDRESS: address, HOME: home, XDG_DATA_HOME: join(home, '.local', 'share'), XDG_RUNTIME_DIR: home };
  const keyring = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  keyring.stdin?.end('test-keyring-password\n');
  await waitForSecretService(address, keyring);
  return {
    env,
    home,
    stop: async () => {
      await stopChild(keyring);
      await stopChild(bus);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
