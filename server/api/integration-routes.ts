import { isOrgAdmin } from '../../contracts/identity.js';
import { integrationSettings, type ObserverJoin } from '../../contracts/integrations.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { Router } from '../http/router.js';
import { validate } from '../http/validate.js';
import type { IntegrationSettingsStore } from '../store/integration-settings-store.js';
import type { SessionStarter } from '../integrations/session-starter.js';
import { toVoiceSession } from '../store/session-store.js';
import type { ApiDeps } from './api-deps.js';
import { mayRevealJoinToken, requireVisible } from './org-access.js';
import { pathId } from './route-params.js';

export function registerIntegrationRoutes(router: Router, deps: ApiDeps, starter: SessionStarter, settings: IntegrationSettingsStore): void {
  const { stores } = deps;

  router.add('POST', '/api/voice/sessions/:id/start', async (ctx) => {
    const row = stores.sessions.get(pathId(ctx));
    if (!row) throw notFound('Session');
    const role = requireVisible(stores.memberships, ctx.user, row.orgId, 'Session');
    const started = await starter.start(row, ctx.user);
    return { data: toVoiceSession(started, mayRevealJoinToken(role, ctx.user, started.createdBy)) };
  });

  router.add('POST', '/api/voice/sessions/:id/observer-token', async (ctx) => {
    const row = stores.sessions.get(pathId(ctx));
    if (!row) throw notFound('Session');
    requireVisible(stores.memberships, ctx.user, row.orgId, 'Session');
    const join: ObserverJoin = await starter.observerJoin(row, ctx.user);
    return { status: 201, data: join };
  });

  // These settings belong to the installation; any org owner or admin on it may change them.
  const requireAnyAdmin = (userId: string): void => {
    if (!stores.memberships.orgsOf(userId).some((org) => isOrgAdmin(org.role))) {
      throw new ApiFailure(403, 'FORBIDDEN', 'Only org owners and admins can change integration settings');
    }
  };

  router.add('GET', '/api/settings/integrations', (ctx) => {
    requireAnyAdmin(ctx.user.id);
    return { data: settings.effective() };
  });

  router.add('PUT', '/api/settings/integrations', async (ctx) => {
    const body = validate(integrationSettings, await ctx.body());
    requireAnyAdmin(ctx.user.id);
    settings.save(body);
    return { data: settings.effective() };
  });
}
