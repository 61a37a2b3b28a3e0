import { z } from 'zod';

export const orgRoles = ['org_owner', 'org_admin', 'org_user'] as const;
export const orgRole = z.enum(orgRoles);
export type OrgRole = z.infer<typeof orgRole>;

/** Owners and admins manage the org: credentials, deleting transcripts, seeing every join token. */
export function isOrgAdmin(role: OrgRole): boolean {
  return role === 'org_owner' || role === 'org_admin';
}

export type IdentityMode = 'local' | 'supabase';

export interface Me {
  user: { id: string; email: string; displayName: string };
  orgs: { id: string; name: string; role: OrgRole }[];
  mode: IdentityMode;
}
