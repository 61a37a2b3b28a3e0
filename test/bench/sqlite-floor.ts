import BetterSqlite3 from 'better-sqlite3';
import { listSessionsQuery, type ListSessionsQuery } from '../../contracts/session.js';
import { listTranscriptsQuery, type ListTranscriptsQuery } from '../../contracts/transcript.js';
import { MembershipStore } from '../../server/store/membership-store.js';
import { SessionStore } from '../../server/store/session-store.js';
import { TranscriptStore } from '../../server/store/transcript-store.js';
import { elapsedMs, summarize, type LatencySummary } from './latency-stats.js';
import type { QueryKey, Workload } from './workload.js';

/**
 * The floor: what the server's own store calls cost for each request (the same statements, since
 * they are the same classes), in-process on a read-only better-sqlite3 connection with the
 * server's pragmas and no HTTP. Query objects are parsed once, outside the timing, so the floor
 * is the database work alone and server p50 / floor p50 is what HTTP, validation and JSON add.
 */
const PAGE = 100;

export interface SearchTermFloor {
  term: string;
  matches: number;
  matchPercent: number;
  p50: number;
}

export interface FloorReport {
  byQuery: Map<QueryKey, LatencySummary>;
  searchTerms: SearchTermFloor[];
}

export interface FloorTiming {
  warmupMs: number;
  durationMs: number;
}

export function measureFloor(dbFile: string, workload: Workload, timing: FloorTiming): FloorReport {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    const stores = { memberships: new MembershipStore(db), sessions: new SessionStore(db), transcripts: new TranscriptStore(db) };
    const runners = floorRunners(stores, workload);
    const byQuery = new Map<QueryKey, LatencySummary>();
    for (const [key, run] of Object.entries(runners) as [QueryKey, (i: number) => void][]) {
      byQuery.set(key, timeLoop(run, timing));
    }
    return { byQuery, searchTerms: searchTermFloors(stores, workload) };
  } finally {
    db.close();
  }
}

interface FloorStores {
  memberships: MembershipStore;
  sessions: SessionStore;
  transcripts: TranscriptStore;
}

function searchQuery(w: Workload, term: string): ListTranscriptsQuery {
  return listTranscriptsQuery.parse({ orgId: w.orgId, q: term });
}

/** One closure per query, doing the store calls its route does; `i` picks the variant in the load lanes' rotation. */
function floorRunners(stores: FloorStores, w: Workload): Record<QueryKey, (i: number) => void> {
  const { memberships, sessions, transcripts } = stores;
  const listDefault: ListSessionsQuery = listSessionsQuery.parse({ orgId: w.orgId });
  const listFiltered: ListSessionsQuery = listSessionsQuery.parse({
    orgId: w.orgId,
    status: w.filteredStatus,
    sortBy: 'candidateName',
    sortOrder: 'asc',
    offset: String(w.filteredOffset),
    limit: String(PAGE),
  });
  const searches = w.searchTerms.map((term) => searchQuery(w, term));
  return {
    'list-default': () => {
      memberships.roleIn(w.orgId, w.userId);
      sessions.list(listDefault);
    },
    'list-filtered': () => {
      memberships.roleIn(w.orgId, w.userId);
      sessions.list(listFiltered);
    },
    'get-by-id': (i) => {
      const id = w.sessionIds[i % w.sessionIds.length] as string;
      sessions.get(id);
      memberships.roleIn(w.orgId, w.userId);
      sessions.history(id);
    },
    search: (i) => {
      memberships.roleIn(w.orgId, w.userId);
      transcripts.list(searches[i % searches.length] as ListTranscriptsQuery);
    },
  };
}

function timeLoop(run: (i: number) => void, timing: FloorTiming): LatencySummary {
  const warmupEnd = performance.now() + timing.warmupMs;
  for (let i = 0; performance.now() < warmupEnd; i++) run(i);
  const samples: number[] = [];
  const end = performance.now() + timing.durationMs;
  // At least one full rotation, so a slow variant is never skipped.
  for (let i = 0; performance.now() < end || i < 12; i++) {
    const start = process.hrtime.bigint();
    run(i);
    samples.push(elapsedMs(start));
  }
  return summarize(samples);
}

/** Per term: how many transcripts it hits, which is what search latency follows. */
function searchTermFloors(stores: FloorStores, w: Workload): SearchTermFloor[] {
  const transcripts = stores.transcripts.list(listTranscriptsQuery.parse({ orgId: w.orgId, limit: '1' }))?.total ?? 0;
  return w.searchTerms.map((term) => {
    const query = searchQuery(w, term);
    const samples: number[] = [];
    let matches = 0;
    for (let i = 0; i < 9; i++) {
      const start = process.hrtime.bigint();
      matches = stores.transcripts.list(query)?.total ?? 0;
      samples.push(elapsedMs(start));
    }
    return { term, matches, matchPercent: (100 * matches) / Math.max(1, transcripts), p50: summarize(samples).p50 };
  });
}
