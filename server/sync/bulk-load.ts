import type { Database } from 'better-sqlite3';

interface SavedIndex {
  name: string;
  sql: string;
  table: string;
}

const META_KEY = 'bulk_load_indexes';

/**
 * Fast initial pulls. The cache's tables carry many secondary indexes (one per list filter and
 * sort); inserting 100,000 rows one by one into all of them is several times slower than building
 * each index once afterwards. So for a large pull into tables this org has no rows in yet, the
 * explicit indexes of those tables are dropped, and rebuilt one by one in the background once the
 * pull is complete (the rows are usable at once; the event loop is never held for more than one
 * index build). Unique and primary
 * keys stay (their automatic indexes are not touched), so every constraint still holds.
 * The dropped definitions are recorded in sync_meta in the same transaction, so a crash mid-pull
 * is repaired by restore() at the next start.
 */
export class BulkLoad {
  constructor(private readonly db: Database) {}

  /** Tables whose indexes are down right now. */
  tables(): Set<string> {
    return new Set(this.saved().map((index) => index.table));
  }

  private saved(): SavedIndex[] {
    const row = this.db.prepare('SELECT value FROM sync_meta WHERE key = ?').get(META_KEY) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as SavedIndex[]) : [];
  }

  /** Drops the explicit indexes of these tables (outside any other transaction). */
  begin(tables: readonly string[]): void {
    this.db.transaction(() => {
      const saved = this.saved();
      for (const table of tables) {
        const indexes = this.db
          .prepare("SELECT name, sql, tbl_name AS \"table\" FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
          .all(table) as SavedIndex[];
        for (const index of indexes) {
          saved.push(index);
          this.db.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
        }
      }
      this.db
        .prepare('INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(META_KEY, JSON.stringify(saved));
    })();
  }

  /** Rebuilds one dropped index; returns how many are still down. */
  restoreOne(): number {
    const saved = this.saved();
    const next = saved[0];
    if (!next) return saved.length;
    this.rebuild([next], saved.filter((index) => index !== next));
    return saved.length - 1;
  }

  /** Rebuilds the indexes begin() dropped (of one table, or all), in one transaction. */
  restore(table?: string): void {
    const saved = this.saved();
    const now = saved.filter((index) => table === undefined || index.table === table);
    if (now.length === 0) return;
    this.rebuild(now, saved.filter((index) => !now.includes(index)));
  }

  private rebuild(now: SavedIndex[], later: SavedIndex[]): void {
    this.db.transaction(() => {
      for (const index of now) {
        const exists = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(index.name);
        if (!exists) this.db.exec(index.sql);
      }
      if (later.length > 0) this.db.prepare('UPDATE sync_meta SET value = ? WHERE key = ?').run(JSON.stringify(later), META_KEY);
      else this.db.prepare('DELETE FROM sync_meta WHERE key = ?').run(META_KEY);
    })();
  }
}
