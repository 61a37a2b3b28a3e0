import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../server/store/open-database.js';
import { readBenchConfig } from './bench-config.js';
import { botBenchTable, runBotBench } from './bot-bench.js';
import { formatSyncBench, runSyncBench } from './sync-bench.js';
import { formatBotReportingBench, runBotReportingBench } from './bot-reporting-bench.js';
import { formatTeamLiveBench, runTeamLiveBench } from './team-live-bench.js';
import { consoleBenchTable, runConsoleBench } from './console-bench.js';
import { cleanupAll, installCleanupHandlers, onCleanup } from './cleanup.js';
import { prepareDataset } from './dataset-cache.js';
import { startLiveWriter } from './live-writer.js';
import { liveSocketBenchTable, runLiveSocketBench } from './live-socket-bench.js';
import { runLoad } from './load-runner.js';
import { runPostgrestPeer, peerTable } from './postgrest-peer.js';
import { printReport, type CellResult } from './report.js';
import { startServer, type MemoryReading, type RunningServer } from './server-control.js';
import { measureFloor } from './sqlite-floor.js';
import { SEARCH_TERMS } from './vocabulary.js';
import { benchQueries, readWorkload, type BenchQuery, type Workload } from './workload.js';

/**
 * `npm run bench`: seeds one large org, times the API from a separate load process against the
 * same SQL run directly on better-sqlite3, and prints a report. Missed targets are reported, not
 * failed: the exit code is non-zero only when the bench itself could not run.
 */
const progress = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  installCleanupHandlers();
  const config = readBenchConfig();
  const dataDir = mkdtempSync(join(tmpdir(), 'voice-bench-'));
  const removeDataDir = onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  let server: RunningServer | null = null;
  try {
    progress(`preparing ${config.size.sessions.toLocaleString('en-US')} sessions / ${config.size.transcripts.toLocaleString('en-US')} transcripts in ${dataDir} (cache: ${config.cache})`);
    const dataset = prepareDataset(dataDir, config.size, config.seed, config.cache);
    progress(dataset.source === 'cache' ? 'copied the cached dataset' : `seeded in ${seconds(dataset.summary.seedMs)}`);
    const dbFile = join(dataDir, DATABASE_FILE);
    const dbBytes = statSync(dbFile).size;
    const workload = readWorkload(dbFile, SEARCH_TERMS, config.sampledIds, config.seed);
    const queries = benchQueries(workload);

    // Before the server starts, so the floor has both cores to itself.
    progress('timing the better-sqlite3 floor');
    const loadBefore = loadavg()[0] as number;
    const floor = measureFloor(dbFile, workload, { warmupMs: config.floorWarmupMs, durationMs: config.floorDurationMs });

    // Twice: as shipped (serialised list replies reused until the data changes), and with that
    // cache off, so the report shows the cost of the queries themselves as well.
    const cells: CellResult[] = [];
    let memoryAtStart: MemoryReading | null = null;
    let memoryAfterLoad: MemoryReading | null = null;
    let consoleRows: Awaited<ReturnType<typeof runConsoleBench>> = [];
    let liveWrites = '';
    for (const cache of [true, false]) {
      progress(`starting the server (response cache ${cache ? 'on' : 'off'})`);
      server = await startServer(dataDir, { VOICE_RESPONSE_CACHE: cache ? 'on' : 'off' });
      memoryAtStart ??= server.memory();
      await checkResponses(server, workload, queries);
      // The console in Chromium, before the load cells so their load does not skew it.
      if (cache && config.parts.has('console')) consoleRows = await runConsoleBench({ serverUrl: server.url, token: server.token, progress });
      for (const query of queries) {
        const variant: BenchQuery = cache ? query : { ...query, label: `${query.label} [no cache]`, uncached: true };
        for (const concurrency of config.concurrencies) {
          progress(`${variant.label} at concurrency ${concurrency}`);
          const load = await runLoad({
            baseUrl: server.url,
            token: server.token,
            paths: query.paths,
            concurrency,
            warmupMs: config.warmupMs,
            durationMs: config.durationMs,
          });
          const exit = server.exitReport();
          if (exit !== null) throw new Error(`the server died during "${variant.label}" at concurrency ${concurrency} (${exit})`);
          cells.push({ query: variant, concurrency, load, floor: floor.byQuery.get(query.key) });
        }
      }
      if (cache) liveWrites = await runWhileLive(server, workload, queries, config, (key) => floor.byQuery.get(key), cells);
      memoryAfterLoad ??= server.memory();
      const exitCode = await server.stop();
      server = null;
      if (exitCode !== 0) progress(`warning: the server exited with ${exitCode} on SIGTERM`);
    }
    // The peer on the same rows, with our server stopped, so each has the machine to itself.
    const peer = config.parts.has('postgrest')
      ? await runPostgrestPeer({ dbFile, workload, concurrencies: config.concurrencies, warmupMs: config.warmupMs, durationMs: config.durationMs, progress })
      : [];
    const loadAfter = loadavg()[0] as number;
    if (!memoryAtStart || !memoryAfterLoad) throw new Error('no server ran');

    printReport(
      { config, dataset, dbBytes, workload, floor, cells, memoryAtStart, memoryAfterLoad, loadAverages: [loadBefore, loadAfter] },
      (line = '') => void process.stdout.write(`${line}\n`),
    );
    if (peer.length > 0) process.stdout.write(`\n${peerTable(cells, peer)}\n`);
    process.stdout.write(`${liveWrites}\n`);
    if (config.parts.has('console')) process.stdout.write(`\n${consoleBenchTable(consoleRows)}\n`);
    // The voice pipeline last, with the API servers stopped, so its timings have the cores to themselves.
    if (config.parts.has('bot')) {
      progress('the interview bot pipeline (50 turns against fakes with fixed latencies)');
      process.stdout.write(`\n${botBenchTable(await runBotBench())}\n`);
    }
    if (config.parts.has('live-socket')) {
      progress('the live socket with a 10 MB transcript (server in this process, its loop timed)');
      process.stdout.write(`\n${liveSocketBenchTable(await runLiveSocketBench(progress))}\n`);
    }
    if (config.parts.has('sync')) {
      progress('team sync against a local Postgres + PostgREST');
      process.stdout.write(`\n${formatSyncBench(await runSyncBench())}\n`);
    }
    if (config.parts.has('bot-reporting')) {
      progress('bot reporting to the team project against a local Postgres + PostgREST');
      process.stdout.write(`\n${formatBotReportingBench(await runBotReportingBench())}\n`);
    }
    if (config.parts.has('team-live')) {
      progress('the team live view: bot store -> visible on another desktop (two consoles, Realtime stand-in)');
      process.stdout.write(`\n${formatTeamLiveBench(await runTeamLiveBench())}\n`);
    }
  } finally {
    if (server) await server.stop();
    removeDataDir();
  }
}

/** Live interviews store a final segment every few seconds each; 4/s is two interviews with room to spare. */
const LIVE_SEGMENTS_PER_SECOND = 4;

/**
 * The list again with the cache on while an interview writes: each stored segment invalidates the
 * reused replies, so this is the cache's everyday case rather than its best.
 */
async function runWhileLive(
  server: RunningServer,
  workload: Workload,
  queries: BenchQuery[],
  config: ReturnType<typeof readBenchConfig>,
  floorOf: (key: BenchQuery['key']) => CellResult['floor'],
  cells: CellResult[],
): Promise<string> {
  const lines: string[] = [];
  for (const query of queries.filter((candidate) => candidate.key === 'list-default' || candidate.key === 'list-filtered')) {
    const concurrency = Math.max(...config.concurrencies);
    const variant: BenchQuery = { ...query, label: `${query.label} [live writes]` };
    progress(`${variant.label} at concurrency ${concurrency}`);
    const writer = await startLiveWriter(server, workload.orgId, LIVE_SEGMENTS_PER_SECOND);
    const load = await runLoad({ baseUrl: server.url, token: server.token, paths: query.paths, concurrency, warmupMs: config.warmupMs, durationMs: config.durationMs });
    const writes = await writer.stop();
    cells.push({ query: variant, concurrency, load, floor: floorOf(query.key) });
    lines.push(`${variant.label}: ${writes.stored} segments stored over ${writes.seconds.toFixed(1)} s (${(writes.stored / writes.seconds).toFixed(1)}/s) while it ran`);
  }
  return `\n[live writes]: ${lines.join('; ')}`;
}

/** One request per query before timing anything: a wrong path or empty result would make fast numbers meaningless. */
async function checkResponses(server: RunningServer, workload: Workload, queries: BenchQuery[]): Promise<void> {
  const getJson = async (path: string): Promise<{ data: unknown; pagination?: { total: number } }> => {
    const response = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${server.token}` } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as { data: unknown; pagination?: { total: number } };
  };
  const me = (await getJson('/api/me')).data as { orgs: { id: string }[] };
  if (!me.orgs.some((org) => org.id === workload.orgId)) throw new Error(`GET /api/me does not list the seeded org ${workload.orgId}`);
  for (const query of queries) {
    const reply = await getJson(query.paths[0] as string);
    const rows = Array.isArray(reply.data) ? reply.data.length : 1;
    if (rows === 0) throw new Error(`${query.label}: ${query.paths[0]} returned no rows`);
    if (query.key === 'list-filtered' && (rows !== 100 || reply.pagination?.total !== workload.filteredRows)) {
      throw new Error(`${query.label}: expected 100 of ${workload.filteredRows} rows, got ${rows} of ${reply.pagination?.total}`);
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

main().then(
  () => {
    cleanupAll();
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    cleanupAll();
    process.exitCode = 1;
  },
);
