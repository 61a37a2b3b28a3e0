import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { ListTranscriptsQuery } from '../../contracts/transcript.js';
import { TranscriptStore } from './transcript-store.js';

/**
 * Runs full-text searches on its own read-only connection (WAL lets it read while the main
 * connection writes), so a search uses the second core instead of stalling every other request.
 */
interface SearchWorkerData {
  file: string;
  nativeBinding?: string;
}

const { file, nativeBinding } = workerData as SearchWorkerData;
const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
db.pragma('busy_timeout = 5000');
// 16 MB each: two workers' caches stay within the server's memory budget (300 MB), and what a
// cache misses is still in the OS page cache.
db.pragma('cache_size = -16000');
const transcripts = new TranscriptStore(db);

type PoolMessage = { id: number; query: ListTranscriptsQuery } | { close: true };

parentPort?.on('message', (message: PoolMessage) => {
  if ('close' in message) {
    // Closed here, on this thread, before it ends (see SearchPool.close).
    db.close();
    parentPort?.close();
    return;
  }
  try {
    parentPort?.postMessage({ id: message.id, result: transcripts.list(message.query) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
