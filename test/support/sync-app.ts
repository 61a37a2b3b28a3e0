import { spawnSync } from 'node:child_process';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { SyncAccount, SyncStatus } from '../../contracts/sync.js';
import { startKeychainDaemon, type KeychainDaemon } from './keychain-daemon.js';
import { makeDataDir, removeDataDir, repoRoot, startServerProcess, type HttpReply, type ServerProcess } from './server-process.js';
import type { SupabaseStack, TestUser } from './supabase-stack.js';

/**
 * A desktop as users run it: `npm run serve` in its own process, its own SQLite data dir and its
 * own OS keychain (a private gnome-keyring), so two of them are two machines. Sync timers are
 * shortened and Realtime is off by default: these tests order pushes between desktops by hand, and
 * a poke or a rejoin would sync on its own. Pass VOICE_SYNC_REALTIME=1 for pokes through the
 * stack's Realtime stand-in (served at the project URL, as on Supabase).
 */
export interface AppDesktop {
  server: ServerProcess;
  keychain: KeychainDaemon;
  dataDir: string;
  /** Stops the server (SIGTERM, or SIGKILL for a crash) and starts it again on the same data. */
  restart(signal?: NodeJS.Signals): Promise<ServerProcess>;
  stop(): Promise<void>;
}

export const syncEnv: Record<string, string> = {
  VOICE_SYNC_REALTIME: '0',
  VOICE_SYNC_TIMER_MS: '2000',
  VOICE_SYNC_DEBOUNCE_MS: '100',
  VOICE_SYNC_BACKOFF_BASE_MS: '100',
  VOICE_SYNC_BACKOFF_CAP_MS: '1000',
  VOICE_SYNC_TIMEOUT_MS: '5000',
};

export async function startAppDesktop(env: Record<string, string> = {}): Promise<AppDesktop> {
  const keychain = await startKeychainDaemon();
  const dataDir = makeDataDir();
  const fullEnv = { ...keychain.env, ...syncEnv, ...env };
  const desktop: AppDesktop = {
    server: await startServerProcess({ dataDir, env: fullEnv }),
    keychain,
    dataDir,
    restart: async (signal = 'SIGTERM') => {
      await desktop.server.stop(signal);
      desktop.server = await startServerProcess({ dataDir, env: fullEnv });
      return desktop.server;
    },
    stop: async () => {
      await desktop.server.stop();
      await keychain.stop();
      removeDataDir(dataDir);
    },
  };
  return desktop;
}

export async function signIn(server: ServerProcess, stack: SupabaseStack, user: TestUser, password = user.password): Promise<HttpReply<ApiSuccess<SyncAccount>>> {
  return server.call<ApiSuccess<SyncAccount>>('POST', '/api/sync/account/sign-in', {
    body: { projectUrl: stack.url, anonKey: stack.anonKey, email: user.email, password },
  });
}

/** Runs one sync on the desktop and returns its status afterwards. */
export async function syncNow(server: ServerProcess): Promise<SyncStatus> {
  const reply = await server.call<ApiSuccess<SyncStatus>>('POST', '/api/sync/now');
  if (reply.status !== 200) throw new Error(`sync now: ${reply.status} ${reply.text}`);
  return reply.json.data;
}

export async function syncStatus(server: ServerProcess): Promise<SyncStatus> {
  return (await server.call<ApiSuccess<SyncStatus>>('GET', '/api/sync/status')).json.data;
}

/** Reads the session entry from a desktop's keychain, through @napi-rs/keyring in a child process. */
export function keychainEntry(keychain: KeychainDaemon, account = 'supabase-session'): string | null {
  const script = `import('@napi-rs/keyring').then(async ({ AsyncEntry }) => {
    const value = await new AsyncEntry('Interview Console', ${JSON.stringify(account)}).getPassword();
    process.stdout.write(JSON.stringify(value));
  })`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, env: { ...process.env, ...keychain.env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`keychain read failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string | null;
}

export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export { removeDataDir };
