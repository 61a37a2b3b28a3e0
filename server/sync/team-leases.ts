import { z } from 'zod';
import type { TeamProject } from './team-project.js';

/** Jobs that must run once across a team's desktops (voice_session_leases.kind). */
export type LeaseKind = 'archive' | 'analytics';

/**
 * Leases on the team project (voice_take_lease / voice_finish_lease, migration 009): a desktop
 * takes one before archiving or analysing a team session and finishes it after, so whichever
 * desktop comes online first does the job and the others never repeat it. A lease not finished
 * (the holder crashed) expires and can be taken again; a finished one never.
 */
export class TeamLeases {
  constructor(private readonly holder: string) {}

  take(team: TeamProject, sessionId: string, kind: LeaseKind, ttlSeconds: number): Promise<boolean> {
    return team.rpc('voice_take_lease', { p_session_id: sessionId, p_kind: kind, p_holder: this.holder, p_ttl_seconds: ttlSeconds }, z.boolean());
  }

  finish(team: TeamProject, sessionId: string, kind: LeaseKind): Promise<boolean> {
    return team.rpc('voice_finish_lease', { p_session_id: sessionId, p_kind: kind, p_holder: this.holder }, z.boolean());
  }
}
