import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';

const KEY = 'install_id';

/**
 * This installation's stable id (made once, kept in the store): a lease holder that stays the
 * same across restarts, so a desktop that crashed mid-job takes its own lease back at once.
 */
export function installId(db: Database): string {
  db.prepare('INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(KEY, JSON.stringify(randomUUID()));
  const row = db.prepare('SELECT value FROM app_settings WHERE key = ?').get(KEY) as { value: string };
  return JSON.parse(row.value) as string;
}
