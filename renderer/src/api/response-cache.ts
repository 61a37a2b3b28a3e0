import type { Pagination } from '../../../contracts/api-envelope.js';

/**
 * Every GET reply the console has seen, kept so that what was loaded stays readable offline:
 * in memory for this run, and in IndexedDB across restarts of the console.
 */
export interface CachedReply {
  data: unknown;
  pagination?: Pagination;
  savedAt: number;
}

const DB_NAME = 'interview-console-cache';
const STORE = 'replies';
const memory = new Map<string, CachedReply>();
let database: Promise<IDBDatabase | null> | null = null;

function openDatabase(): Promise<IDBDatabase | null> {
  database ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null);
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    // A browser that refuses storage (private mode, quota) still has the in-memory cache.
    request.onerror = () => resolve(null);
  });
  return database;
}

export function cachedInMemory(key: string): CachedReply | undefined {
  return memory.get(key);
}

export function remember(key: string, reply: CachedReply): void {
  memory.set(key, reply);
  void openDatabase().then((db) => {
    if (!db) return;
    try {
      db.transaction(STORE, 'readwrite').objectStore(STORE).put(reply, key);
    } catch {
      // Storage full or closed: the memory copy still serves this run.
    }
  });
}

export async function recall(key: string): Promise<CachedReply | undefined> {
  const inMemory = memory.get(key);
  if (inMemory) return inMemory;
  const db = await openDatabase();
  if (!db) return undefined;
  return new Promise((resolve) => {
    try {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
      request.onsuccess = () => {
        const found = request.result as CachedReply | undefined;
        if (found) memory.set(key, found);
        resolve(found);
      };
      request.onerror = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
}

/** Drops cached replies whose key starts with `prefix` (after a delete, so offline views do not resurrect it). */
export function forget(prefix: string): void {
  for (const key of [...memory.keys()]) if (key.startsWith(prefix)) memory.delete(key);
  void openDatabase().then((db) => {
    if (!db) return;
    try {
      const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
      store.delete(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
    } catch {
      // Nothing to do: a stale entry only shows while offline.
    }
  });
}

/** Drops every cached reply, and resolves once IndexedDB has too (signing out: nothing stays readable). */
export async function forgetAll(): Promise<void> {
  memory.clear();
  const db = await openDatabase();
  if (!db) return;
  await new Promise<void>((resolve) => {
    try {
      const transaction = db.transaction(STORE, 'readwrite');
      transaction.objectStore(STORE).clear();
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => resolve();
      transaction.onabort = () => resolve();
    } catch {
      resolve();
    }
  });
}
