import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applySupabaseSchema,
  platformSql,
  postgresBinDir,
  startPostgres,
  supabaseMigrationFiles,
  withClient,
  type PostgresServer,
} from '../support/postgres-stack.js';

const pgtapDir = join(import.meta.dirname, 'pgtap');
let postgres: PostgresServer;

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

/** A fresh empty database in the same cluster. */
async function emptyDatabase(name: string): Promise<string> {
  await withClient(postgres.url, (client) => client.query(`CREATE DATABASE ${name}`));
  return postgres.url.replace(/\/postgres$/, `/${name}`);
}

describe('Supabase migrations', () => {
  it('are numbered from 000 without gaps and never drop tables', () => {
    const files = supabaseMigrationFiles().map((file) => basename(file));
    expect(files.map((file) => file.slice(0, 3))).toEqual(files.map((_, index) => String(index).padStart(3, '0')));
    expect(files).toContain('001_voice_sessions.sql');
    for (const file of supabaseMigrationFiles()) expect(readFileSync(file, 'utf8')).not.toMatch(/^\s*DROP TABLE/im);
  });

  it('each applies cleanly, in order, on an empty database (the seed referenced voice_configs before creating it)', async () => {
    const url = await emptyDatabase('migrations_one_by_one');
    await withClient(url, async (client) => {
      const warnings: string[] = [];
      client.on('notice', (notice) => warnings.push(`${notice.severity}: ${notice.message}`));
      await client.query(readFileSync(platformSql, 'utf8'));
      for (const file of supabaseMigrationFiles()) {
        await client.query('BEGIN');
        await expect(client.query(readFileSync(file, 'utf8')), basename(file)).resolves.toBeDefined();
        await client.query('COMMIT');
      }
      expect(warnings.filter((warning) => warning.startsWith('WARNING'))).toEqual([]);
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      expect(tables.rows.map((row: { tablename: string }) => row.tablename)).toEqual([
        'org',
        'org_members',
        'sync_op_ledger',
        'voice_analytics',
        'voice_audit_log',
        'voice_bot_credentials',
        'voice_configs',
        'voice_credentials',
        'voice_live_segments',
        'voice_retention_policies',
        'voice_session_leases',
        'voice_sessions',
        'voice_transcripts',
      ]);
    });
  });

  it('the seed order would fail: 001 alone no longer needs voice_configs', async () => {
    const url = await emptyDatabase('migrations_partial');
    await withClient(url, async (client) => {
      await client.query(readFileSync(platformSql, 'utf8'));
      const [foundation, sessions] = supabaseMigrationFiles();
      await client.query(readFileSync(foundation as string, 'utf8'));
      await expect(client.query(readFileSync(sessions as string, 'utf8'))).resolves.toBeDefined();
      const fk = await client.query("SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'voice_sessions_config_id_fkey'");
      expect(fk.rows[0]).toEqual({ n: 0 });
    });
  });
});

describe('pgTAP', () => {
  let url: string;
  beforeAll(async () => {
    url = await emptyDatabase('pgtap');
    await applySupabaseSchema(url, { pgtap: true });
  });

  const files = readdirSync(pgtapDir).filter((file) => file.endsWith('.sql') && file !== 'fixtures.sql').sort();
  it.each(files)('%s passes', (file) => {
    const run = spawnSync(join(postgresBinDir(), 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', join(pgtapDir, file)], {
      encoding: 'utf8',
    });
    const lines = run.stdout.split('\n').filter((line) => line.trim() !== '');
    const plan = /^1\.\.(\d+)$/.exec(lines.find((line) => line.startsWith('1..')) ?? '');
    const failures = lines.filter((line) => line.startsWith('not ok') || line.startsWith('#'));
    expect(run.status, run.stderr).toBe(0);
    expect(failures, lines.join('\n')).toEqual([]);
    expect(plan, 'a TAP plan').not.toBeNull();
    expect(lines.filter((line) => /^ok \d+/.test(line))).toHaveLength(Number(plan?.[1]));
  });
});
