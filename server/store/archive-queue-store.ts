import type { Database, Statement } from 'better-sqlite3';

export interface ArchiveJob {
  transcriptId: string;
  attempts: number;
}

/** Transcripts waiting for S3; rows live in SQLite so a restart loses none. */
export class ArchiveQueueStore {
  private readonly enqueueStatement: Statement<[string, string, string]>;
  private readonly dueStatement: Statement<[string, number], { transcript_id: string; attempts: number }>;
  private readonly doneStatement: Statement<[string]>;
  private readonly retryStatement: Statement<[string, string, string]>;
  private readonly pendingStatement: Statement<[], { n: number }>;
  private readonly unqueuedTeamStatement: Statement<[], { id: string }>;

  constructor(private readonly db: Database) {
    this.enqueueStatement = db.prepare(`INSERT INTO voice_archive_queue (transcript_id, attempts, next_attempt_at, created_at)
      VALUES (?, 0, ?, ?) ON CONFLICT (transcript_id) DO UPDATE SET attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = NULL`);
    this.dueStatement = db.prepare(
      'SELECT transcript_id, attempts FROM voice_archive_queue WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?',
    );
    this.doneStatement = db.prepare('DELETE FROM voice_archive_queue WHERE transcript_id = ?');
    this.retryStatement = db.prepare(
      'UPDATE voice_archive_queue SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE transcript_id = ?',
    );
    this.pendingStatement = db.prepare('SELECT COUNT(*) AS n FROM voice_archive_queue');
    this.unqueuedTeamStatement = db.prepare(
      `SELECT t.id FROM voice_transcripts t JOIN sync_orgs o ON o.org_id = t.org_id
       WHERE t.transcript_s3_url IS NULL AND NOT EXISTS (SELECT 1 FROM voice_archive_queue q WHERE q.transcript_id = t.id)`,
    );
  }

  enqueue(transcriptId: string, now: string): void {
    this.enqueueStatement.run(transcriptId, now, now);
  }

  /** Queues a transcript unless it is queued already (its attempts and schedule stay as they are). */
  enqueueIfAbsent(transcriptId: string, now: string): void {
    this.db.prepare('INSERT INTO voice_archive_queue (transcript_id, attempts, next_attempt_at, created_at) VALUES (?, 0, ?, ?) ON CONFLICT (transcript_id) DO NOTHING').run(transcriptId, now, now);
  }

  /** Transcripts of the team orgs this desktop syncs that are neither in S3 nor queued for it. */
  unqueuedTeamTranscripts(): string[] {
    return this.unqueuedTeamStatement.all().map((row) => row.id);
  }

  due(now: string, limit: number): ArchiveJob[] {
    return this.dueStatement.all(now, limit).map((row) => ({ transcriptId: row.transcript_id, attempts: row.attempts }));
  }

  done(transcriptId: string): void {
    this.doneStatement.run(transcriptId);
  }

  retryLater(transcriptId: string, at: string, error: string): void {
    this.retryStatement.run(at, error.slice(0, 1000), transcriptId);
  }

  pending(): number {
    return this.pendingStatement.get()?.n ?? 0;
  }
}
