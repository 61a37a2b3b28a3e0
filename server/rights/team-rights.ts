import { z } from 'zod';
import type { ContentCounts } from '../../contracts/candidate-rights.js';
import type { TeamProject } from '../sync/team-project.js';

/** Content counts as the project answers them (contracts' ContentCounts). */
export const contentCountsReply = z.object({
  sessions: z.number().int(),
  transcripts: z.number().int(),
  liveSegments: z.number().int(),
  analytics: z.number().int(),
  archiveObjects: z.number().int(),
});

/** What a scrub (or its dry run) deleted on the project, and the bucket keys left for this desktop to delete. */
export const scrubReply = contentCountsReply.extend({ archiveKeys: z.array(z.string()) });

export interface TeamScrub {
  counts: ContentCounts;
  archiveKeys: string[];
}

export function toScrub(reply: z.infer<typeof scrubReply>): TeamScrub {
  const { archiveKeys, ...counts } = reply;
  return { counts, archiveKeys };
}

/**
 * The team project's side of retention and erasure (migrations/supabase/010): both RPCs run as the
 * signed-in user, and the project itself checks that the user is an org admin.
 */
export const teamRights = {
  async retention(team: TeamProject, orgId: string, days: number, dryRun: boolean): Promise<TeamScrub> {
    return toScrub(await team.rpc('voice_retention_apply', { p_org_id: orgId, p_days: days, p_dry_run: dryRun }, scrubReply));
  },

  async erase(team: TeamProject, orgId: string, email: string | null, sessionIds: string[]): Promise<TeamScrub> {
    return toScrub(await team.rpc('voice_erase_candidate', { p_org_id: orgId, p_email: email, p_session_ids: sessionIds }, scrubReply));
  },
};
