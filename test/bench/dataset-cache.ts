import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../server/store/open-database.js';
import type { CacheMode } from './bench-config.js';
import { MIGRATIONS_DIR, seedDataset, type DatasetSize, type SeedSummary } from './seed-dataset.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'bench-data');
const MANIFEST = 'manifest.json';
/** Changing any of these changes the rows, so they are part of the cache key. */
const GENERATOR_SOURCES = ['seed-dataset.ts', 'text-generator.ts', 'vocabulary.ts', 'random.ts'];

interface Manifest {
  fingerprint: string;
  summary: SeedSummary;
  createdAt: string;
}

export interface PreparedDataset {
  summary: SeedSummary;
  source: 'fresh' | 'cache';
  savedToCache: boolean;
}

/**
 * Puts a seeded database into `dataDir` (a fresh folder the caller owns and deletes). A cached copy
 * is only ever copied from, never served, so the server's WAL files and any writes never reach it.
 */
export function prepareDataset(dataDir: string, size: DatasetSize, seed: number, mode: CacheMode): PreparedDataset {
  const fingerprint = datasetFingerprint(size, seed);
  const cached = mode === 'off' ? null : readManifest(fingerprint);
  if (cached) {
    copyFileSync(join(CACHE_DIR, DATABASE_FILE), join(dataDir, DATABASE_FILE));
    return { summary: cached.summary, source: 'cache', savedToCache: false };
  }
  const summary = seedDataset(dataDir, size, seed, new Date());
  if (mode !== 'write') return { summary, source: 'fresh', savedToCache: false };
  saveToCache(dataDir, { fingerprint, summary, createdAt: new Date().toISOString() });
  return { summary, source: 'fresh', savedToCache: true };
}

function datasetFingerprint(size: DatasetSize, seed: number): string {
  const hash = createHash('sha256').update(JSON.stringify({ size, seed }));
  for (const file of GENERATOR_SOURCES) hash.update(readFileSync(join(import.meta.dirname, file)));
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return hash.digest('hex');
}

function readManifest(fingerprint: string): Manifest | null {
  const path = join(CACHE_DIR, MANIFEST);
  if (!existsSync(path) || !existsSync(join(CACHE_DIR, DATABASE_FILE))) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return manifest.fingerprint === fingerprint ? manifest : null;
  } catch {
    return null;
  }
}

/** The manifest is written last, so an interrupted save leaves a cache that is simply not used. */
function saveToCache(dataDir: string, manifest: Manifest): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  rmSync(join(CACHE_DIR, MANIFEST), { force: true });
  const partial = join(CACHE_DIR, `${DATABASE_FILE}.partial`);
  copyFileSync(join(dataDir, DATABASE_FILE), partial);
  renameSync(partial, join(CACHE_DIR, DATABASE_FILE));
  writeFileSync(join(CACHE_DIR, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}
