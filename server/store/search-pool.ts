import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ListTranscriptsQuery, TranscriptSummary } from '../../contracts/transcript.js';
import type { TranscriptStore } from './transcript-store.js';

type SearchResult = { items: TranscriptSummary[]; total: number } | null;

/**
 * Full-text search off the main thread, through one worker with its own read-only connection.
 * When the worker script is not there (source runs, some tests) or the worker dies, searches run
 * inline on the main connection instead: slower under load, never wrong.
 */
export class SearchPool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(result: SearchResult): void; reject(error: Error): void }>();

  constructor(
    private readonly inline: TranscriptStore,
    workerScript: string | null,
    databaseFile: string,
    nativeBinding?: string,
  ) {
    if (!workerScript || !existsSync(workerScript)) return;
    this.worker = new Worker(workerScript, { workerData: { file: databaseFile, nativeBinding } });
    this.worker.unref();
    this.worker.on('message', (message: { id: number; result?: SearchResult; error?: string }) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result ?? null);
    });
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => this.fallBack());
  }

  search(query: ListTranscriptsQuery): Promise<SearchResult> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(this.inline.list(query));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, query });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private fallBack(): void {
    this.worker = null;
    for (const [id, waiter] of this.pending) {
      this.pending.delete(id);
      waiter.reject(new Error('the search worker stopped'));
    }
  }
}
