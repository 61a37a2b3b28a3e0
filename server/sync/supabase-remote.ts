import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { orgRole } from '../../contracts/identity.js';
import type { OpResult, PullCursor, PullResult, RemoteMembership, SyncRemote, WireOp } from './remote.js';
import { classifyFailure, SyncRequestError } from './sync-errors.js';
import { isSyncedTable } from './table-specs.js';

const membershipRows = z.array(
  z.object({ org_id: z.string(), org_name: z.string(), role: orgRole, active: z.boolean(), org_created_at: z.string() }),
);
const opResults = z.array(
  z.object({
    op_id: z.string(),
    outcome: z.enum(['applied', 'conflict', 'rejected']),
    sqlstate: z.string().nullish(),
    message: z.string().nullish(),
    detail: z.string().nullish(),
    conflicts: z.array(z.object({ field: z.string(), mine: z.unknown(), theirs: z.unknown() })).default([]),
    row: z.record(z.string(), z.unknown()).nullish(),
    replayed: z.boolean().optional(),
  }),
);
const pullResult = z.object({
  bound: z.string(),
  pages: z.array(
    z.object({
      org_id: z.string(),
      table: z.string().refine(isSyncedTable, { error: 'not a synced table' }),
      // Rows are checked for shape only here (100,000 of them pass through an initial pull).
      rows: z.array(z.custom<Record<string, unknown>>((row) => typeof row === 'object' && row !== null && !Array.isArray(row))),
      has_more: z.boolean(),
    }),
  ),
});

type RpcReply = { data: unknown; error: { message: string; code?: string; details?: string } | null; status: number };

/** The project's sync RPCs through supabase-js (PostgREST), with the session's access token. */
export class SupabaseRemote implements SyncRemote {
  constructor(private readonly client: SupabaseClient) {}

  private async call<T>(fn: string, args: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    const reply = (await this.client.rpc(fn, args)) as RpcReply;
    if (reply.error) {
      // A network failure's reason (refused, reset, timed out) is in the details' "Caused by" line.
      const cause = reply.status === 0 ? /Caused by: ([^\n]+)/.exec(reply.error.details ?? '')?.[1] : undefined;
      throw classifyFailure(reply.status, reply.error.code, cause ? `${reply.error.message} (${cause})` : reply.error.message);
    }
    const parsed = schema.safeParse(reply.data);
    if (!parsed.success) throw new SyncRequestError('fatal', `unexpected reply from ${fn}: ${parsed.error.message.slice(0, 300)}`, reply.status);
    return parsed.data;
  }

  async memberships(): Promise<RemoteMembership[]> {
    const rows = await this.call('sync_memberships', {}, membershipRows);
    return rows.map((row) => ({ orgId: row.org_id, orgName: row.org_name, role: row.role, active: row.active, orgCreatedAt: row.org_created_at }));
  }

  async push(ops: WireOp[]): Promise<OpResult[]> {
    const results = await this.call('sync_push', { p_ops: ops }, opResults);
    return results.map((result) => ({ ...result, row: result.row ?? null }));
  }

  pull(cursors: PullCursor[], limit: number): Promise<PullResult> {
    return this.call('sync_pull', { p_cursors: cursors, p_limit: limit }, pullResult) as Promise<PullResult>;
  }
}
