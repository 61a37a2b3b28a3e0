import type { Database } from 'better-sqlite3';
import type { ErasureReceipt, RightsStore, StoreOutcome } from '../../contracts/candidate-rights.js';
import { readJson } from '../store/json-column.js';

interface ErasureRow {
  id: string;
  org_id: string;
  email_hash: string | null;
  session_ids: string;
  archive_keys: string;
  requested_at: string;
  requested_by: string;
  completed_at: string | null;
  stores: string;
}

/** An erasure as kept: its receipt plus what a retry needs (the sessions and S3 keys, never the e-mail). */
export interface ErasureRecord {
  receipt: ErasureReceipt;
  sessionIds: string[];
  archiveKeys: string[];
}

function toRecord(row: ErasureRow): ErasureRecord {
  const sessionIds = readJson<string[]>(row.session_ids, []);
  return {
    receipt: {
      id: row.id,
      orgId: row.org_id,
      emailHash: row.email_hash,
      sessionCount: sessionIds.length,
      requestedAt: row.requested_at,
      requestedBy: row.requested_by,
      completedAt: row.completed_at,
      stores: readJson<Record<RightsStore, StoreOutcome>>(row.stores, { local: pendingOutcome(), team: pendingOutcome(), archive: pendingOutcome() }),
    },
    sessionIds,
    archiveKeys: readJson<string[]>(row.archive_keys, []),
  };
}

export function pendingOutcome(): StoreOutcome {
  return { state: 'pending', counts: null, lastError: null, doneAt: null };
}

/** Erasure requests and their receipts. */
export class ErasureStore {
  constructor(private readonly db: Database) {}

  save(record: ErasureRecord): void {
    const { receipt } = record;
    this.db
      .prepare(
        `INSERT INTO rights_erasures (id, org_id, email_hash, session_ids, archive_keys, requested_at, requested_by, completed_at, stores)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET session_ids = excluded.session_ids, archive_keys = excluded.archive_keys,
           completed_at = excluded.completed_at, stores = excluded.stores`,
      )
      .run(
        receipt.id,
        receipt.orgId,
        receipt.emailHash,
        JSON.stringify(record.sessionIds),
        JSON.stringify(record.archiveKeys),
        receipt.requestedAt,
        receipt.requestedBy,
        receipt.completedAt,
        JSON.stringify(receipt.stores),
      );
  }

  get(id: string): ErasureRecord | null {
    const row = this.db.prepare('SELECT * FROM rights_erasures WHERE id = ?').get(id) as ErasureRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** The latest erasure of this e-mail hash in the org (repeating a request returns it). */
  latestFor(orgId: string, emailHash: string): ErasureRecord | null {
    const row = this.db
      .prepare('SELECT * FROM rights_erasures WHERE org_id = ? AND email_hash = ? ORDER BY requested_at DESC LIMIT 1')
      .get(orgId, emailHash) as ErasureRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** The latest erasure that covered this session. */
  latestForSession(orgId: string, sessionId: string): ErasureRecord | null {
    const row = this.db
      .prepare(
        `SELECT e.* FROM rights_erasures e WHERE e.org_id = ? AND EXISTS (SELECT 1 FROM json_each(e.session_ids) j WHERE j.value = ?)
         ORDER BY e.requested_at DESC LIMIT 1`,
      )
      .get(orgId, sessionId) as ErasureRow | undefined;
    return row ? toRecord(row) : null;
  }

  list(orgId: string): ErasureReceipt[] {
    const rows = this.db.prepare('SELECT * FROM rights_erasures WHERE org_id = ? ORDER BY requested_at DESC, id DESC LIMIT 200').all(orgId) as ErasureRow[];
    return rows.map((row) => toRecord(row).receipt);
  }

  open(): ErasureRecord[] {
    const rows = this.db.prepare('SELECT * FROM rights_erasures WHERE completed_at IS NULL ORDER BY requested_at').all() as ErasureRow[];
    return rows.map(toRecord);
  }
}
