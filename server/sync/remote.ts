import type { OrgRole } from '../../contracts/identity.js';
import type { WireRow } from './row-codec.js';
import type { SyncedTable } from './table-specs.js';

/** What the engine needs from the project: the three RPCs of migrations/supabase/007_sync.sql. */
export interface RemoteMembership {
  orgId: string;
  orgName: string;
  role: OrgRole;
  active: boolean;
  orgCreatedAt: string;
}

export interface WireOp {
  op_id: string;
  table: SyncedTable;
  kind: 'insert' | 'update' | 'delete';
  id: string;
  org_id: string;
  /** Insert: every synced column; update: the changed columns; delete: none. */
  fields: WireRow;
  /** Update: the values the changed columns had when this desktop changed them. */
  base: WireRow;
}

export interface FieldConflict {
  field: string;
  mine: unknown;
  theirs: unknown;
}

export interface OpResult {
  op_id: string;
  outcome: 'applied' | 'conflict' | 'rejected';
  sqlstate?: string | null;
  message?: string | null;
  detail?: string | null;
  conflicts: FieldConflict[];
  /** The row as the caller sees it after the op (null: invisible or never existed). */
  row: WireRow | null;
  replayed?: boolean;
}

export interface PullCursor {
  org_id: string;
  table: SyncedTable;
  txid: number;
  id: string;
}

export interface PullPage {
  org_id: string;
  table: SyncedTable;
  rows: WireRow[];
  has_more: boolean;
}

export interface PullResult {
  /** The server-order bound this page was read below (the oldest running transaction). */
  bound: string;
  pages: PullPage[];
}

export interface SyncRemote {
  memberships(): Promise<RemoteMembership[]>;
  push(ops: WireOp[]): Promise<OpResult[]>;
  pull(cursors: PullCursor[], limit: number): Promise<PullResult>;
}
