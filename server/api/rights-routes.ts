import {
  auditQuery,
  clientAuditEntry,
  erasureRequest,
  orgQuery,
  retentionPolicyInput,
  retentionPreviewQuery,
} from '../../contracts/candidate-rights.js';
import { consentJurisdiction, consentJurisdictions, consentTemplates } from '../../contracts/consent.js';
import { isOrgAdmin } from '../../contracts/identity.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { RequestContext, Router } from '../http/router.js';
import { validate } from '../http/validate.js';
import type { AuditSync } from '../rights/audit-sync.js';
import type { CandidateRights } from '../rights/candidate-rights.js';
import type { ApiDeps } from './api-deps.js';
import { requireOrgMember, requireVisible } from './org-access.js';
import { pathId, query } from './route-params.js';

/**
 * Candidates' rights: retention (policy, preview, run), erasure (request, receipts, retry) and the
 * audit log. All are for org owners and admins, bar reporting an export or a copy, which any member
 * who may read the session does.
 */
export function registerRightsRoutes(router: Router, deps: ApiDeps, rights: CandidateRights, auditSync: AuditSync): void {
  const { stores } = deps;
  const actor = (ctx: RequestContext): { id: string; email: string | null } => ({ id: ctx.user.id, email: ctx.user.email || null });

  const requireAdmin = (ctx: RequestContext, orgId: string, what: string): void => {
    const role = requireOrgMember(stores.memberships, ctx.user, orgId);
    if (!isOrgAdmin(role)) throw new ApiFailure(403, 'FORBIDDEN', `Only org owners and admins can ${what}`);
  };

  // Every member reads the policy (invitations tell candidates how long content is kept); the
  // last run's outcome is for admins.
  router.add('GET', '/api/rights/retention', async (ctx) => {
    const { orgId } = query(ctx, orgQuery);
    const role = requireOrgMember(stores.memberships, ctx.user, orgId);
    const { policy, lastRun } = await rights.retentionState(orgId);
    return { data: { policy, lastRun: isOrgAdmin(role) ? lastRun : null } };
  });

  router.add('GET', '/api/voice/consent-templates', () => ({ data: Object.values(consentTemplates) }));

  router.add('GET', '/api/voice/consent-templates/:jurisdiction', (ctx) => {
    const parsed = consentJurisdiction.safeParse(ctx.params.jurisdiction);
    if (!parsed.success) {
      throw new ApiFailure(404, 'NOT_FOUND', `No consent template for "${ctx.params.jurisdiction ?? ''}"; there are: ${consentJurisdictions.join(', ')}`);
    }
    return { data: consentTemplates[parsed.data] };
  });

  router.add('PUT', '/api/rights/retention', async (ctx) => {
    const body = validate(retentionPolicyInput, await ctx.body());
    requireAdmin(ctx, body.orgId, 'change the retention policy');
    const state = await rights.setPolicy(body.orgId, body.days, actor(ctx));
    void auditSync.push();
    return { data: state };
  });

  router.add('GET', '/api/rights/retention/preview', async (ctx) => {
    const { orgId, days } = query(ctx, retentionPreviewQuery);
    requireAdmin(ctx, orgId, 'preview retention');
    return { data: await rights.preview(orgId, days) };
  });

  // Refused (409 PREVIEW_REQUIRED, nothing deleted) until the current setting has been previewed.
  router.add('POST', '/api/rights/retention/run', async (ctx) => {
    const { orgId } = validate(orgQuery, await ctx.body());
    requireAdmin(ctx, orgId, 'run retention');
    const run = await rights.runRetention(orgId, actor(ctx));
    void auditSync.push();
    return { data: run };
  });

  router.add('POST', '/api/rights/erasures', async (ctx) => {
    const body = validate(erasureRequest, await ctx.body());
    requireAdmin(ctx, body.orgId, 'erase candidate data');
    const { receipt, created } = await rights.erase(body, actor(ctx));
    void auditSync.push();
    return { status: created ? 201 : 200, data: receipt };
  });

  router.add('GET', '/api/rights/erasures', (ctx) => {
    const { orgId } = query(ctx, orgQuery);
    requireAdmin(ctx, orgId, 'see erasure receipts');
    return { data: rights.erasures.list(orgId) };
  });

  router.add('GET', '/api/rights/erasures/:id', (ctx) => {
    const record = rights.erasures.get(pathId(ctx));
    if (!record) throw notFound('Erasure');
    requireVisible(stores.memberships, ctx.user, record.receipt.orgId, 'Erasure');
    requireAdmin(ctx, record.receipt.orgId, 'see erasure receipts');
    return { data: record.receipt };
  });

  router.add('POST', '/api/rights/erasures/:id/retry', async (ctx) => {
    const record = rights.erasures.get(pathId(ctx));
    if (!record) throw notFound('Erasure');
    requireVisible(stores.memberships, ctx.user, record.receipt.orgId, 'Erasure');
    requireAdmin(ctx, record.receipt.orgId, 'retry an erasure');
    return { data: await rights.retry(record) };
  });

  router.add('GET', '/api/rights/audit', async (ctx) => {
    const q = query(ctx, auditQuery);
    requireAdmin(ctx, q.orgId, 'read the audit log');
    const { entries, total } = await rights.auditLog(q, () => auditSync.push());
    return { data: entries, pagination: { total, limit: q.limit ?? 100, offset: q.offset, hasMore: q.offset + entries.length < total } };
  });

  // Exports and copies happen in the console; it reports them here.
  router.add('POST', '/api/rights/audit', async (ctx) => {
    const body = validate(clientAuditEntry, await ctx.body());
    const session = stores.sessions.get(body.sessionId);
    if (!session || session.orgId !== body.orgId) throw notFound('Session');
    requireVisible(stores.memberships, ctx.user, session.orgId, 'Session');
    const entry = stores.audit.record({
      orgId: body.orgId,
      actor: actor(ctx),
      action: body.action,
      targetType: 'session',
      targetId: body.sessionId,
      details: { format: body.format, redacted: body.redacted },
    });
    void auditSync.push();
    return { status: 201, data: entry };
  });
}
