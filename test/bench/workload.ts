import BetterSqlite3 from 'better-sqlite3';
import { Random } from './random.js';

export type QueryKey = 'list-default' | 'list-filtered' | 'get-by-id' | 'search';

/** What the measured requests are made of; read back from the database so a cached dataset works too. */
export interface Workload {
  orgId: string;
  userId: string;
  /** Random sample of session ids for get-by-id, in the order they are requested. */
  sessionIds: string[];
  searchTerms: readonly string[];
  filteredStatus: 'completed';
  filteredOffset: number;
  filteredRows: number;
}

export interface BenchQuery {
  key: QueryKey;
  label: string;
  /** Rotated through in order by every load lane. */
  paths: string[];
  /** The same question asked of a server with its response cache off (`VOICE_RESPONSE_CACHE=off`). */
  uncached?: boolean;
}

export function readWorkload(dbFile: string, searchTerms: readonly string[], sampledIds: number, seed: number): Workload {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const { value: userId } = db.prepare("SELECT value FROM app_settings WHERE key = 'local_user_id'").get() as { value: string };
    const { org_id: orgId } = db.prepare('SELECT org_id FROM org_members WHERE user_id = ?').get(userId) as { org_id: string };
    const ids = db.prepare('SELECT id FROM voice_sessions WHERE org_id = ?').pluck().all(orgId) as string[];
    const { n: total } = db.prepare('SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ?').get(orgId) as { n: number };
    const { n: filteredRows } = db
      .prepare("SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ? AND status = 'completed'")
      .get(orgId) as { n: number };
    // The offset: half-way through 100,000 sessions.
    const filteredOffset = Math.floor(total / 2);
    if (filteredRows < filteredOffset + 100) {
      throw new Error(`status=completed leaves ${filteredRows} rows; offset ${filteredOffset} needs at least ${filteredOffset + 100}`);
    }
    const random = new Random(seed);
    return {
      orgId,
      userId,
      sessionIds: random.shuffled(ids).slice(0, sampledIds),
      searchTerms,
      filteredStatus: 'completed',
      filteredOffset,
      filteredRows,
    };
  } finally {
    db.close();
  }
}

export function benchQueries(workload: Workload): BenchQuery[] {
  const org = `orgId=${workload.orgId}`;
  return [
    { key: 'list-default', label: 'list default', paths: [`/api/voice/sessions?${org}`] },
    {
      key: 'list-filtered',
      label: `list ${workload.filteredStatus}+name asc, offset ${workload.filteredOffset}`,
      paths: [
        `/api/voice/sessions?${org}&status=${workload.filteredStatus}&sortBy=candidateName&sortOrder=asc&offset=${workload.filteredOffset}&limit=100`,
      ],
    },
    { key: 'get-by-id', label: 'get session by id', paths: workload.sessionIds.map((id) => `/api/voice/sessions/${id}`) },
    {
      key: 'search',
      label: 'transcript search',
      paths: workload.searchTerms.map((term) => `/api/voice/transcripts?${org}&q=${encodeURIComponent(term)}`),
    },
  ];
}
