import { createContext, useContext } from 'react';
import type { Me, OrgRole } from '../../../contracts/identity.js';

export interface CurrentAccount {
  me: Me;
  orgId: string;
  orgName: string;
  role: OrgRole;
  /** Asks /api/me again: after signing in or out, the user and their orgs change. */
  reload(): void;
}

export const MeContext = createContext<CurrentAccount | null>(null);

/** The signed-in user and the organization the console works in (screens render only once it is known). */
export function useAccount(): CurrentAccount {
  const account = useContext(MeContext);
  if (!account) throw new Error('useAccount outside the signed-in app');
  return account;
}
