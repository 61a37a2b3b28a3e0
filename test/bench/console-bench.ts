import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { Me } from '../../contracts/identity.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { launchTestChromium } from '../support/chromium.js';
import { signInLink } from '../support/server-process.js';

/**
 * The console's part of `npm run bench`, in Debian Chromium against a server holding the
 * 100,000-session dataset: time from navigation to the sessions list rendered with data, and to
 * the transcript of a ~4,500-word interview rendered (p50 of 5 fresh page loads each); the worst
 * frame while scrolling through 10,000 rows; the renderer's JS gzipped, daily-js excluded.
 */
export interface ConsoleBenchRow {
  metric: string;
  value: number;
  unit: 'ms' | 'KB';
  target: number;
  pass: boolean;
  detail: string;
}

export interface ConsoleBenchOptions {
  serverUrl: string;
  token: string;
  /** Fresh page loads per timing (the p50 is reported). */
  runs?: number;
  /** Rows scrolled through in the frame-time measurement. */
  scrollRows?: number;
  /** Words of the transcript to open (the closest one in the dataset is used). */
  transcriptWords?: number;
  progress?: (line: string) => void;
}

export const CONSOLE_TARGETS = { listMs: 1000, transcriptMs: 500, frameMs: 50, bundleKb: 350 } as const;

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ASSETS_DIR = join(REPO_ROOT, 'dist', 'renderer', 'assets');
/** daily-js is its own chunk, loaded only when a recruiter joins a call. */
const LAZY_CHUNK = /^daily-esm-/;
/** The virtualized table's row height (renderer/src/sessions/VirtualSessionTable.tsx). */
const ROW_HEIGHT = 48;
const ROWS_PER_FRAME = 20;

/** Gzipped size of every JS file the console loads up front (level 9, as a server would send it). */
export function rendererBundleKb(assetsDir = ASSETS_DIR): { kb: number; files: string[] } {
  const files = readdirSync(assetsDir).filter((name) => name.endsWith('.js') && !LAZY_CHUNK.test(name));
  if (files.length === 0) throw new Error(`no renderer bundle in ${assetsDir}: run npm run build first`);
  const bytes = files.reduce((total, name) => total + gzipSync(readFileSync(join(assetsDir, name)), { level: 9 }).length, 0);
  return { kb: Math.round((bytes / 1024) * 10) / 10, files };
}

/** The little of the page's globals the predicates below read (the bench type-checks without DOM types). */
interface PageGlobals {
  document: { querySelector(selector: string): unknown; querySelectorAll(selector: string): { length: number } };
}

// Predicates are self-contained functions (they are sent to the page as source), not strings: the
// console's CSP forbids eval, which string predicates need.
const sessionRowShown = (): boolean => (globalThis as unknown as PageGlobals).document.querySelector('[data-session-id]') !== null;
const transcriptShown = (segments: number): boolean =>
  (globalThis as unknown as PageGlobals).document.querySelectorAll('.transcript-segments li').length >= segments;
const rowLoaded = (index: number): boolean => (globalThis as unknown as PageGlobals).document.querySelector(`[data-row="${index}"][data-session-id]`) !== null;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function apiGet<T>(options: ConsoleBenchOptions, path: string): Promise<ApiSuccess<T>> {
  const response = await fetch(new URL(path, options.serverUrl), { headers: { authorization: `Bearer ${options.token}` } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as ApiSuccess<T>;
}

/** The stored transcript whose length is closest to `words`. */
async function transcriptNear(options: ConsoleBenchOptions, orgId: string, words: number): Promise<Transcript> {
  let best: TranscriptSummary | null = null;
  for (let offset = 0; offset < 10_000; offset += 1000) {
    const page = await apiGet<TranscriptSummary[]>(options, `/api/voice/transcripts?orgId=${orgId}&limit=1000&offset=${offset}`);
    for (const item of page.data) {
      if (!best || Math.abs(item.wordCount - words) < Math.abs(best.wordCount - words)) best = item;
    }
    if (!page.pagination?.hasMore || (best && Math.abs(best.wordCount - words) <= words * 0.02)) break;
  }
  if (!best) throw new Error('the dataset holds no transcript');
  return (await apiGet<Transcript>(options, `/api/voice/transcripts/${best.id}`)).data;
}

/** Milliseconds from the start of navigation until `condition` (a page expression) holds, checked every frame. */
async function timeToCondition(browser: Browser, url: string, condition: (arg: number) => boolean, arg: number): Promise<number> {
  const context = browser.contexts()[0];
  if (!context) throw new Error('no signed-in browser context');
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(condition, arg, { polling: 'raf', timeout: 30_000 });
    return await page.evaluate<number>('performance.now()');
  } finally {
    await page.close();
  }
}

interface ScrollResult {
  frames: number;
  worstMs: number;
  p95Ms: number;
  over50: number;
  lastRowLoaded: boolean;
}

/** Scrolls the sessions table through `rows` rows, a fixed distance per frame, recording every frame's length. */
async function scrollFrames(page: Page, rows: number): Promise<ScrollResult> {
  const script = `new Promise((resolve) => {
    const scroller = document.querySelector('[data-testid="sessions-scroller"]');
    // No table to scroll is a failed row in the report, not a crash that loses every other figure.
    if (!scroller) { resolve([]); return; }
    const end = ${rows * ROW_HEIGHT} - scroller.clientHeight;
    const step = ${ROWS_PER_FRAME * ROW_HEIGHT};
    const frames = [];
    let last = performance.now();
    const tick = (now) => {
      frames.push(now - last);
      last = now;
      if (scroller.scrollTop >= end) {
        resolve(frames.slice(2));
        return;
      }
      scroller.scrollTop = Math.min(end, scroller.scrollTop + step);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  })`;
  const frames = await page.evaluate<number[]>(script);
  const lastRow = rows - 1;
  // The rows scrolled past are fetched in pages; the last one must arrive too, or nothing real was scrolled.
  const lastRowLoaded = await page
    .waitForFunction(rowLoaded, lastRow, { timeout: 15_000 })
    .then(
      () => true,
      () => false,
    );
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    frames: frames.length,
    worstMs: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
    p95Ms: Math.round((sorted[Math.floor(sorted.length * 0.95)] ?? 0) * 10) / 10,
    over50: frames.filter((frame) => frame > 50).length,
    lastRowLoaded,
  };
}

export async function runConsoleBench(options: ConsoleBenchOptions): Promise<ConsoleBenchRow[]> {
  const runs = options.runs ?? 5;
  const scrollRows = options.scrollRows ?? 10_000;
  const words = options.transcriptWords ?? 4500;
  const progress = options.progress ?? (() => undefined);
  const rows: ConsoleBenchRow[] = [];

  const bundle = rendererBundleKb();
  rows.push({
    metric: 'console: renderer JS, gzipped (daily-js excluded)',
    value: bundle.kb,
    unit: 'KB',
    target: CONSOLE_TARGETS.bundleKb,
    pass: bundle.kb <= CONSOLE_TARGETS.bundleKb,
    detail: bundle.files.join(', '),
  });

  const me = await apiGet<Me>(options, '/api/me');
  const orgId = me.data.orgs[0]?.id;
  if (!orgId) throw new Error('the signed-in user has no org');
  const transcript = await transcriptNear(options, orgId, words);
  const segments = transcript.speakerSegments.length;

  const browser = await launchTestChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const signIn = await context.newPage();
    await signIn.goto(await signInLink(options.serverUrl, options.token));
    await signIn.waitForFunction(sessionRowShown, undefined, { timeout: 30_000 });
    await signIn.close();

    progress(`console: sessions list, ${runs} page loads`);
    const list: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      list.push(await timeToCondition(browser, `${options.serverUrl}/sessions`, sessionRowShown, 0));
    }
    const listP50 = Math.round(median(list));
    rows.push({
      metric: 'console: navigation → sessions list rendered (p50)',
      value: listP50,
      unit: 'ms',
      target: CONSOLE_TARGETS.listMs,
      pass: listP50 <= CONSOLE_TARGETS.listMs,
      detail: `runs: ${list.map((value) => Math.round(value)).join(', ')} ms`,
    });

    progress(`console: ${transcript.wordCount}-word transcript, ${runs} page loads`);
    const transcriptTimes: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      transcriptTimes.push(
        await timeToCondition(browser, `${options.serverUrl}/sessions/${transcript.sessionId}/transcript`, transcriptShown, segments),
      );
    }
    const transcriptP50 = Math.round(median(transcriptTimes));
    rows.push({
      metric: `console: navigation → ${transcript.wordCount.toLocaleString('en-US')}-word transcript rendered (p50)`,
      value: transcriptP50,
      unit: 'ms',
      target: CONSOLE_TARGETS.transcriptMs,
      pass: transcriptP50 <= CONSOLE_TARGETS.transcriptMs,
      detail: `${segments} turns; runs: ${transcriptTimes.map((value) => Math.round(value)).join(', ')} ms`,
    });

    progress(`console: scrolling ${scrollRows.toLocaleString('en-US')} rows`);
    const page = await context.newPage();
    await page.goto(`${options.serverUrl}/sessions`);
    await page.waitForFunction(sessionRowShown, undefined, { timeout: 30_000 });
    const scroll = await scrollFrames(page, scrollRows);
    rows.push({
      metric: `console: scroll ${scrollRows.toLocaleString('en-US')} rows, worst frame`,
      value: scroll.worstMs,
      unit: 'ms',
      target: CONSOLE_TARGETS.frameMs,
      pass: scroll.over50 === 0 && scroll.lastRowLoaded,
      detail: `${scroll.frames === 0 ? 'no sessions table to scroll; ' : ''}${scroll.frames} frames, p95 ${scroll.p95Ms} ms, ${scroll.over50} over 50 ms${scroll.lastRowLoaded ? '' : ', last row never loaded'}`,
    });
    await page.close();
  } finally {
    await browser.close();
  }
  return rows;
}

export function consoleBenchTable(rows: readonly ConsoleBenchRow[]): string {
  const lines = rows.map(
    (row) => `${row.pass ? 'PASS' : 'MISS'}  ${row.metric.padEnd(58)} ${`${row.value} ${row.unit}`.padStart(10)}  (target ≤ ${row.target} ${row.unit})  ${row.detail}`,
  );
  return ['Console (Chromium)', ...lines].join('\n');
}

/**
 * Run alone (`node --import tsx test/bench/console-bench.ts` after `npm run build`): prepares the
 * bench dataset with the bench's own seeding, starts the server, measures, prints the table.
 */
async function standalone(): Promise<void> {
  const { readBenchConfig } = await import('./bench-config.js');
  const { prepareDataset } = await import('./dataset-cache.js');
  const { startServer } = await import('./server-control.js');
  const config = readBenchConfig();
  const dataDir = mkdtempSync(join(tmpdir(), 'console-bench-'));
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  try {
    log(`preparing ${config.size.sessions.toLocaleString('en-US')} sessions (cache: ${config.cache})`);
    prepareDataset(dataDir, config.size, config.seed, config.cache);
    const server = await startServer(dataDir);
    try {
      const rows = await runConsoleBench({ serverUrl: server.url, token: server.token, progress: log });
      process.stdout.write(`${consoleBenchTable(rows)}\n`);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  standalone().catch((error: unknown) => {
    process.stderr.write(`console bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
