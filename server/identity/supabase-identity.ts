import type { CurrentUser, IdentityProvider } from './identity-provider.js';

/**
 * The user signed in to a team's Supabase project. Their orgs and roles are the org_members rows
 * the sync pulls into the local store, so every route's access check works unchanged.
 */
export class SupabaseIdentity implements IdentityProvider {
  readonly mode = 'supabase' as const;

  constructor(private readonly user: CurrentUser) {}

  currentUser(): CurrentUser {
    return this.user;
  }
}

/** A display name from the email, until the project has profiles to pull. */
export function displayNameFor(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local || email;
}
