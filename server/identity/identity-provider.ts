import type { IdentityMode } from '../../contracts/identity.js';

export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
}

/**
 * Who is using the console. Local mode has one user on this machine; a Supabase sign-in swaps
 * in another provider, and every route keeps asking this interface (memberships live in the store).
 */
export interface IdentityProvider {
  readonly mode: IdentityMode;
  currentUser(): CurrentUser;
}
