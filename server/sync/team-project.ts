import type { SupabaseClient } from '@supabase/supabase-js';
import type { z } from 'zod';
import { DomainError } from '../domain/domain-error.js';
import type { SyncEngine } from './sync-engine.js';
import { asSyncError, classifyFailure, SyncRequestError } from './sync-errors.js';
import type { SyncedTable } from './table-specs.js';

type RpcReply = { data: unknown; error: { message: string; code?: string; details?: string } | null; status: number };

/** How often a push is retried while later local edits of the same row keep queueing new ops. */
const PUSH_ROUNDS = 3;

/**
 * The signed-in team project as the features beyond sync see it (starts, live view, leases,
 * imports): the project's address and anon key, the user's supabase-js client, RPCs as the user,
 * and the sync engine's push and pull. One exists while a desktop is signed in.
 */
export class TeamProject {
  constructor(
    readonly projectUrl: string,
    readonly anonKey: string,
    /** The user's client: every request (and the Realtime join) carries their access token. */
    readonly client: SupabaseClient,
    private readonly engine: SyncEngine,
    private readonly refreshSession: () => Promise<void>,
  ) {}

  /** Is this org one of the account's team orgs (its rows sync with the project)? */
  hasOrg(orgId: string): boolean {
    return this.engine.memberships.syncedOrgIds().includes(orgId);
  }

  /**
   * An RPC as the signed-in user, refreshed once after a 401. Failures are SyncRequestErrors:
   * `offline` for no answer, otherwise the HTTP status and PostgREST's code (PTnnn from the RPC).
   */
  async rpc<T>(fn: string, args: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    try {
      return await this.rpcOnce(fn, args, schema);
    } catch (error) {
      const failure = asSyncError(error);
      if (failure.kind !== 'auth') throw failure;
      await this.refreshSession();
      return this.rpcOnce(fn, args, schema);
    }
  }

  private async rpcOnce<T>(fn: string, args: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    const reply = (await this.client.rpc(fn, args)) as RpcReply;
    if (reply.error) {
      const cause = reply.status === 0 ? /Caused by: ([^\n]+)/.exec(reply.error.details ?? '')?.[1] : undefined;
      const failure = classifyFailure(reply.status, reply.error.code, cause ? `${reply.error.message} (${cause})` : reply.error.message);
      throw reply.error.code?.startsWith('PT') ? new TeamRpcError(failure, reply.error.code) : failure;
    }
    const parsed = schema.safeParse(reply.data);
    if (!parsed.success) throw new SyncRequestError('fatal', `unexpected reply from ${fn}: ${parsed.error.message.slice(0, 300)}`, reply.status);
    return parsed.data;
  }

  /**
   * Makes sure the server has this row as it is here: runs sync cycles until no op of the row is
   * left unacknowledged. Throws TEAM_UNREACHABLE when the project cannot be reached, TEAM_REFUSED
   * when the server refused the row (it is parked under "Needs attention").
   */
  async pushRow(table: SyncedTable, rowId: string): Promise<void> {
    for (let round = 0; round < PUSH_ROUNDS; round++) {
      const result = await this.engine.syncNow();
      if (!result.ok) {
        throw new DomainError('TEAM_UNREACHABLE', `The team project cannot be reached right now (${result.error ?? 'no answer'}); nothing was started: try again when it is back`, {
          reason: 'PROJECT_UNREACHABLE',
        });
      }
      const ops = this.engine.outbox.opsForRow(table, rowId);
      const parked = ops.find((op) => op.state === 'parked');
      if (parked) {
        throw new DomainError('TEAM_REFUSED', `The team project refused this ${table === 'voice_sessions' ? 'session' : 'row'}: ${parked.reason ?? 'see Needs attention'}`, {
          reason: 'SYNC_REJECTED',
        });
      }
      if (ops.length === 0) return;
    }
    throw new DomainError('TEAM_UNREACHABLE', 'The team project has not acknowledged this session yet; try again in a moment', { reason: 'NOT_ACKNOWLEDGED' });
  }

  /** Pull soon (something changed on the server, e.g. a bot's status). */
  requestPull(): void {
    this.engine.requestSync('poke');
  }

  /** A full sync cycle now; true when it completed. */
  async syncNow(): Promise<boolean> {
    return (await this.engine.syncNow()).ok;
  }
}

/** An RPC refused the call on purpose (PTnnn): the status says why (401 credential, 409 state, 400 shape). */
export class TeamRpcError extends SyncRequestError {
  override name = 'TeamRpcError';
  constructor(
    failure: SyncRequestError,
    readonly code: string,
  ) {
    // Deliberate refusals are final: never retried as an expired session or an outage.
    super('fatal', failure.message, failure.status, failure.retryAfterMs);
  }
}
