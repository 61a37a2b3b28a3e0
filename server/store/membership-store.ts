import type { Database, Statement } from 'better-sqlite3';
import type { OrgRole } from '../../contracts/identity.js';

export interface Membership {
  id: string;
  name: string;
  role: OrgRole;
}

/** Which orgs a user belongs to, and with what role; every org-scoped request asks this. */
export class MembershipStore {
  private readonly roleStatement: Statement<[string, string], { role: OrgRole }>;
  private readonly orgsStatement: Statement<[string], Membership>;

  constructor(db: Database) {
    this.roleStatement = db.prepare(
      'SELECT role FROM org_members WHERE org_id = ? AND user_id = ? AND active = 1',
    );
    this.orgsStatement = db.prepare(
      `SELECT o.id, o.name, m.role FROM org_members m JOIN orgs o ON o.id = m.org_id
       WHERE m.user_id = ? AND m.active = 1 ORDER BY o.name, o.id`,
    );
  }

  roleIn(orgId: string, userId: string): OrgRole | null {
    return this.roleStatement.get(orgId, userId)?.role ?? null;
  }

  orgsOf(userId: string): Membership[] {
    return this.orgsStatement.all(userId);
  }
}
