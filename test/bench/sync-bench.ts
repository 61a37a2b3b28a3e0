import { randomUUID } from 'node:crypto';
import { LocalPokeBus, noPokes } from '../../server/sync/pokes.js';
import { defaultEngineOptions } from '../../server/sync/sync-engine.js';
import { summarize } from './latency-stats.js';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.js';
import { localWrites, openDesktop, removeDesktop, type Desktop } from '../support/sync-desktop.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';

/**
 * The sync benchmark (issue 5), on the real stack: Postgres 15 + PostgREST behind the loopback
 * gateway, desktops running the real engine and SQLite store in this process.
 *  1. initial pull of 100,000 sessions + 10,000 transcripts into an empty cache;
 *  2. push of 10,000 offline ops (5,000 new sessions, 5,000 edits);
 *  3. a change on one desktop until it is in the other's cache, with a poke (the in-process poke
 *     bus stands in for Realtime broadcast), and with the timer alone.
 * Wire it into `npm run bench` by calling runSyncBench() and printing formatSyncBench(rows).
 */
export interface SyncBenchRow {
  metric: string;
  value: number;
  unit: string;
  target: string;
  status: 'pass' | 'MISSED' | '-';
  note?: string;
}

export interface SyncBenchOptions {
  sessions: number;
  transcripts: number;
  pushOps: number;
  pokeSamples: number;
  timerSamples: number;
  timerMs: number;
  log: (line: string) => void;
}

export const SYNC_TARGETS = { pullRowsPerSec: 20_000, pushOpsPerSec: 2_000, pokeP95Ms: 500 } as const;

const defaults: SyncBenchOptions = {
  sessions: Number(process.env.BENCH_SYNC_SESSIONS ?? 100_000),
  transcripts: Number(process.env.BENCH_SYNC_TRANSCRIPTS ?? 10_000),
  pushOps: Number(process.env.BENCH_SYNC_PUSH_OPS ?? 10_000),
  pokeSamples: 40,
  timerSamples: 6,
  timerMs: 2000,
  log: (line) => void process.stderr.write(`bench sync: ${line}\n`),
};

async function seedServer(stack: SupabaseStack, orgId: string, user: TestUser, sessions: number, transcripts: number): Promise<void> {
  await stack.admin.query(
    `INSERT INTO voice_sessions (org_id, interview_type, candidate_name, candidate_email, status, session_metadata, created_at, updated_at, created_by)
     SELECT $1, (ARRAY['technical', 'behavioral', 'screening'])[1 + i % 3], 'Candidate ' || i, 'candidate' || i || '@example.com',
            (ARRAY['pending', 'ready', 'completed', 'cancelled'])[1 + i % 4], jsonb_build_object('source', 'bench', 'n', i),
            now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval, $2
     FROM generate_series(1, $3::int) AS i`,
    [orgId, user.id, sessions],
  );
  // Transcripts of ~250 words each, for the first sessions.
  await stack.admin.query(
    `INSERT INTO voice_transcripts (org_id, session_id, transcript_text, candidate_name, interview_type, word_count, speaker_segments, created_by)
     SELECT s.org_id, s.id, repeat('Interviewer: tell me about a system you designed. Candidate: ' || md5(s.id::text) || ' scaled queues. ', 20),
            s.candidate_name, s.interview_type, 250, '[{"speaker": "bot", "text": "hello", "startTime": 0, "endTime": 1}]', $2
     FROM (SELECT id, org_id, candidate_name, interview_type FROM voice_sessions WHERE org_id = $1 ORDER BY id LIMIT $3) s`,
    [orgId, user.id, transcripts],
  );
  await stack.admin.query('VACUUM ANALYZE voice_sessions');
  await stack.admin.query('VACUUM ANALYZE voice_transcripts');
}

async function syncOrThrow(desktop: Desktop): Promise<void> {
  const result = await desktop.engine.syncNow();
  if (!result.ok) throw new Error(`${desktop.name}: sync failed: ${result.error}`);
}

/** From a write on `from` until the row is in `to`'s cache. */
async function changeLatencies(from: Desktop, to: Desktop, orgId: string, samples: number, spacingMs: number, timeoutMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const visible = to.db.prepare('SELECT 1 FROM voice_sessions WHERE id = ?');
  for (let i = 0; i < samples; i++) {
    const id = randomUUID();
    const started = performance.now();
    localWrites.createSession(from.db, orgId, from.user.id, `Latency ${i}`, null, id);
    for (;;) {
      if (visible.get(id) !== undefined) break;
      if (performance.now() - started > timeoutMs) throw new Error(`change ${i} did not arrive within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
  return latencies;
}

export async function runSyncBench(overrides: Partial<SyncBenchOptions> = {}): Promise<SyncBenchRow[]> {
  const options = { ...defaults, ...overrides };
  const { log } = options;
  const rows: SyncBenchRow[] = [];
  log('starting Postgres 15 + PostgREST');
  const stack = await startSupabaseStack({ pool: 10 });
  const desktops: Desktop[] = [];
  let gateway: GatewayProcess | null = null;
  try {
    // The desktops reach PostgREST through a proxy in its own process: the test stack's gateway
    // lives in this process and would stall whenever a desktop here applies a page.
    gateway = await startGatewayProcess(stack.postgrest.url);
    const projectUrl = gateway.url;
    const [alice, bob] = await Promise.all([stack.createUser('alice'), stack.createUser('bob')]);
    const orgId = await stack.createOrg('Bench org', [
      { user: alice, role: 'org_owner' },
      { user: bob, role: 'org_user' },
    ]);
    log(`seeding ${options.sessions.toLocaleString('en-US')} sessions + ${options.transcripts.toLocaleString('en-US')} transcripts in Postgres`);
    await seedServer(stack, orgId, alice, options.sessions, options.transcripts);

    // 1. Initial pull into an empty cache.
    const puller = openDesktop(stack, alice, 'initial-pull', { requestTimeoutMs: 60_000, projectUrl });
    desktops.push(puller);
    log('initial pull');
    const pullStarted = performance.now();
    await syncOrThrow(puller);
    const pullSeconds = (performance.now() - pullStarted) / 1000;
    await puller.engine.indexesReady();
    const indexedSeconds = (performance.now() - pullStarted) / 1000;
    const pulled = options.sessions + options.transcripts;
    const cached = (puller.db.prepare('SELECT (SELECT COUNT(*) FROM voice_sessions WHERE org_id = ?) + (SELECT COUNT(*) FROM voice_transcripts WHERE org_id = ?) AS n').get(orgId, orgId) as { n: number }).n;
    if (cached !== pulled) throw new Error(`initial pull cached ${cached} rows, expected ${pulled}`);
    const pullRate = pulled / pullSeconds;
    rows.push({
      metric: `initial pull (${options.sessions.toLocaleString('en-US')} sessions + ${options.transcripts.toLocaleString('en-US')} transcripts)`,
      value: Math.round(pullRate),
      unit: 'rows/s',
      target: `>= ${SYNC_TARGETS.pullRowsPerSec.toLocaleString('en-US')}`,
      status: pullRate >= SYNC_TARGETS.pullRowsPerSec ? 'pass' : 'MISSED',
      note: `${pullSeconds.toFixed(2)} s until every row and cursor is committed and the run ends`,
    });
    rows.push({
      metric: '... the same, until the cache\'s list indexes are rebuilt too',
      value: Math.round(pulled / indexedSeconds),
      unit: 'rows/s',
      target: '-',
      status: '-',
      note: `${indexedSeconds.toFixed(2)} s; ${((puller.engine.lastRun?.indexMs ?? 0) / 1000).toFixed(2)} s of index builds, one at a time, the last ones after the run`,
    });

    // 2. Offline ops pushed in batches.
    log(`making ${options.pushOps.toLocaleString('en-US')} offline ops`);
    const half = Math.floor(options.pushOps / 2);
    const existing = puller.db.prepare('SELECT id FROM voice_sessions WHERE org_id = ? ORDER BY id LIMIT ?').all(orgId, options.pushOps - half) as { id: string }[];
    puller.db.transaction(() => {
      for (let i = 0; i < half; i++) localWrites.createSession(puller.db, orgId, alice.id, `Offline ${i}`);
      for (const { id } of existing) localWrites.updateSession(puller.db, id, alice.id, { candidate_name: `Renamed ${id.slice(0, 8)}` });
    })();
    const ops = (puller.db.prepare('SELECT COUNT(*) AS n FROM sync_outbox').get() as { n: number }).n;
    log(`pushing ${ops.toLocaleString('en-US')} ops`);
    await syncOrThrow(puller);
    const timings = puller.engine.lastRun;
    if (!timings || timings.pushed !== ops) throw new Error(`pushed ${timings?.pushed} of ${ops} ops`);
    const pushRate = ops / (timings.pushMs / 1000);
    rows.push({
      metric: `push of ${ops.toLocaleString('en-US')} offline ops (${half.toLocaleString('en-US')} inserts + ${(ops - half).toLocaleString('en-US')} updates)`,
      value: Math.round(pushRate),
      unit: 'ops/s',
      target: `>= ${SYNC_TARGETS.pushOpsPerSec.toLocaleString('en-US')}`,
      status: pushRate >= SYNC_TARGETS.pushOpsPerSec ? 'pass' : 'MISSED',
      note: `${(timings.pushMs / 1000).toFixed(2)} s in batches of ${defaultEngineOptions.pushBatchSize.toLocaleString('en-US')}`,
    });
    removeDesktop(puller);
    desktops.length = 0;

    // 3. A change travelling between two running desktops (small caches: this times the path).
    const latencyOrg = await stack.createOrg('Latency org', [
      { user: alice, role: 'org_owner' },
      { user: bob, role: 'org_user' },
    ]);
    for (const [label, withPokes] of [
      ['poke', true],
      ['timer alone', false],
    ] as const) {
      const bus = new LocalPokeBus();
      const timerMs = withPokes ? 30_000 : options.timerMs;
      const writer = openDesktop(stack, alice, `${label}-writer`, { autoStart: true, projectUrl, pokes: withPokes ? bus.source() : noPokes, engine: { timerMs: 30_000 } });
      const reader = openDesktop(stack, bob, `${label}-reader`, { autoStart: true, projectUrl, pokes: withPokes ? bus.source() : noPokes, engine: { timerMs } });
      desktops.push(writer, reader);
      await syncOrThrow(writer);
      await syncOrThrow(reader);
      const samples = withPokes ? options.pokeSamples : options.timerSamples;
      log(`change visible on another desktop, ${label} (${samples} samples)`);
      const latencies = await changeLatencies(writer, reader, latencyOrg, samples, withPokes ? 150 : 300, timerMs * 3);
      const stats = summarize(latencies);
      rows.push({
        metric: `change visible on another desktop, ${label} p50`,
        value: Math.round(stats.p50),
        unit: 'ms',
        target: '-',
        status: '-',
        note: withPokes ? 'write -> debounce -> push -> poke -> pull' : `timer every ${timerMs} ms, no poke`,
      });
      rows.push({
        metric: `change visible on another desktop, ${label} p95`,
        value: Math.round(stats.p95),
        unit: 'ms',
        target: withPokes ? `<= ${SYNC_TARGETS.pokeP95Ms}` : '-',
        status: withPokes ? (stats.p95 <= SYNC_TARGETS.pokeP95Ms ? 'pass' : 'MISSED') : '-',
        note: `${samples} samples`,
      });
      removeDesktop(writer);
      removeDesktop(reader);
      desktops.length = 0;
    }
    return rows;
  } finally {
    for (const desktop of desktops) removeDesktop(desktop);
    await gateway?.stop();
    await stack.stop();
  }
}

export function formatSyncBench(rows: SyncBenchRow[]): string {
  const header = ['sync', 'value', 'unit', 'target', 'result', 'note'];
  const cells = rows.map((row) => [row.metric, row.value.toLocaleString('en-US'), row.unit, row.target, row.status, row.note ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => (cell[column] ?? '').length)));
  const line = (cell: string[]): string =>
    cell
      .map((text, column) => (column === 1 ? text.padStart(widths[column] as number) : text.padEnd(widths[column] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

// `node --import tsx test/bench/sync-bench.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  runSyncBench().then(
    (rows) => void process.stdout.write(`${formatSyncBench(rows)}\n`),
    (error: unknown) => {
      process.stderr.write(`sync bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
