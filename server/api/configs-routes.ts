import { randomUUID } from 'node:crypto';
import { createConfigBody, listConfigsQuery, updateConfigBody, type VoiceConfig } from '../../contracts/config.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { RequestContext, Router } from '../http/router.js';
import { validate } from '../http/validate.js';
import { nowIso } from '../runtime/clock.js';
import type { ApiDeps } from './api-deps.js';
import { requireOrgMember, requireVisible } from './org-access.js';
import { pathId, query } from './route-params.js';

const nameTaken = (name: string): ApiFailure =>
  new ApiFailure(409, 'NAME_TAKEN', `A config named "${name}" already exists in this organization`, { field: 'name' });

export function registerConfigRoutes(router: Router, deps: ApiDeps): void {
  const { stores } = deps;

  const loadVisible = (ctx: RequestContext): VoiceConfig => {
    const config = stores.configs.get(pathId(ctx));
    if (!config) throw notFound('Config');
    requireVisible(stores.memberships, ctx.user, config.orgId, 'Config');
    return config;
  };

  router.add('GET', '/api/voice/configs', (ctx) => {
    const q = query(ctx, listConfigsQuery);
    requireOrgMember(stores.memberships, ctx.user, q.orgId);
    const { items, total } = stores.configs.list(q);
    return { data: items, pagination: { total, limit: q.limit, offset: q.offset, hasMore: q.offset + items.length < total } };
  }, { cacheable: true });

  router.add('GET', '/api/voice/configs/:id', (ctx) => ({ data: loadVisible(ctx) }));

  router.add('GET', '/api/voice/configs/:id/versions', (ctx) => ({ data: stores.configs.versions(loadVisible(ctx).id) }));

  // Consent settings are what candidates are told: who changed them, and when, is audited.
  const recordConsentChange = (ctx: RequestContext, orgId: string, configId: string, from: string | null, to: string | null): void => {
    stores.audit.record({
      orgId,
      actor: { id: ctx.user.id, email: ctx.user.email || null },
      action: 'consent.changed',
      targetType: 'config',
      targetId: configId,
      details: { fromTemplate: from, toTemplate: to },
    });
  };

  router.add('POST', '/api/voice/configs', async (ctx) => {
    const body = validate(createConfigBody, await ctx.body());
    requireOrgMember(stores.memberships, ctx.user, body.orgId);
    const id = randomUUID();
    stores.transaction(() => {
      if (stores.configs.isNameTaken(body.orgId, body.name)) throw nameTaken(body.name);
      stores.configs.insert({
        id,
        orgId: body.orgId,
        name: body.name,
        interviewType: body.interviewType,
        description: body.description ?? null,
        configJson: body.configJson,
        isActive: body.isActive,
        createdAt: nowIso(),
        createdBy: ctx.user.id,
      });
      if (body.configJson.consent) recordConsentChange(ctx, body.orgId, id, null, body.configJson.consent.template);
    });
    return { status: 201, data: stores.configs.get(id) };
  });

  router.add('PUT', '/api/voice/configs/:id', async (ctx) => {
    pathId(ctx);
    const body = validate(updateConfigBody, await ctx.body());
    const current = loadVisible(ctx);
    const jsonChanged =
      body.configJson !== undefined && JSON.stringify(body.configJson) !== JSON.stringify(current.configJson);
    const name = body.name ?? current.name;
    stores.transaction(() => {
      if (name !== current.name && stores.configs.isNameTaken(current.orgId, name, current.id)) throw nameTaken(name);
      stores.configs.update(
        current.id,
        {
          name,
          interviewType: body.interviewType ?? current.interviewType,
          description: body.description !== undefined ? body.description : current.description,
          configJson: body.configJson ?? current.configJson,
          isActive: body.isActive ?? current.isActive,
          version: jsonChanged ? current.version + 1 : current.version,
          updatedAt: nowIso(),
          updatedBy: ctx.user.id,
        },
        jsonChanged,
      );
      const before = JSON.stringify(current.configJson.consent ?? null);
      const after = JSON.stringify((body.configJson ?? current.configJson).consent ?? null);
      if (before !== after) {
        recordConsentChange(ctx, current.orgId, current.id, current.configJson.consent?.template ?? null, (body.configJson ?? current.configJson).consent?.template ?? null);
      }
    });
    return { data: stores.configs.get(current.id) };
  });

  router.add('DELETE', '/api/voice/configs/:id', (ctx) => {
    const config = loadVisible(ctx);
    const users = stores.sessions.countUsingConfig(config.id);
    if (users > 0) {
      throw new ApiFailure(
        409,
        'CONFIG_IN_USE',
        `Config "${config.name}" is used by ${users} session${users === 1 ? '' : 's'}; deactivate it instead`,
        { sessions: users },
      );
    }
    stores.configs.delete(config.id);
    return { data: { id: config.id, deleted: true } };
  });
}
