import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ListTranscriptsQuery, TranscriptSummary } from '../../contracts/transcript.js';
import type { TranscriptStore } from './transcript-store.js';

type SearchResult = { items: TranscriptSummary[]; total: number } | null;

interface Waiter {
  resolve(result: SearchResult): void;
  reject(error: Error): void;
}

interface SearchWorker {
  thread: Worker;
  pending: Map<number, Waiter>;
}

/** How long a worker has to finish its search and close its connection when the server stops. */
const CLOSE_GRACE_MS = 3000;

/** One per core on this 2-core class of machine: a third would only queue behind the main thread. */
export const DEFAULT_SEARCH_WORKERS = 2;

/**
 * Full-text search off the main thread, through worker threads with their own read-only
 * connections (WAL lets them read while the main connection writes). Each search goes to the
 * worker with the fewest waiting, so concurrent searches run side by side instead of queueing on
 * one connection. When the worker script is not there (source runs, some tests) or every worker
 * died, searches run inline on the main connection instead: slower under load, never wrong.
 */
export class SearchPool {
  private workers: SearchWorker[] = [];
  private nextId = 1;

  constructor(
    private readonly inline: TranscriptStore,
    workerScript: string | null,
    databaseFile: string,
    nativeBinding?: string,
    count = DEFAULT_SEARCH_WORKERS,
  ) {
    if (!workerScript || !existsSync(workerScript)) return;
    for (let i = 0; i < count; i += 1) this.workers.push(this.startWorker(workerScript, databaseFile, nativeBinding));
  }

  search(query: ListTranscriptsQuery): Promise<SearchResult> {
    const worker = this.leastBusy();
    if (!worker) return Promise.resolve(this.inline.list(query));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      worker.pending.set(id, { resolve, reject });
      worker.thread.postMessage({ id, query });
    });
  }

  /** How many worker threads are serving searches (0: inline). */
  workerCount(): number {
    return this.workers.length;
  }

  /**
   * Each worker closes its connection and ends on its own: terminate() stops a thread wherever it
   * is, possibly inside SQLite, and a native addon torn down that way can abort the whole process
   * (a SIGTERM'd server was seen to die by a signal instead of exiting 0). terminate() stays the
   * fallback for a worker that does not end in time.
   */
  /** Resolves with each worker's exit code (0: it closed itself; 1: it had to be terminated). */
  close(): Promise<number[]> {
    const workers = this.workers;
    this.workers = [];
    return Promise.all(
      workers.map(
        (worker) =>
          new Promise<number>((resolve) => {
            const fallback = setTimeout(() => void worker.thread.terminate(), CLOSE_GRACE_MS);
            worker.thread.once('exit', (code) => {
              clearTimeout(fallback);
              resolve(code);
            });
            worker.thread.postMessage({ close: true });
          }),
      ),
    );
  }

  private startWorker(workerScript: string, databaseFile: string, nativeBinding: string | undefined): SearchWorker {
    // A search's JS is one page of results: small heaps keep two workers inside the server's
    // 300 MB budget (V8's defaults let each grow by tens of MB before collecting).
    const thread = new Worker(workerScript, {
      workerData: { file: databaseFile, nativeBinding },
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 },
    });
    thread.unref();
    const worker: SearchWorker = { thread, pending: new Map() };
    thread.on('message', (message: { id: number; result?: SearchResult; error?: string }) => {
      const waiter = worker.pending.get(message.id);
      if (!waiter) return;
      worker.pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result ?? null);
    });
    thread.on('error', () => this.drop(worker));
    thread.on('exit', () => this.drop(worker));
    return worker;
  }

  private leastBusy(): SearchWorker | null {
    let best: SearchWorker | null = null;
    for (const worker of this.workers) if (!best || worker.pending.size < best.pending.size) best = worker;
    return best;
  }

  private drop(worker: SearchWorker): void {
    this.workers = this.workers.filter((candidate) => candidate !== worker);
    for (const [id, waiter] of worker.pending) {
      worker.pending.delete(id);
      waiter.reject(new Error('the search worker stopped'));
    }
  }
}
