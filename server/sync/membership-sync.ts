import type { Database, Statement } from 'better-sqlite3';
import { isOrgAdmin } from '../../contracts/identity.js';
import { nowIso } from '../runtime/clock.js';
import type { ApplyingTransactions } from './applying-transaction.js';
import type { CursorStore } from './cursor-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { RemoteMembership } from './remote.js';

export interface SyncUser {
  id: string;
  email: string;
  displayName: string;
}

/**
 * The account's team orgs, pulled before any org's rows: a joined org gets fresh cursors (so its
 * whole history is pulled), a left org is purged from the cache (its outstanding ops are parked
 * with the reason, never dropped), roles follow the server.
 */
export class MembershipSync {
  private readonly syncOrgs: Statement<[], { org_id: string }>;

  constructor(
    private readonly db: Database,
    private readonly applying: ApplyingTransactions,
    private readonly cursors: CursorStore,
    private readonly outbox: OutboxStore,
  ) {
    this.syncOrgs = db.prepare('SELECT org_id FROM sync_orgs ORDER BY org_id');
  }

  syncedOrgIds(): string[] {
    return this.syncOrgs.all().map((row) => row.org_id);
  }

  /** Makes sure the user exists locally (created_by of their rows, /api/me). */
  ensureUser(user: SyncUser): void {
    this.db
      .prepare(
        `INSERT INTO app_users (id, email, display_name, is_local, created_at) VALUES (?, ?, ?, 0, ?)
         ON CONFLICT (id) DO UPDATE SET email = excluded.email, display_name = excluded.display_name`,
      )
      .run(user.id, user.email, user.displayName, nowIso());
  }

  /** Returns the orgs joined and left by this pull. */
  apply(user: SyncUser, memberships: RemoteMembership[]): { joined: string[]; left: string[] } {
    const active = memberships.filter((membership) => membership.active);
    const activeIds = new Set(active.map((membership) => membership.orgId));
    const before = new Set(this.syncedOrgIds());
    const joined = active.filter((membership) => !before.has(membership.orgId)).map((membership) => membership.orgId);
    const left = [...before].filter((orgId) => !activeIds.has(orgId));
    const now = nowIso();
    this.applying.run(() => {
      this.ensureUser(user);
      for (const membership of active) {
        this.db
          .prepare('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name')
          .run(membership.orgId, membership.orgName, membership.orgCreatedAt);
        this.db
          .prepare(
            `INSERT INTO org_members (org_id, user_id, role, active, created_at) VALUES (?, ?, ?, 1, ?)
             ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role, active = 1`,
          )
          .run(membership.orgId, user.id, membership.role, now);
        this.db.prepare('INSERT OR IGNORE INTO sync_orgs (org_id, joined_at) VALUES (?, ?)').run(membership.orgId, now);
        this.cursors.addOrg(membership.orgId);
        if (!isOrgAdmin(membership.role)) this.forgetCredentials(membership.orgId);
      }
    });
    for (const orgId of left) this.purge(orgId, now);
    return { joined, left };
  }

  /**
   * Credentials metadata is for admins only (RLS): a role that is not (or no longer) admin keeps
   * none of it here, and would pull it from the start if made admin again.
   */
  private forgetCredentials(orgId: string): void {
    const dropped = this.db.prepare('DELETE FROM voice_credentials WHERE org_id = ?').run(orgId).changes;
    if (dropped > 0 || this.db.prepare("SELECT txid FROM sync_cursors WHERE org_id = ? AND table_name = 'voice_credentials' AND txid > 0").get(orgId)) {
      this.db
        .prepare("UPDATE sync_cursors SET txid = 0, last_id = '00000000-0000-0000-0000-000000000000', caught_up = 0 WHERE org_id = ? AND table_name = 'voice_credentials'")
        .run(orgId);
    }
  }

  /**
   * Removes an org the account left: its rows and everything hanging off them (foreign keys on,
   * so the org's cascade does it), its cursors and sync bookkeeping. Outstanding ops are parked.
   */
  purge(orgId: string, at: string): void {
    this.outbox.parkOrg(orgId, 'You are no longer a member of this organization; this change cannot be sent', at);
    this.applying.run(
      () => {
        this.db.prepare('DELETE FROM sync_orgs WHERE org_id = ?').run(orgId);
        this.db.prepare('DELETE FROM sync_cursors WHERE org_id = ?').run(orgId);
        this.db.prepare('DELETE FROM sync_deferred WHERE org_id = ?').run(orgId);
        this.db.prepare('DELETE FROM sync_shadow WHERE row_id IN (SELECT row_id FROM sync_outbox WHERE org_id = ?)').run(orgId);
        this.db.prepare('DELETE FROM orgs WHERE id = ?').run(orgId);
      },
      { foreignKeys: true },
    );
  }
}
