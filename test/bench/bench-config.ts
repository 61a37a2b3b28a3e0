import type { DatasetSize } from './seed-dataset.js';

export type CacheMode = 'auto' | 'write' | 'off';

export interface BenchConfig {
  size: DatasetSize;
  seed: number;
  /**
   * auto: reuse a matching cached dataset if there is one, else seed fresh and leave no copy;
   * write: the same, but a fresh seed is also saved for next time; off: always seed fresh.
   */
  cache: CacheMode;
  concurrencies: readonly number[];
  warmupMs: number;
  durationMs: number;
  floorWarmupMs: number;
  floorDurationMs: number;
  /** How many distinct session ids the get-by-id cell cycles through. */
  sampledIds: number;
  /** Which parts run besides the API cells (BENCH_PARTS=postgrest,… for a quick iteration; every part by default). */
  parts: ReadonlySet<BenchPart>;
}

export const BENCH_PARTS = ['postgrest', 'console', 'bot', 'live-socket', 'sync', 'bot-reporting', 'team-live'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

function readParts(value: string | undefined): ReadonlySet<BenchPart> {
  if (value === undefined || value.trim() === '') return new Set(BENCH_PARTS);
  const parts = value.split(',').map((part) => part.trim());
  const unknown = parts.filter((part) => !(BENCH_PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`BENCH_PARTS: unknown ${unknown.join(', ')} (known: ${BENCH_PARTS.join(', ')})`);
  return new Set(parts as BenchPart[]);
}

/** The scale by default; the env knobs exist for quick local iterations, not for reporting. */
export function readBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const cache = env.BENCH_CACHE === '1' || env.BENCH_CACHE === 'write' ? 'write' : env.BENCH_CACHE === '0' || env.BENCH_CACHE === 'off' ? 'off' : 'auto';
  const seconds = positive(env.BENCH_SECONDS, 5);
  return {
    size: {
      sessions: positive(env.BENCH_SESSIONS, 100_000),
      transcripts: positive(env.BENCH_TRANSCRIPTS, 10_000),
      extraAnalytics: positive(env.BENCH_EXTRA_ANALYTICS, 20_000),
      days: 365,
    },
    seed: 20_240_601,
    cache,
    concurrencies: [1, 16],
    warmupMs: 1000,
    durationMs: seconds * 1000,
    floorWarmupMs: 300,
    floorDurationMs: Math.min(2000, seconds * 1000),
    sampledIds: 2000,
    parts: readParts(env.BENCH_PARTS),
  };
}

function positive(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`expected a positive number, got "${value}"`);
  return parsed;
}

/** The targets. */
export const TARGETS = {
  list: { concurrency: 16, p99Ms: 10, minReqPerSec: 2000 },
  /** Uncached, as a recruiter's new search meets it: p95 at concurrency 1 and at 16. */
  search: { p95Ms: 25, p95AtConcurrency16Ms: 150 },
  rssMb: 300,
} as const;
