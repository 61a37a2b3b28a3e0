import { isOrgAdmin, type OrgRole } from '../../contracts/identity.js';
import { createCredentialBody, listCredentialsQuery, type CredentialProblem, type CredentialValidation } from '../../contracts/credentials.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { RequestContext, Router } from '../http/router.js';
import { validate } from '../http/validate.js';
import { checkProviderKey } from '../providers/key-validation.js';
import type { ProviderEndpoints } from '../providers/provider-endpoints.js';
import { ProviderError } from '../providers/provider-request.js';
import { nowIso } from '../runtime/clock.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import { toPublicCredential, type CredentialRecord } from '../store/credential-store.js';
import type { ApiDeps } from './api-deps.js';
import { requireOrgMember, requireVisible } from './org-access.js';
import { pathId, query } from './route-params.js';

function requireAdmin(role: OrgRole): void {
  if (!isOrgAdmin(role)) throw new ApiFailure(403, 'FORBIDDEN', 'Only org owners and admins can manage API keys');
}

export function registerCredentialRoutes(router: Router, deps: ApiDeps, vault: CredentialVault, endpoints: ProviderEndpoints): void {
  const { stores } = deps;

  const loadAdminVisible = (ctx: RequestContext): CredentialRecord => {
    const record = stores.credentials.get(pathId(ctx));
    if (!record) throw notFound('Credential');
    requireAdmin(requireVisible(stores.memberships, ctx.user, record.orgId, 'Credential'));
    return record;
  };

  router.add('GET', '/api/voice/credentials', (ctx) => {
    const q = query(ctx, listCredentialsQuery);
    requireAdmin(requireOrgMember(stores.memberships, ctx.user, q.orgId));
    return { data: stores.credentials.list(q.orgId).map(toPublicCredential) };
  });

  router.add('GET', '/api/voice/credentials/:id', (ctx) => ({ data: toPublicCredential(loadAdminVisible(ctx)) }));

  router.add('POST', '/api/voice/credentials', async (ctx) => {
    const body = validate(createCredentialBody, await ctx.body());
    requireAdmin(requireOrgMember(stores.memberships, ctx.user, body.orgId));
    const credential = await vault.save(body.orgId, body.serviceName, body.apiKey, body.configMetadata, ctx.user.id);
    deps.logger.info('credential stored', { orgId: body.orgId, service: body.serviceName });
    return { status: 201, data: credential };
  });

  router.add('DELETE', '/api/voice/credentials/:id', async (ctx) => {
    const record = loadAdminVisible(ctx);
    await vault.remove(record);
    deps.logger.info('credential deleted', { orgId: record.orgId, service: record.serviceName });
    return { data: { id: record.id, deleted: true } };
  });

  router.add('POST', '/api/voice/credentials/:id/validate', async (ctx) => {
    const record = loadAdminVisible(ctx);
    // Every outcome is kept: a failed key shows as failed on its row, after a reload too, until fixed.
    const fail = (problem: CredentialProblem, error: string): { data: CredentialValidation } => {
      stores.credentials.recordCheck(record.id, { ok: false, checkedAt: nowIso(), problem, error });
      return { data: { valid: false, lastValidatedAt: record.lastValidatedAt, error, problem } };
    };
    const key = await vault.keyOf(record);
    if (key === null) return fail('missing', 'The key is missing from the OS keychain; add it again');
    try {
      await checkProviderKey(record.serviceName, key, endpoints);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      return fail(error.kind === 'auth' ? 'rejected' : 'check_failed', error.message);
    }
    const at = nowIso();
    stores.credentials.markValidated(record.id, at);
    stores.credentials.recordCheck(record.id, { ok: true, checkedAt: at, problem: null, error: null });
    const ok: CredentialValidation = { valid: true, lastValidatedAt: at };
    return { data: ok };
  });
}
