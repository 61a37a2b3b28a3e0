import { z } from 'zod';
import type { SecretStore } from '../secrets/keychain.js';

/** The signed-in Supabase session, kept as one keychain entry (never in SQLite, a file or a log). */
export const storedSession = z.object({
  projectUrl: z.string(),
  anonKey: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Unix seconds. */
  expiresAt: z.number(),
  user: z.object({ id: z.string(), email: z.string() }),
});
export type StoredSession = z.infer<typeof storedSession>;

export const SESSION_ACCOUNT = 'supabase-session';

export class SessionKeychain {
  constructor(private readonly secrets: SecretStore) {}

  async load(): Promise<StoredSession | null> {
    const text = await this.secrets.get(SESSION_ACCOUNT);
    if (!text) return null;
    try {
      const parsed = storedSession.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  save(session: StoredSession): Promise<void> {
    return this.secrets.set(SESSION_ACCOUNT, JSON.stringify(session));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SESSION_ACCOUNT);
  }
}
