import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsGenerator } from '../../server/analytics/analytics-generator.js';
import { ensureLocalIdentity } from '../../server/identity/local-identity.js';
import { createLogger } from '../../server/runtime/logger.js';
import { CredentialVault } from '../../server/secrets/credential-vault.js';
import type { SecretStore } from '../../server/secrets/keychain.js';
import { openDatabase } from '../../server/store/open-database.js';
import { createStores } from '../../server/store/stores.js';
import { makeDataDir, removeDataDir, repoRoot } from '../support/server-process.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) removeDataDir(dirs.pop() as string);
});

/** No key is kept, so the generator records a failed job; it must never be asked for a secret. */
const emptyKeychain: SecretStore = {
  set: () => Promise.reject(new Error('not used')),
  get: () => Promise.resolve(null),
  delete: () => Promise.resolve(false),
  probe: () => Promise.resolve('ok'),
};

describe("the analysis job's state in the session metadata", () => {
  it('keeps what was written to the metadata while the generator awaited the keychain', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const db = openDatabase({ dataDir, migrationsDir: join(repoRoot, 'migrations', 'sqlite') });
    try {
      const user = ensureLocalIdentity(db).currentUser();
      const orgId = (db.prepare('SELECT org_id FROM org_members WHERE user_id = ?').get(user.id) as { org_id: string }).org_id;
      const sessionId = randomUUID();
      const now = new Date().toISOString();
      db.prepare(
        `INSERT INTO voice_sessions (id, org_id, interview_type, status, created_at, updated_at, created_by) VALUES (?, ?, 'technical', 'completed', ?, ?, ?)`,
      ).run(sessionId, orgId, now, now, user.id);
      const segments = [{ seq: 0, speaker: 'candidate', text: 'I built a queue with retries.', startTime: 0, endTime: 2, confidence: 0.9 }];
      db.prepare(
        `INSERT INTO voice_transcripts (id, org_id, session_id, transcript_text, interview_type, word_count, speaker_segments, metadata, created_at, updated_at, created_by)
         VALUES (?, ?, ?, 'I built a queue with retries.', 'technical', 6, ?, '{}', ?, ?, ?)`,
      ).run(randomUUID(), orgId, sessionId, JSON.stringify(segments), now, now, user.id);
      const stores = createStores(db);
      const generator = new AnalyticsGenerator(
        stores,
        new CredentialVault(stores.credentials, emptyKeychain),
        { daily: 'http://127.0.0.1:9', openai: 'http://127.0.0.1:9', deepgram: 'http://127.0.0.1:9', cartesia: 'http://127.0.0.1:9' },
        createLogger('error'),
      );

      const job = generator.generate(sessionId, user.id);
      // The generator now awaits the keychain; meanwhile the bot's consent report lands.
      const consent = { given: true, at: now, words: 'Yes, I agree.', configVersion: 1 };
      const current = stores.sessions.get(sessionId);
      stores.sessions.update(sessionId, { sessionMetadata: { ...current?.sessionMetadata, consent }, updatedAt: now, updatedBy: user.id });
      await expect(job).rejects.toThrow(/No OpenAI API key/);

      const metadata = stores.sessions.get(sessionId)?.sessionMetadata ?? {};
      expect(metadata.consent).toEqual(consent);
      expect(metadata.analytics).toMatchObject({ status: 'failed' });
    } finally {
      db.close();
    }
  });
});
