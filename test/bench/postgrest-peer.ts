import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { applySupabaseSchema, startPostgres, startPostgrest, type PostgresServer, type PostgrestServer } from '../support/postgres-stack.js';
import { TEST_JWT_SECRET, userAccessToken } from '../support/supabase-jwt.js';
import { onCleanup } from './cleanup.js';
import type { LatencySummary } from './latency-stats.js';
import type { LoadResult } from './load-protocol.js';
import { runLoad } from './load-runner.js';
import type { CellResult } from './report.js';
import type { QueryKey, Workload } from './workload.js';

/**
 * The peer, measured in the same run on the same rows: Postgres 15 with the team project's schema
 * (migrations/supabase) and PostgREST, the Supabase REST layer the team sync talks to, with the
 * seeded org copied over and asked the same four questions through a signed-in member's JWT (so
 * row-level security applies, as it would for a desktop). Our server is stopped while it runs.
 *
 * One addition to the schema as shipped, Supabase's own recipe for full-text search: a stored
 * `search_vector` column (to_tsvector('english', transcript_text)) with a GIN index. Without it
 * every search tokenizes every transcript (minutes per request at this size), and an expression
 * index alone still re-tokenizes each candidate row. PostgREST cannot rank by relevance without an
 * RPC, so its search returns the newest matches first (ours is bm25-ranked).
 */

export interface PeerCell {
  key: QueryKey;
  label: string;
  concurrency: number;
  load: LoadResult;
}

export interface PeerOptions {
  dbFile: string;
  workload: Workload;
  concurrencies: readonly number[];
  warmupMs: number;
  durationMs: number;
  progress(line: string): void;
}

const SESSION_COLUMNS = [
  'id', 'org_id', 'candidate_name', 'candidate_email', 'interview_type', 'config_id', 'status', 'daily_room_url', 'daily_room_name',
  'daily_room_token', 'ecs_task_arn', 'session_metadata', 'started_at', 'completed_at', 'duration_seconds', 'created_at', 'updated_at',
  'created_by', 'updated_by',
];
const TRANSCRIPT_COLUMNS = [
  'id', 'org_id', 'session_id', 'transcript_text', 'transcript_s3_url', 'candidate_name', 'interview_type', 'summary', 'word_count',
  'speaker_segments', 'metadata', 'created_at', 'updated_at', 'created_by', 'updated_by',
];
/** The columns of our transcript search reply (a summary, not the text). */
const SEARCH_SELECT = 'id,org_id,session_id,candidate_name,interview_type,word_count,summary,transcript_s3_url,created_at,updated_at';

/** The same questions our bench asks (test/bench/workload.ts), as PostgREST paths. */
export function peerQueries(w: Workload): { key: QueryKey; label: string; paths: string[] }[] {
  const org = `org_id=eq.${w.orgId}`;
  return [
    { key: 'list-default', label: 'list with total', paths: [`/voice_sessions?${org}&order=created_at.desc,id.desc&limit=100`] },
    {
      key: 'list-filtered',
      label: 'filtered + sorted + offset',
      paths: [`/voice_sessions?${org}&status=eq.${w.filteredStatus}&order=candidate_name.asc,id.asc&offset=${w.filteredOffset}&limit=100`],
    },
    { key: 'get-by-id', label: 'get by id', paths: w.sessionIds.map((id) => `/voice_sessions?id=eq.${id}`) },
    {
      key: 'search',
      label: 'transcript search',
      paths: w.searchTerms.map((term) => `/voice_transcripts?select=${SEARCH_SELECT}&${org}&search_vector=wfts(english).${encodeURIComponent(term)}&order=created_at.desc&limit=20`),
    },
  ];
}

export async function runPostgrestPeer(options: PeerOptions): Promise<PeerCell[]> {
  const { progress, workload } = options;
  let postgres: PostgresServer | null = null;
  let postgrest: PostgrestServer | null = null;
  const stopAll = async (): Promise<void> => {
    await postgrest?.stop();
    postgrest = null;
    await postgres?.stop();
    postgres = null;
  };
  const removeCleanup = onCleanup(() => void stopAll());
  try {
    progress('PostgREST peer: starting Postgres 15 with the team schema');
    postgres = await startPostgres();
    await applySupabaseSchema(postgres.url);
    const started = Date.now();
    const rows = await copyOrg(postgres.url, options.dbFile, workload);
    progress(`PostgREST peer: copied ${rows.sessions.toLocaleString('en-US')} sessions and ${rows.transcripts.toLocaleString('en-US')} transcripts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    postgrest = await startPostgrest({ pgPort: postgres.port, jwtSecret: TEST_JWT_SECRET, pool: 10 });
    const jwt = await userAccessToken({ id: workload.userId, email: 'bench@example.com' }, 6 * 3600);
    const headers = { prefer: 'count=exact' };
    const cells: PeerCell[] = [];
    for (const query of peerQueries(workload)) {
      await checkPeerReply(postgrest.url, jwt, query.paths[0] as string, query.key, workload);
      for (const concurrency of options.concurrencies) {
        progress(`PostgREST peer: ${query.label} at concurrency ${concurrency}`);
        const load = await runLoad({
          baseUrl: postgrest.url,
          token: jwt,
          paths: query.paths,
          concurrency,
          warmupMs: options.warmupMs,
          durationMs: options.durationMs,
          headers: query.key === 'get-by-id' ? { accept: 'application/vnd.pgrst.object+json' } : headers,
          okStatuses: [200, 206],
        });
        cells.push({ key: query.key, label: query.label, concurrency, load });
      }
    }
    return cells;
  } finally {
    await stopAll();
    removeCleanup();
  }
}

/** One reply per question before timing: an empty or failing answer would make fast numbers meaningless. */
async function checkPeerReply(baseUrl: string, jwt: string, path: string, key: QueryKey, workload: Workload): Promise<void> {
  const response = await fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${jwt}`, prefer: 'count=exact' } });
  const text = await response.text();
  if (response.status !== 200 && response.status !== 206) throw new Error(`PostgREST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  const rows = (JSON.parse(text) as unknown[]).length;
  const total = Number(response.headers.get('content-range')?.split('/')[1]);
  if (rows === 0) throw new Error(`PostgREST ${path} returned no rows`);
  if (key === 'list-filtered' && (rows !== 100 || total !== workload.filteredRows)) {
    throw new Error(`PostgREST ${path}: expected 100 of ${workload.filteredRows} rows, got ${rows} of ${total}`);
  }
}

/**
 * Copies the benchmarked org's sessions and transcripts, and its member, from the seeded SQLite
 * file. Triggers and foreign-key checks are off for the copy (session_replication_role = replica):
 * the rows are already consistent, and the sync triggers would only fill the ledger.
 */
async function copyOrg(url: string, dbFile: string, w: Workload): Promise<{ sessions: number; transcripts: number }> {
  const source = new BetterSqlite3(dbFile, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET session_replication_role = 'replica'");
    await client.query('INSERT INTO auth.users (id, email) VALUES ($1, $2)', [w.userId, 'bench@example.com']);
    await client.query("INSERT INTO public.org (id, name) VALUES ($1, 'Benchmark org')", [w.orgId]);
    await client.query("INSERT INTO public.org_members (org_id, user_id, role) VALUES ($1, $2, 'org_owner')", [w.orgId, w.userId]);
    const sessions = await copyTable(client, source, 'voice_sessions', SESSION_COLUMNS, w.orgId, 1000);
    const transcripts = await copyTable(client, source, 'voice_transcripts', TRANSCRIPT_COLUMNS, w.orgId, 50);
    await client.query("SET session_replication_role = 'origin'");
    await client.query(
      "ALTER TABLE public.voice_transcripts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(transcript_text, ''))) STORED",
    );
    await client.query('CREATE INDEX bench_voice_transcripts_search ON public.voice_transcripts USING gin (search_vector)');
    await client.query('ANALYZE');
    return { sessions, transcripts };
  } finally {
    await client.end();
    source.close();
  }
}

async function copyTable(client: pg.Client, source: BetterSqlite3.Database, table: string, columns: string[], orgId: string, batch: number): Promise<number> {
  const rows = source.prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE org_id = ?`).raw().iterate(orgId) as IterableIterator<unknown[]>;
  let copied = 0;
  let pending: unknown[][] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const values = pending.map((_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
    await client.query(`INSERT INTO public.${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, pending.flat());
    copied += pending.length;
    pending = [];
  };
  for (const row of rows) {
    pending.push(row);
    if (pending.length >= batch) await flush();
  }
  await flush();
  return copied;
}

/** Ours beside the peer, per question and concurrency: req/s and p95, and how many times the peer's rate ours is. */
export function peerTable(ours: CellResult[], peer: PeerCell[]): string {
  const header = ['question', 'conc', 'ours cached req/s', 'ours uncached req/s', 'ours uncached p95 ms', 'PostgREST req/s', 'PostgREST p95 ms', 'ratio (uncached/PostgREST)'];
  const lines = [header.join(' | ')];
  for (const cell of peer) {
    const mine = ours.filter((candidate) => candidate.query.key === cell.key && candidate.concurrency === cell.concurrency && !candidate.query.label.includes('[live writes]'));
    const cached = mine.find((candidate) => !candidate.query.uncached);
    const uncached = mine.find((candidate) => candidate.query.uncached);
    const rate = (load: LoadResult | undefined): string => (load ? Math.round(load.reqPerSec).toLocaleString('en-US') : '-');
    const p95 = (latency: LatencySummary | undefined): string => (latency ? latency.p95.toFixed(1) : '-');
    const ratio = uncached && cell.load.reqPerSec > 0 ? `${(uncached.load.reqPerSec / cell.load.reqPerSec).toFixed(1)}x` : '-';
    const errors = cell.load.errors > 0 ? ` (${cell.load.errors} errors: ${cell.load.errorSamples[0] ?? ''})` : '';
    lines.push([cell.label, String(cell.concurrency), rate(cached?.load), rate(uncached?.load), p95(uncached?.load.latency), `${rate(cell.load)}${errors}`, p95(cell.load.latency), ratio].join(' | '));
  }
  return `Side by side with PostgREST 12 + Postgres 15 on the same rows (same run, each server alone on the machine):\n${lines.join('\n')}`;
}
