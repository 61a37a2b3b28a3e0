import { isOrgAdmin, type OrgRole } from '../../contracts/identity.js';
import type { CurrentUser } from '../identity/identity-provider.js';
import { noOrgAccess, notFound } from '../http/api-failure.js';
import type { MembershipStore } from '../store/membership-store.js';

/** An org named in the request: a non-member is told plainly (403). */
export function requireOrgMember(memberships: MembershipStore, user: CurrentUser, orgId: string): OrgRole {
  const role = memberships.roleIn(orgId, user.id);
  if (!role) throw noOrgAccess();
  return role;
}

/** A resource found by id: to a non-member it does not exist (404), so ids reveal nothing. */
export function requireVisible(memberships: MembershipStore, user: CurrentUser, orgId: string, what: string): OrgRole {
  const role = memberships.roleIn(orgId, user.id);
  if (!role) throw notFound(what);
  return role;
}

/** The candidate's join token is shown to the session's creator and to org admins only. */
export function mayRevealJoinToken(role: OrgRole, user: CurrentUser, createdBy: string): boolean {
  return isOrgAdmin(role) || createdBy === user.id;
}
