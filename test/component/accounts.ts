import type { CurrentAccount } from '../../renderer/src/app/me-context.js';

/** The signed-in account a screen reads from MeContext: Ada, owner of one local org "Acme". */
export function ownerAccount(orgId: string): CurrentAccount {
  return {
    me: { user: { id: 'u1', email: 'ada@example.com', displayName: 'Ada' }, orgs: [{ id: orgId, name: 'Acme', role: 'org_owner' }], mode: 'local' },
    orgId,
    orgName: 'Acme',
    role: 'org_owner',
    reload: () => undefined,
  };
}
