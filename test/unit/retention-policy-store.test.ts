import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../server/store/migrations.js';
import { RetentionPolicyStore } from '../../server/rights/retention-policy-store.js';
import { repoRoot } from '../support/server-process.js';

// The desktop's retention policy rows (SQLite 0007): the preview kept with the policy, the rules for
// when a change keeps it, the team copy, and what the migration makes of policies saved before it.
const migrations = loadMigrations(join(repoRoot, 'migrations', 'sqlite'));
const ORG = '0a000000-0000-4000-8000-000000000000';
const admin = { id: 'u-admin', email: 'admin@example.com' };
const done = { state: 'done', counts: null, lastError: null, doneAt: null } as const;

function database(upTo = Number.POSITIVE_INFINITY): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  migrate(db, migrations.filter((migration) => migration.version <= upTo));
  return db;
}

describe('the retention policy store', () => {
  it('keeps the preview when the days stay, or when it was of the new days; drops it on any other change', () => {
    const store = new RetentionPolicyStore(database());
    store.savePreview(ORG, 30);
    expect(store.get(ORG)).toMatchObject({ days: null, previewedDays: 30, updatedAt: null, updatedBy: null });
    store.save(ORG, 30, admin);
    expect(store.get(ORG)).toMatchObject({ days: 30, previewedDays: 30, updatedBy: 'u-admin', updatedByEmail: 'admin@example.com' });
    store.save(ORG, 30, admin);
    expect(store.get(ORG).previewedDays).toBe(30);
    store.save(ORG, 90, admin);
    expect(store.get(ORG)).toMatchObject({ days: 90, previewedDays: null, previewedAt: null });
    store.savePreview(ORG, 90);
    store.save(ORG, null, admin);
    store.save(ORG, 90, admin);
    expect(store.get(ORG).previewedDays).toBeNull();
  });

  it('only a policy previewed at its days is due', () => {
    const store = new RetentionPolicyStore(database());
    store.save(ORG, 30, admin);
    expect(store.due(new Date())).toEqual([]);
    store.savePreview(ORG, 60);
    expect(store.due(new Date())).toEqual([]);
    store.savePreview(ORG, 30);
    expect(store.due(new Date())).toEqual([ORG]);
  });

  it("a team copy replaces the row, keeping this desktop's own later run", () => {
    const store = new RetentionPolicyStore(database());
    store.save(ORG, 30, admin);
    store.recordRun({ orgId: ORG, days: 30, cutoff: '2026-11-01T00:00:00.000Z', ranAt: '2026-12-02T00:00:00.000Z', stores: { local: done, team: done, archive: done } });
    store.saveTeamCopy({
      orgId: ORG,
      days: 90,
      updatedAt: '2026-12-01T00:00:00.000Z',
      updatedBy: 'u-other',
      updatedByEmail: 'other@example.com',
      previewedDays: 90,
      previewedAt: '2026-12-01T00:00:00.000Z',
      lastRunAt: '2026-12-01T12:00:00.000Z',
      lastRun: null,
    });
    const copy = store.get(ORG);
    expect(copy).toMatchObject({ days: 90, updatedBy: 'u-other', previewedDays: 90, lastRunAt: '2026-12-02T00:00:00.000Z' });
    expect(copy.teamCopiedAt).not.toBeNull();
  });

  it('0007 keeps policies saved before it: one that already ran at its days counts as previewed, others need a preview', () => {
    const db = database(6);
    const insert = db.prepare('INSERT INTO rights_retention_policies (org_id, days, updated_at, updated_by, last_run_at, last_run) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('org-ran', 30, '2026-11-01T00:00:00.000Z', 'u1', '2026-11-02T00:00:00.000Z', JSON.stringify({ days: 30 }));
    insert.run('org-ran-other-days', 90, '2026-11-01T00:00:00.000Z', 'u1', '2026-11-02T00:00:00.000Z', JSON.stringify({ days: 30 }));
    insert.run('org-never-ran', 30, '2026-11-01T00:00:00.000Z', 'u1', null, null);
    expect(migrate(db, migrations).applied).toEqual(migrations.filter((m) => m.version > 6).map((m) => m.version));
    const store = new RetentionPolicyStore(db);
    expect(store.get('org-ran')).toMatchObject({ days: 30, previewedDays: 30, previewedAt: '2026-11-02T00:00:00.000Z', updatedBy: 'u1' });
    expect(store.get('org-ran-other-days')).toMatchObject({ days: 90, previewedDays: null });
    expect(store.get('org-never-ran')).toMatchObject({ days: 30, previewedDays: null });
  });
});

