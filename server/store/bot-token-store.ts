import { createHash, randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { isTerminalStatus, sessionStatuses } from '../../contracts/session.js';

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The final statuses as an SQL list, from the lifecycle itself so the two cannot drift apart. */
const ENDED_STATUSES_SQL = sessionStatuses
  .filter(isTerminalStatus)
  .map((status) => `'${status}'`)
  .join(', ');

/**
 * Per-session credentials for bots on the live-events socket. The token is shown once, to whoever
 * mints it (the start flow hands it to the bot); only its SHA-256 is stored.
 */
export class BotTokenStore {
  private readonly insertStatement: Statement<[string, string, string, string]>;
  private readonly lookupStatement: Statement<[string, string], { session_id: string }>;
  private readonly revokeStatement: Statement<[string, string]>;

  constructor(db: Database) {
    this.insertStatement = db.prepare(
      'INSERT INTO voice_bot_tokens (token_hash, session_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    // The session's own state is checked too: a session can end without its tokens being revoked
    // here (a sync pull brings the final status), and a token must die with its session regardless.
    this.lookupStatement = db.prepare(
      `SELECT t.session_id FROM voice_bot_tokens t JOIN voice_sessions s ON s.id = t.session_id
        WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?
          AND s.status NOT IN (${ENDED_STATUSES_SQL})`,
    );
    this.revokeStatement = db.prepare(
      'UPDATE voice_bot_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL',
    );
  }

  mint(sessionId: string, now: Date, ttlMs: number): { token: string; expiresAt: string } {
    const token = `vbt_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    this.insertStatement.run(hash(token), sessionId, now.toISOString(), expiresAt);
    return { token, expiresAt };
  }

  /** The session a live, unexpired token belongs to, while that session has not ended; null for anything else. */
  sessionFor(token: string, now: Date): string | null {
    return this.lookupStatement.get(hash(token), now.toISOString())?.session_id ?? null;
  }

  revokeAll(sessionId: string, now: string): void {
    this.revokeStatement.run(now, sessionId);
  }
}
