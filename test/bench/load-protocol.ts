import type { LatencySummary } from './latency-stats.js';

/** Sent to a load worker on stdin. */
export interface LoadPlan {
  baseUrl: string;
  token: string;
  paths: string[];
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Sent with every request besides the bearer token (a peer's `Prefer: count=exact`). */
  headers?: Record<string, string>;
  /** Statuses that count as answered (200 unless given; PostgREST answers a counted page with 206). */
  okStatuses?: number[];
}

/** Written by a load worker as one JSON line on stdout. */
export interface LoadResult {
  requests: number;
  errors: number;
  /** The first few distinct failures, e.g. `500 {"success":false,...}` or `ECONNRESET`. */
  errorSamples: string[];
  elapsedMs: number;
  reqPerSec: number;
  latency: LatencySummary;
}
