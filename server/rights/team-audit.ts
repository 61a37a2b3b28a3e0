import { z } from 'zod';
import { auditActions, type AuditEntry, type AuditQuery } from '../../contracts/candidate-rights.js';
import type { TeamProject } from '../sync/team-project.js';

const row = z.object({
  id: z.string(),
  org_id: z.string(),
  at: z.string(),
  actor_id: z.string(),
  actor_email: z.string().nullable(),
  action: z.enum(auditActions),
  target_type: z.enum(['session', 'transcript', 'org', 'config', 'erasure']),
  target_id: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/**
 * A team org's audit log as the project has it: every desktop's entries (admins only, by RLS),
 * newest first, with the same filters as the local log.
 */
export async function readTeamAudit(team: TeamProject, query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
  let request = team.client
    .from('voice_audit_log')
    .select('id, org_id, at, actor_id, actor_email, action, target_type, target_id, details', { count: 'exact' })
    .eq('org_id', query.orgId);
  if (query.action) request = request.eq('action', query.action);
  if (query.actorId) request = request.eq('actor_id', query.actorId);
  if (query.targetId) request = request.eq('target_id', query.targetId);
  if (query.from) request = request.gte('at', query.from);
  if (query.to) request = request.lte('at', query.to);
  const limit = query.limit ?? 100;
  const reply = await request.order('at', { ascending: false }).order('id', { ascending: false }).range(query.offset, query.offset + limit - 1);
  if (reply.error) throw new Error(`the team project's audit log could not be read: ${reply.error.message}`);
  const rows = z.array(row).parse(reply.data);
  return {
    total: reply.count ?? rows.length,
    entries: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
    })),
  };
}
