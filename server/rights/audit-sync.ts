import { z } from 'zod';
import type { Logger } from '../runtime/logger.js';
import type { Stores } from '../store/stores.js';
import type { OrgMode } from '../sync/sync-service.js';

const acknowledged = z.array(z.string());

/**
 * Sends a team org's audit entries to the team project (voice_append_audit, idempotent per entry
 * id) and stamps them synced. Entries of orgs that do not sync stay local. Runs after every sync.
 */
export class AuditSync {
  private running: Promise<number> | null = null;

  constructor(
    private readonly stores: Stores,
    private readonly orgMode: (orgId: string) => OrgMode,
    private readonly logger: Logger,
  ) {}

  /** One pass; returns how many entries the project acknowledged. Concurrent calls share a pass. */
  push(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    let sent = 0;
    for (const orgId of this.stores.audit.orgsWithUnsynced()) {
      const mode = this.orgMode(orgId);
      if (mode.kind !== 'team') continue;
      for (;;) {
        const entries = this.stores.audit.unsynced(orgId, 200);
        if (entries.length === 0) break;
        const payload = entries.map((entry) => ({
          id: entry.id,
          org_id: entry.orgId,
          at: entry.at,
          actor_id: entry.actorId,
          actor_email: entry.actorEmail,
          action: entry.action,
          target_type: entry.targetType,
          target_id: entry.targetId,
          details: entry.details,
        }));
        try {
          const ids = await mode.team.rpc('voice_append_audit', { p_entries: payload }, acknowledged);
          this.stores.audit.markSynced(ids);
          sent += ids.length;
          if (ids.length < entries.length) break;
        } catch (error) {
          this.logger.warn('audit entries not sent to the team project yet', { orgId, error: String(error) });
          break;
        }
      }
    }
    return sent;
  }
}
