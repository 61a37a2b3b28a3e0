import type { Database } from 'better-sqlite3';
import { botFallbackKey } from '../../contracts/bot-fallback.js';
import type { ContentCounts } from '../../contracts/candidate-rights.js';
import { archiveKey, parseS3Url } from '../archive/transcript-bucket.js';
import { nowIso } from '../runtime/clock.js';
import { ApplyingTransactions } from '../sync/applying-transaction.js';

/** What a session's content is, in this desktop's cache. */
export interface LocalContent {
  counts: ContentCounts;
  /** Keys the session's words may have in the transcript bucket (archived copy, bot fallback file). */
  archiveKeys: string[];
}

/** Sessions that still carry a candidate's content: a name, an e-mail, words or analytics. */
const HAS_CONTENT = `(s.candidate_name IS NOT NULL OR s.candidate_email IS NOT NULL
  OR EXISTS (SELECT 1 FROM voice_transcripts t WHERE t.session_id = s.id)
  OR EXISTS (SELECT 1 FROM voice_analytics a WHERE a.session_id = s.id)
  OR EXISTS (SELECT 1 FROM voice_live_segments l WHERE l.session_id = s.id))`;

const ENDED = "s.status IN ('completed', 'failed', 'cancelled')";

/**
 * A candidate's content in the desktop cache: finding it (past a retention cutoff, by e-mail),
 * counting it, and deleting it. The session row stays, stripped of the candidate's name, e-mail and
 * consent words, as an anonymous statistic. Deletions run with the sync triggers quiet: for a team
 * org the project deletes its own copy through an RPC, and its scrubbed rows come back by pull.
 */
export class LocalContentStore {
  private readonly applying: ApplyingTransactions;

  constructor(private readonly db: Database) {
    this.applying = new ApplyingTransactions(db);
  }

  /** Ended sessions of the org that ended before `cutoff` and still hold content. */
  sessionsPast(orgId: string, cutoff: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT s.id FROM voice_sessions s WHERE s.org_id = ? AND ${ENDED}
           AND coalesce(s.completed_at, s.updated_at) < ? AND ${HAS_CONTENT} ORDER BY s.id`,
      )
      .all(orgId, cutoff) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Every session of the org for this e-mail (compared case-insensitively). */
  sessionsOfEmail(orgId: string, email: string): string[] {
    const rows = this.db
      .prepare('SELECT id FROM voice_sessions WHERE org_id = ? AND lower(candidate_email) = lower(?) ORDER BY id')
      .all(orgId, email.trim()) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Sessions among these that are still running (their content cannot be deleted under the bot). */
  running(sessionIds: string[]): string[] {
    return sessionIds.filter((id) => {
      const row = this.db.prepare('SELECT status FROM voice_sessions WHERE id = ?').get(id) as { status: string } | undefined;
      return row !== undefined && (row.status === 'ready' || row.status === 'active');
    });
  }

  inspect(orgId: string, sessionIds: string[]): LocalContent {
    const counts: ContentCounts = { sessions: 0, transcripts: 0, liveSegments: 0, analytics: 0, archiveObjects: 0 };
    const keys = new Set<string>();
    const session = this.db.prepare(`SELECT s.id FROM voice_sessions s WHERE s.id = ? AND s.org_id = ? AND ${HAS_CONTENT}`);
    const transcript = this.db.prepare('SELECT created_at, transcript_s3_url FROM voice_transcripts WHERE session_id = ?');
    const segments = this.db.prepare('SELECT count(*) AS n FROM voice_live_segments WHERE session_id = ?');
    const analytics = this.db.prepare('SELECT count(*) AS n FROM voice_analytics WHERE session_id = ?');
    for (const id of sessionIds) {
      if (!session.get(id, orgId)) continue;
      counts.sessions += 1;
      const t = transcript.get(id) as { created_at: string; transcript_s3_url: string | null } | undefined;
      if (t) {
        counts.transcripts += 1;
        const stored = t.transcript_s3_url ? parseS3Url(t.transcript_s3_url) : null;
        keys.add(stored ? stored.key : archiveKey({ orgId, sessionId: id, createdAt: t.created_at }));
        if (t.transcript_s3_url) counts.archiveObjects += 1;
      }
      keys.add(botFallbackKey(orgId, id));
      counts.liveSegments += (segments.get(id) as { n: number }).n;
      counts.analytics += (analytics.get(id) as { n: number }).n;
    }
    return { counts, archiveKeys: [...keys] };
  }

  /** Deletes the content of these sessions; returns what was there. Running it again deletes nothing more. */
  erase(orgId: string, sessionIds: string[], reason: 'retention' | 'erasure'): LocalContent {
    return this.applying.run(
      () => {
        const found = this.inspect(orgId, sessionIds);
        const at = nowIso();
        for (const id of sessionIds) {
          // The conflict log keeps old field values (a name, words): those go with the content.
          this.db
            .prepare(
              `DELETE FROM sync_conflicts WHERE row_id = ? OR row_id IN (SELECT id FROM voice_transcripts WHERE session_id = ?)
                 OR row_id IN (SELECT id FROM voice_analytics WHERE session_id = ?)`,
            )
            .run(id, id, id);
          this.db.prepare('DELETE FROM voice_live_segments WHERE session_id = ?').run(id);
          this.db.prepare('DELETE FROM voice_analytics WHERE session_id = ?').run(id);
          this.db.prepare('DELETE FROM voice_transcripts WHERE session_id = ?').run(id);
          this.db
            .prepare(
              `UPDATE voice_sessions SET candidate_name = NULL, candidate_email = NULL,
                 session_metadata = json_set(json_remove(session_metadata, '$.consent.words'), '$.contentDeleted', json_object('at', ?, 'reason', ?))
               WHERE id = ? AND org_id = ?`,
            )
            .run(at, reason, id, orgId);
        }
        return found;
      },
      { foreignKeys: true },
    );
  }
}
