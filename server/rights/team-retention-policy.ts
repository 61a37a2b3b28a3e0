import { z } from 'zod';
import type { RetentionRun } from '../../contracts/candidate-rights.js';
import type { TeamProject } from '../sync/team-project.js';
import type { TeamPolicyCopy } from './retention-policy-store.js';
import { contentCountsReply, scrubReply, toScrub, type TeamScrub } from './team-rights.js';

const outcome = z.object({
  state: z.enum(['done', 'pending', 'not_applicable']),
  counts: contentCountsReply.nullable(),
  lastError: z.string().nullable(),
  doneAt: z.string().nullable(),
});

const run = z.object({
  orgId: z.string(),
  days: z.number().int(),
  cutoff: z.string(),
  ranAt: z.string(),
  stores: z.object({ local: outcome, team: outcome, archive: outcome }),
});

const policyReply = z.object({
  orgId: z.string(),
  days: z.number().int().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedByEmail: z.string().nullable(),
  previewedDays: z.number().int().nullable(),
  previewedAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  // Another desktop's record; one this build cannot read is shown as no run rather than failing.
  lastRun: z.unknown().transform((value): RetentionRun | null => run.safeParse(value).data ?? null),
});

const setReply = policyReply.extend({ fromDays: z.number().int().nullable() });

const previewReply = scrubReply.extend({ policy: policyReply });

const claimReply = z.object({
  run: z.boolean(),
  actorId: z.string().optional(),
  actorEmail: z.string().nullable().optional(),
  policy: policyReply,
});

/** A claimed run: who runs it (the signed-in user, as the project saw them) and the policy it runs. */
export type RunClaim = { run: true; actor: { id: string; email: string | null }; policy: TeamPolicyCopy } | { run: false; policy: TeamPolicyCopy };

/**
 * The team project's side of the retention policy (migrations/supabase/013): every call runs as
 * the signed-in user, and the project checks the role, the days and the preview itself.
 */
export const teamRetentionPolicy = {
  get(team: TeamProject, orgId: string): Promise<TeamPolicyCopy> {
    return team.rpc('voice_retention_policy_get', { p_org_id: orgId }, policyReply);
  },

  /** Sets `days`; the project writes the audit entry under `auditId` (the desktop keeps it under the same id). */
  async set(team: TeamProject, orgId: string, days: number | null, auditId: string): Promise<{ policy: TeamPolicyCopy; fromDays: number | null }> {
    const { fromDays, ...policy } = await team.rpc('voice_retention_policy_set', { p_org_id: orgId, p_days: days, p_audit_id: auditId }, setReply);
    return { policy, fromDays };
  },

  /** What `days` would delete on the project now, recorded there as the preview of that setting. */
  async preview(team: TeamProject, orgId: string, days: number): Promise<{ scrub: TeamScrub; policy: TeamPolicyCopy }> {
    const { policy, ...scrub } = await team.rpc('voice_retention_policy_preview', { p_org_id: orgId, p_days: days }, previewReply);
    return { scrub: toScrub(scrub), policy };
  },

  /** Claims a run; a scheduled claim answers run = false when another desktop ran it within 24 h. */
  async beginRun(team: TeamProject, orgId: string, scheduled: boolean): Promise<RunClaim> {
    const reply = await team.rpc('voice_retention_begin_run', { p_org_id: orgId, p_scheduled: scheduled }, claimReply);
    if (!reply.run || !reply.actorId) return { run: false, policy: reply.policy };
    return { run: true, actor: { id: reply.actorId, email: reply.actorEmail ?? null }, policy: reply.policy };
  },

  recordRun(team: TeamProject, orgId: string, outcome: RetentionRun): Promise<TeamPolicyCopy> {
    return team.rpc('voice_retention_record_run', { p_org_id: orgId, p_run: outcome }, policyReply);
  },
};
