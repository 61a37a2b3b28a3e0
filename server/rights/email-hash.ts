import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

const KEY_SETTING = 'rights_email_hash_key';

/**
 * A keyed hash (HMAC-SHA256) of a candidate's e-mail, so a receipt can later answer "was this
 * person's data erased?" for whoever holds the e-mail, without the receipt holding the e-mail. The key
 * is this installation's own random 32 bytes, made once; a plain hash would be reversible by guessing
 * addresses.
 */
export class EmailHasher {
  private readonly key: Buffer;

  constructor(db: Database) {
    db.prepare('INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(KEY_SETTING, randomBytes(32).toString('base64'));
    const row = db.prepare('SELECT value FROM app_settings WHERE key = ?').get(KEY_SETTING) as { value: string };
    this.key = Buffer.from(row.value, 'base64');
  }

  hash(email: string): string {
    return createHmac('sha256', this.key).update(email.trim().toLowerCase()).digest('hex');
  }
}
