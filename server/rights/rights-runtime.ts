import type { ApiDeps } from '../api/api-deps.js';
import { registerRightsRoutes } from '../api/rights-routes.js';
import type { TranscriptBucket } from '../archive/transcript-bucket.js';
import type { Router } from '../http/router.js';
import type { OrgMode } from '../sync/sync-service.js';
import { AuditSync } from './audit-sync.js';
import { CandidateRights } from './candidate-rights.js';

export interface RightsRuntimeOptions {
  orgMode: (orgId: string) => OrgMode;
  bucket: () => TranscriptBucket | null;
  /** Called after every completed sync: pending work is retried and audit entries sent then. */
  onSynced: (listener: () => void) => void;
  /** How often due retention and pending erasures are looked at (VOICE_RIGHTS_POLL_MS, default hourly). */
  pollMs?: number;
}

/** Candidates' rights in the running server: the routes, the daily/pending timer, the audit upload. */
export function startCandidateRights(router: Router, deps: ApiDeps, options: RightsRuntimeOptions): { stop(): void } {
  const rights = new CandidateRights({ stores: deps.stores, orgMode: options.orgMode, bucket: options.bucket, logger: deps.logger });
  const auditSync = new AuditSync(deps.stores, options.orgMode, deps.logger);
  registerRightsRoutes(router, deps, rights, auditSync);
  options.onSynced(() => {
    void auditSync.push();
    void rights.runDue('pending');
  });
  const fromEnv = Number(process.env.VOICE_RIGHTS_POLL_MS);
  rights.start(options.pollMs ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 3600_000));
  return { stop: () => rights.stop() };
}
