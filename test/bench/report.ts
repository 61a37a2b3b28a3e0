import { cpus } from 'node:os';
import { TARGETS, type BenchConfig } from './bench-config.js';
import { CACHE_DIR, type PreparedDataset } from './dataset-cache.js';
import type { LatencySummary } from './latency-stats.js';
import type { LoadResult } from './load-protocol.js';
import type { MemoryReading } from './server-control.js';
import type { FloorReport, SearchTermFloor } from './sqlite-floor.js';
import type { BenchQuery, Workload } from './workload.js';

export interface CellResult {
  query: BenchQuery;
  concurrency: number;
  load: LoadResult;
  floor: LatencySummary | undefined;
}

export interface Verdict {
  target: string;
  status: 'pass' | 'MISSED' | 'ERRORS' | 'ref: over' | 'ref: under' | '-';
  /** Why it missed, for the summary line. */
  misses: string[];
  /**
   * The list targets are for the server as shipped, cache on. The same list with the cache off
   * shows what the SQL itself costs: it is judged against them for reference, not as a miss.
   */
  reference: boolean;
}

export function judgeCell(cell: CellResult): Verdict {
  const { load } = cell;
  const misses: string[] = [];
  let target = '-';
  if ((cell.query.key === 'list-default' || cell.query.key === 'list-filtered') && cell.concurrency === TARGETS.list.concurrency) {
    target = `p99<=${TARGETS.list.p99Ms}ms, >=${TARGETS.list.minReqPerSec}/s`;
    if (!(load.latency.p99 <= TARGETS.list.p99Ms)) misses.push(`p99 ${ms(load.latency.p99)} ms > ${TARGETS.list.p99Ms} ms`);
    if (!(load.reqPerSec >= TARGETS.list.minReqPerSec)) misses.push(`${Math.round(load.reqPerSec)} req/s < ${TARGETS.list.minReqPerSec}`);
  } else if (cell.query.key === 'search') {
    const limit = cell.concurrency >= 16 ? TARGETS.search.p95AtConcurrency16Ms : TARGETS.search.p95Ms;
    target = `p95<=${limit}ms`;
    if (!(load.latency.p95 <= limit)) misses.push(`p95 ${ms(load.latency.p95)} ms > ${limit} ms`);
  }
  const reference = Boolean(cell.query.uncached) && cell.query.key !== 'search' && target !== '-';
  if (load.errors > 0) return { target, status: 'ERRORS', misses: [...misses, `${load.errors} failed requests`], reference: false };
  if (target === '-') return { target, status: '-', misses, reference };
  if (reference) return { target, status: misses.length > 0 ? 'ref: over' : 'ref: under', misses, reference };
  return { target, status: misses.length > 0 ? 'MISSED' : 'pass', misses, reference };
}

export function resultsTable(cells: CellResult[]): string {
  const header = ['query', 'conc', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'floor p50', 'ratio', 'target', 'result'];
  const rows = cells.map((cell) => {
    const verdict = judgeCell(cell);
    const floor = cell.floor?.p50;
    return [
      cell.query.label,
      String(cell.concurrency),
      String(cell.load.requests),
      String(cell.load.errors),
      ms(cell.load.latency.p50),
      ms(cell.load.latency.p95),
      ms(cell.load.latency.p99),
      Math.round(cell.load.reqPerSec).toLocaleString('en-US'),
      floor === undefined ? '-' : ms(floor),
      floor === undefined || floor <= 0 ? '-' : `${(cell.load.latency.p50 / floor).toFixed(1)}x`,
      verdict.target,
      verdict.status,
    ];
  });
  return table(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
}

export function searchTermsTable(terms: SearchTermFloor[], transcripts: number): string {
  const rows = terms.map((term) => [term.term, term.matches.toLocaleString('en-US'), `${term.matchPercent.toFixed(1)}%`, ms(term.p50)]);
  return table(['search term', `matches /${transcripts.toLocaleString('en-US')}`, 'share', 'floor p50 ms'], rows, new Set([1, 2, 3]));
}

export interface ReportInput {
  config: BenchConfig;
  dataset: PreparedDataset;
  dbBytes: number;
  workload: Workload;
  floor: FloorReport;
  cells: CellResult[];
  memoryAtStart: MemoryReading;
  memoryAfterLoad: MemoryReading;
  /** 1-minute load averages before the floor and after the last cell: other work on the machine skews every number. */
  loadAverages: [number, number];
}

/** The whole stdout report: context, the results table, search-term spread, memory, and every missed target by name. */
export function printReport(input: ReportInput, out: (line?: string) => void): void {
  const { config, dataset, workload, cells } = input;
  const summary = dataset.summary;
  const n = (value: number): string => Math.round(value).toLocaleString('en-US');
  out();
  out(
    `Interview Console voice API benchmark (node ${process.version}, ${cpus().length} CPUs; ` +
      `1-min load average ${input.loadAverages[0].toFixed(2)} before, ${input.loadAverages[1].toFixed(2)} after)`,
  );
  out(
    `dataset: ${n(summary.sessions)} sessions (${n(workload.filteredRows)} completed), ${n(summary.transcripts)} transcripts ` +
      `(avg ${n(summary.transcriptWords / summary.transcripts)} words in ${n(summary.transcriptSegments / summary.transcripts)} segments), ` +
      `${n(summary.analytics)} analytics, ${n(summary.historyRows)} status changes; database ${(input.dbBytes / 1e9).toFixed(2)} GB`,
  );
  out(
    dataset.source === 'cache'
      ? `seed time: ${seconds(summary.seedMs)} when the cached copy in ${CACHE_DIR} was seeded (this run copied it)`
      : `seed time: ${seconds(summary.seedMs)} (fresh, one transaction${dataset.savedToCache ? `; saved to ${CACHE_DIR}` : ''})`,
  );
  out(
    `method: load from a separate Node process over loopback keep-alive (one raw-socket HTTP/1.1 connection per lane, bodies counted, not parsed), ${seconds(config.warmupMs)} warm-up + ${seconds(config.durationMs)} per cell; ` +
      `floor = the server's own store calls (same SQL) on better-sqlite3 in-process, read-only, concurrency 1`,
  );
  out();
  out(resultsTable(cells));
  out(`ratio = server p50 / floor p50; at concurrency 16 it includes queueing behind the other 15 requests (one event loop, synchronous SQLite)`);
  out();
  out('requests (ORG = the seeded org id):');
  for (const query of new Map(cells.map((cell) => [cell.query.key, cell.query])).values()) {
    const example = (query.paths[0] as string).replaceAll(workload.orgId, 'ORG');
    const variants = query.paths.length > 1 ? ` (+${query.paths.length - 1} more ${query.key === 'search' ? 'terms' : 'ids'}, rotated)` : '';
    out(`  ${query.label.padEnd(40)} GET ${example}${variants}`);
  }
  out();
  out(searchTermsTable(input.floor.searchTerms, summary.transcripts));
  out();

  const after = input.memoryAfterLoad;
  const rssPass = after.rssMb <= TARGETS.rssMb;
  out(
    `server RSS: ${after.rssMb.toFixed(0)} MB after the load runs (${input.memoryAtStart.rssMb.toFixed(0)} MB after start` +
      `${after.peakRssMb === null ? '' : `, peak ${after.peakRssMb.toFixed(0)} MB`}); target <= ${TARGETS.rssMb} MB: ${rssPass ? 'pass' : 'MISSED'}`,
  );

  const failures = cells.flatMap((cell) => cell.load.errorSamples.map((sample) => `  ${cell.query.label} @${cell.concurrency}: ${sample}`));
  if (failures.length > 0) {
    out();
    out('failed requests (first few per cell):');
    failures.forEach((line) => out(line));
  }

  const missesOf = (reference: boolean): string[] =>
    cells.flatMap((cell) => {
      const verdict = judgeCell(cell);
      return verdict.reference === reference ? verdict.misses.map((miss) => `${cell.query.label} @${cell.concurrency}: ${miss}`) : [];
    });
  const misses = missesOf(false);
  if (!rssPass) misses.push(`server RSS ${after.rssMb.toFixed(0)} MB > ${TARGETS.rssMb} MB`);
  out();
  if (misses.length === 0) out('TARGETS: all met');
  else {
    out(`TARGETS MISSED (${misses.length}):`);
    misses.forEach((miss) => out(`  MISSED ${miss}`));
  }
  const over = missesOf(true);
  if (over.length > 0) {
    out('for reference, the list with the response cache off against the same targets (the SQL itself on one event loop; not a target):');
    over.forEach((line) => out(`  over ${line}`));
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return Math.round(value).toString();
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
