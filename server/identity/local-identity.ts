import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Database } from 'better-sqlite3';
import { nowIso } from '../runtime/clock.js';
import type { CurrentUser, IdentityProvider } from './identity-provider.js';

const LOCAL_USER_KEY = 'local_user_id';

function osUserName(): string {
  try {
    return userInfo().username || 'Recruiter';
  } catch {
    return 'Recruiter';
  }
}

/**
 * On first run, creates the local user and a local organization they own; afterwards, loads them.
 * Runs in one transaction so a crash mid-way leaves no half-made identity.
 */
export function ensureLocalIdentity(db: Database): IdentityProvider {
  const user = db.transaction((): CurrentUser => {
    const existing = db.prepare('SELECT value FROM app_settings WHERE key = ?').get(LOCAL_USER_KEY) as
      | { value: string }
      | undefined;
    if (existing) {
      const row = db
        .prepare('SELECT id, email, display_name AS displayName FROM app_users WHERE id = ?')
        .get(existing.value) as CurrentUser | undefined;
      if (row) return row;
    }
    const now = nowIso();
    const name = osUserName();
    const created: CurrentUser = { id: randomUUID(), email: `${name}@localhost`, displayName: name };
    const orgId = randomUUID();
    db.prepare('INSERT INTO app_users (id, email, display_name, is_local, created_at) VALUES (?, ?, ?, 1, ?)').run(
      created.id,
      created.email,
      created.displayName,
      now,
    );
    db.prepare('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(orgId, 'My organization', now);
    db.prepare("INSERT INTO org_members (org_id, user_id, role, active, created_at) VALUES (?, ?, 'org_owner', 1, ?)").run(
      orgId,
      created.id,
      now,
    );
    db.prepare('INSERT OR REPLACE INTO app_settings (key, value) VALUES (?, ?)').run(LOCAL_USER_KEY, created.id);
    return created;
  })();
  return { mode: 'local', currentUser: () => user };
}
