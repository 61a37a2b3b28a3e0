import { z } from 'zod';
import { editParkedOpBody, listConflictsQuery, signInBody } from '../../contracts/sync.js';
import type { RequestContext, Router } from '../http/router.js';
import { validate } from '../http/validate.js';
import type { SyncService } from '../sync/sync-service.js';
import { query } from './route-params.js';

const entryId = z.coerce.number({ error: 'must be a number' }).int().positive({ error: 'must be a positive integer' });

function idOf(ctx: RequestContext): number {
  return validate(entryId, ctx.params.id, 'id');
}

/**
 * Settings > Account and Settings > Sync: sign in to a team's Supabase project, the sync status
 * for the indicator, "Needs attention" (parked ops: retry, edit, discard) and the conflicts log.
 */
export function registerSyncRoutes(router: Router, sync: SyncService): void {
  router.add('GET', '/api/sync/account', () => ({ data: sync.accountInfo() }));

  router.add('POST', '/api/sync/account/sign-in', async (ctx) => {
    const body = validate(signInBody, await ctx.body());
    return { data: await sync.signIn(body) };
  });

  router.add('POST', '/api/sync/account/sign-out', async () => ({ data: await sync.signOut() }));

  router.add('GET', '/api/sync/status', () => ({ data: sync.status() }));

  /** Runs a sync now and answers when it has finished (or failed: see the status). */
  router.add('POST', '/api/sync/now', async () => {
    await sync.syncNow();
    return { data: sync.status() };
  });

  router.add('GET', '/api/sync/attention', () => ({ data: sync.actions().parked() }));

  router.add('POST', '/api/sync/attention/:id/retry', (ctx) => {
    sync.actions().retry(idOf(ctx));
    return { data: { id: idOf(ctx), retried: true } };
  });

  router.add('PUT', '/api/sync/attention/:id', async (ctx) => {
    const id = idOf(ctx);
    const body = validate(editParkedOpBody, await ctx.body());
    return { data: sync.actions().edit(id, body.fields) };
  });

  router.add('DELETE', '/api/sync/attention/:id', (ctx) => {
    const id = idOf(ctx);
    sync.actions().discard(id);
    return { data: { id, discarded: true } };
  });

  router.add('GET', '/api/sync/conflicts', (ctx) => {
    const q = query(ctx, listConflictsQuery);
    const { items, total } = sync.actions().conflicts(q);
    return { data: items, pagination: { total, limit: q.limit, offset: q.offset, hasMore: q.offset + items.length < total } };
  });

  router.add('POST', '/api/sync/conflicts/:id/dismiss', (ctx) => {
    const id = idOf(ctx);
    sync.actions().dismissConflict(id);
    return { data: { id, resolution: 'dismissed' } };
  });

  router.add('POST', '/api/sync/conflicts/:id/reapply', (ctx) => {
    const id = idOf(ctx);
    sync.actions().reapplyConflict(id, ctx.user.id);
    return { data: { id, resolution: 'reapplied' } };
  });
}
