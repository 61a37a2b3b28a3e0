import type { ContentCounts, RightsStore, StoreOutcome } from '../../contracts/candidate-rights.js';
import type { TranscriptBucket } from '../archive/transcript-bucket.js';
import { nowIso } from '../runtime/clock.js';
import type { OrgMode } from '../sync/sync-service.js';
import type { TeamProject } from '../sync/team-project.js';
import type { LocalContentStore } from './local-content.js';
import type { TeamScrub } from './team-rights.js';

export const ZERO_COUNTS: ContentCounts = { sessions: 0, transcripts: 0, liveSegments: 0, analytics: 0, archiveObjects: 0 };

export interface DeletionDeps {
  local: LocalContentStore;
  orgMode: (orgId: string) => OrgMode;
  bucket: () => TranscriptBucket | null;
}

/** One deletion across the three stores, as far as it got; pending stores are tried again later. */
export interface DeletionAttempt {
  stores: Record<RightsStore, StoreOutcome>;
  archiveKeys: string[];
}

export interface DeletionPlan {
  orgId: string;
  sessionIds: string[];
  reason: 'retention' | 'erasure';
  /** The team project's own deletion (it picks the sessions by its own rule). */
  team: (team: TeamProject) => Promise<TeamScrub>;
  /** Stores already done in an earlier attempt (not repeated), and the keys gathered so far. */
  previous?: DeletionAttempt;
}

function done(counts: ContentCounts): StoreOutcome {
  return { state: 'done', counts, lastError: null, doneAt: nowIso() };
}
function pending(error: string, previous?: StoreOutcome): StoreOutcome {
  return { state: 'pending', counts: previous?.counts ?? null, lastError: error, doneAt: null };
}
const notApplicable: StoreOutcome = { state: 'not_applicable', counts: null, lastError: null, doneAt: null };

/** Why a store could not be reached, in words safe to show and keep (no key, no personal data). */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[e-mail]').slice(0, 300);
}

/**
 * Deletes a candidate's content (or an org's expired content) from the desktop cache, then the
 * team project, then the transcript bucket. Each store that cannot be reached is left `pending`
 * with the reason; running the plan again repeats only what is not done, and every step is
 * idempotent, so a repeat after a partial failure deletes nothing twice and misses nothing.
 */
export async function runDeletion(deps: DeletionDeps, plan: DeletionPlan): Promise<DeletionAttempt> {
  const previous = plan.previous;
  const keys = new Set(previous?.archiveKeys ?? []);
  const stores = { ...(previous?.stores ?? { local: notApplicable, team: notApplicable, archive: notApplicable }) };

  // Whether an archived copy is known to exist: only then is a missing bucket a gap to report.
  let archived = previous?.stores.archive.state === 'pending';
  if (previous?.stores.local.state !== 'done') {
    const local = deps.local.erase(plan.orgId, plan.sessionIds, plan.reason);
    local.archiveKeys.forEach((key) => keys.add(key));
    archived ||= local.counts.archiveObjects > 0;
    stores.local = done({ ...local.counts, archiveObjects: 0 });
  }

  if (previous?.stores.team.state !== 'done') {
    const mode = deps.orgMode(plan.orgId);
    if (mode.kind === 'local') stores.team = notApplicable;
    else if (mode.kind === 'team-signed-out') stores.team = pending('signed out of the team project', previous?.stores.team);
    else {
      try {
        // Local edits still queued would otherwise reach the project after the deletion and bring a name back.
        await mode.team.syncNow();
        const scrub = await plan.team(mode.team);
        scrub.archiveKeys.forEach((key) => keys.add(key));
        archived ||= scrub.counts.archiveObjects > 0;
        stores.team = done({ ...scrub.counts, archiveObjects: 0 });
      } catch (error) {
        stores.team = pending(reasonOf(error), previous?.stores.team);
      }
    }
  }

  // The bucket goes last: it is tried again whenever the team store found more keys.
  if (previous?.stores.archive.state !== 'done' || keys.size > (previous?.archiveKeys.length ?? 0)) {
    const bucket = deps.bucket();
    if (!bucket) {
      stores.archive = archived ? pending('no transcript bucket is configured in Settings', previous?.stores.archive) : notApplicable;
    } else {
      try {
        const list = [...keys];
        const existing = await bucket.countExisting(list);
        if (list.length > 0) await bucket.removeMany(list);
        const before = previous?.stores.archive.counts?.archiveObjects ?? 0;
        stores.archive = done({ ...ZERO_COUNTS, archiveObjects: before + existing });
      } catch (error) {
        stores.archive = pending(reasonOf(error), previous?.stores.archive);
      }
    }
  }
  return { stores, archiveKeys: [...keys] };
}

export function isComplete(stores: Record<RightsStore, StoreOutcome>): boolean {
  return Object.values(stores).every((outcome) => outcome.state !== 'pending');
}
