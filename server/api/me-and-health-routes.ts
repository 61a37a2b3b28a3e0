import type { AppInfo, HealthReport } from '../../contracts/health.js';
import type { Me } from '../../contracts/identity.js';
import type { Router } from '../http/router.js';
import { HealthProbes } from '../integrations/health-probes.js';
import type { ApiDeps } from './api-deps.js';

export function registerMeAndHealthRoutes(router: Router, deps: ApiDeps, probes: HealthProbes): void {
  router.add('GET', '/api/me', (ctx) => {
    const me: Me = {
      user: { id: ctx.user.id, email: ctx.user.email, displayName: ctx.user.displayName },
      orgs: deps.stores.memberships.orgsOf(ctx.user.id),
      mode: deps.identity.mode,
    };
    return { data: me };
  });

  router.add('GET', '/api/app', () => {
    const info: AppInfo = { version: deps.version, dataDir: deps.dataDir, platform: process.platform, nodeVersion: process.versions.node };
    return { data: info };
  });

  router.add('GET', '/api/voice/health', async (ctx) => {
    const checks = await probes.run(deps.stores.memberships.orgsOf(ctx.user.id).map((org) => org.id));
    const report: HealthReport = {
      module: 'module-voice',
      status: HealthProbes.isHealthy(checks) ? 'healthy' : 'degraded',
      checks,
      timestamp: new Date().toISOString(),
      version: deps.version,
    };
    // Monitors read the report itself and the status code, so it is not wrapped in the envelope.
    return { status: report.status === 'healthy' ? 200 : 503, data: report, raw: true };
  });
}
