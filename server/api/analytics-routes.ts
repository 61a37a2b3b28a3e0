import { listAnalyticsQuery } from '../../contracts/analytics.js';
import { statsQuery } from '../../contracts/stats.js';
import { notFound } from '../http/api-failure.js';
import type { Router } from '../http/router.js';
import type { AnalyticsGenerator } from '../analytics/analytics-generator.js';
import type { ApiDeps } from './api-deps.js';
import { requireOrgMember, requireVisible } from './org-access.js';
import { pathId, query } from './route-params.js';

export function registerAnalyticsRoutes(router: Router, deps: ApiDeps, generator: AnalyticsGenerator): void {
  const { stores } = deps;

  router.add('GET', '/api/voice/analytics', (ctx) => {
    const q = query(ctx, listAnalyticsQuery);
    requireOrgMember(stores.memberships, ctx.user, q.orgId);
    const { items, total } = stores.analytics.list(q);
    return { data: items, pagination: { total, limit: q.limit, offset: q.offset, hasMore: q.offset + items.length < total } };
  }, { cacheable: true });

  router.add('GET', '/api/voice/analytics/:sessionId', (ctx) => {
    const session = stores.sessions.get(pathId(ctx, 'sessionId'));
    if (!session) throw notFound('Session');
    requireVisible(stores.memberships, ctx.user, session.orgId, 'Session');
    const analytics = stores.analytics.forSession(session.id);
    if (!analytics) throw notFound('Analytics for this session');
    return { data: analytics };
  });

  router.add('POST', '/api/voice/analytics/:sessionId/generate', async (ctx) => {
    const session = stores.sessions.get(pathId(ctx, 'sessionId'));
    if (!session) throw notFound('Session');
    requireVisible(stores.memberships, ctx.user, session.orgId, 'Session');
    return { data: await generator.generate(session.id, ctx.user.id) };
  });

  router.add('GET', '/api/voice/stats', (ctx) => {
    const q = query(ctx, statsQuery);
    requireOrgMember(stores.memberships, ctx.user, q.orgId);
    return { data: stores.stats.forOrg(q.orgId) };
  }, { cacheable: true });
}
