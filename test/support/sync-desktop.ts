import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ensureLocalIdentity } from '../../server/identity/local-identity.js';
import { createLogger } from '../../server/runtime/logger.js';
import { openDatabase } from '../../server/store/open-database.js';
import type { PokeSource } from '../../server/sync/pokes.js';
import { createProjectClient } from '../../server/sync/project-client.js';
import { RealtimePokes } from '../../server/sync/realtime-pokes.js';
import { SupabaseRemote } from '../../server/sync/supabase-remote.js';
import { SyncEngine, type SyncEngineOptions } from '../../server/sync/sync-engine.js';
import { timedFetch, type TimedFetch } from '../../server/sync/timed-fetch.js';
import { makeDataDir, removeDataDir, repoRoot } from './server-process.js';
import type { SupabaseStack, TestUser } from './supabase-stack.js';
import { userAccessToken } from './supabase-jwt.js';

/**
 * A desktop without its HTTP server: the real SQLite store (every migration), the real engine and
 * supabase-js remote, in this process. For the engine-level tests, the model test and the bench.
 * Local writes go straight to SQLite, as the routes' stores do: the triggers make the outbox.
 */
export interface Desktop {
  name: string;
  dataDir: string;
  db: Database;
  engine: SyncEngine;
  user: TestUser;
  http: TimedFetch;
  /** Stops the engine and closes SQLite, as a crash at an await point would leave them. */
  close(): void;
  /** Opens the same data dir again with a fresh engine (a restart of the app). */
  reopen(): Desktop;
}

const logger = createLogger('error');
export const sqliteMigrations = join(repoRoot, 'migrations', 'sqlite');

export interface DesktopOptions {
  dataDir?: string;
  engine?: Partial<SyncEngineOptions>;
  pokes?: PokeSource;
  /** Pokes through the stack's Realtime, with this desktop's own supabase-js client (as the app does); wins over `pokes`. */
  realtime?: boolean;
  requestTimeoutMs?: number;
  tokenTtlSeconds?: number;
  /** Start the engine's timers and triggers (default: runs only when a test calls syncNow). */
  autoStart?: boolean;
  /** Another origin serving /rest/v1 (the benchmark's out-of-process proxy) instead of the stack's gateway. */
  projectUrl?: string;
}

export function openDesktop(stack: SupabaseStack, user: TestUser, name: string, options: DesktopOptions = {}): Desktop {
  const dataDir = options.dataDir ?? makeDataDir();
  const db = openDatabase({ dataDir, migrationsDir: sqliteMigrations });
  ensureLocalIdentity(db);
  const http = timedFetch(options.requestTimeoutMs ?? 10_000);
  let token: Promise<string> = userAccessToken(user, options.tokenTtlSeconds ?? 3600);
  const client = createProjectClient(options.projectUrl ?? stack.url, stack.anonKey, http.fetch, () => token);
  const engine = new SyncEngine({
    db,
    remote: new SupabaseRemote(client),
    user: { id: user.id, email: user.email, displayName: name },
    logger,
    options: { timerMs: 3_600_000, debounceMs: 50, backoff: { baseMs: 50, capMs: 500 }, ...options.engine },
    pokes: options.realtime ? new RealtimePokes(client, logger) : options.pokes,
    refreshSession: async () => {
      token = userAccessToken(user, options.tokenTtlSeconds ?? 3600);
      await token;
    },
  });
  if (options.autoStart) engine.start();
  else engine.startManual();
  let closed = false;
  const desktop: Desktop = {
    name,
    dataDir,
    db,
    engine,
    user,
    http,
    close: () => {
      if (closed) return;
      closed = true;
      engine.stop();
      // The engine left its poke channels; the socket goes too, or it would reconnect forever.
      if (options.realtime) void client.realtime.disconnect();
      http.abortAll();
      db.close();
    },
    reopen: () => {
      desktop.close();
      return openDesktop(stack, user, name, { ...options, dataDir });
    },
  };
  return desktop;
}

export function removeDesktop(desktop: Desktop): void {
  desktop.close();
  removeDataDir(desktop.dataDir);
}

/** Writes as the API's stores make them (one transaction each); the triggers add the outbox op. */
export const localWrites = {
  createConfig(db: Database, orgId: string, userId: string, name: string, id: string = randomUUID()): string {
    const now = new Date().toISOString();
    const json = JSON.stringify({ bot_name: 'Ada', system_prompt: 'Be kind.', interview: { questions: [] } });
    db.transaction(() => {
      db.prepare(
        `INSERT INTO voice_configs (id, org_id, name, interview_type, description, config_json, is_active, version, created_at, updated_at, created_by, updated_by)
         VALUES (?, ?, ?, 'technical', NULL, ?, 1, 1, ?, ?, ?, NULL)`,
      ).run(id, orgId, name, json, now, now, userId);
      db.prepare('INSERT INTO voice_config_versions (config_id, version, config_json, created_at, created_by) VALUES (?, 1, ?, ?, ?)').run(id, json, now, userId);
    })();
    return id;
  },
  updateConfig(db: Database, id: string, userId: string, values: { name?: string; description?: string | null }): void {
    const sets = Object.keys(values).map((column) => `${column} = @${column}`);
    db.prepare(`UPDATE voice_configs SET ${[...sets, 'updated_at = @now', 'updated_by = @user'].join(', ')} WHERE id = @id`).run({
      ...values,
      now: new Date().toISOString(),
      user: userId,
      id,
    });
  },
  createSession(db: Database, orgId: string, userId: string, candidate: string, configId: string | null = null, id: string = randomUUID()): string {
    const now = new Date().toISOString();
    db.transaction(() => {
      db.prepare(
        `INSERT INTO voice_sessions (id, org_id, candidate_name, candidate_email, interview_type, config_id, status, session_metadata, created_at, updated_at, created_by)
         VALUES (?, ?, ?, NULL, 'technical', ?, 'pending', '{}', ?, ?, ?)`,
      ).run(id, orgId, candidate, configId, now, now, userId);
      db.prepare("INSERT INTO voice_session_status_history (session_id, from_status, to_status, changed_at, changed_by) VALUES (?, NULL, 'pending', ?, ?)").run(
        id,
        now,
        userId,
      );
    })();
    return id;
  },
  updateSession(db: Database, id: string, userId: string, values: { candidate_name?: string; candidate_email?: string | null; status?: string }): void {
    const sets = Object.keys(values).map((column) => `${column} = @${column}`);
    db.prepare(`UPDATE voice_sessions SET ${[...sets, 'updated_at = @now', 'updated_by = @user'].join(', ')} WHERE id = @id`).run({
      ...values,
      now: new Date().toISOString(),
      user: userId,
      id,
    });
  },
  deleteSession(db: Database, id: string): void {
    db.prepare('DELETE FROM voice_sessions WHERE id = ?').run(id);
  },
  deleteConfig(db: Database, id: string): boolean {
    const used = db.prepare('SELECT COUNT(*) AS n FROM voice_sessions WHERE config_id = ?').get(id) as { n: number };
    if (used.n > 0) return false;
    db.prepare('DELETE FROM voice_configs WHERE id = ?').run(id);
    return true;
  },
};
