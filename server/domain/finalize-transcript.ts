import { randomUUID } from 'node:crypto';
import type { StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';

/**
 * Builds a session's transcript from its stored segments and queues it for the S3 archive,
 * inside the caller's transaction, so a crash can neither lose the text nor forget the upload.
 */
export function finalizeTranscript(stores: Stores, session: StoredVoiceSession, actor: string, now: string): string {
  const transcriptId = stores.transcripts.assemble(session, randomUUID(), actor, now);
  stores.archiveQueue.enqueue(transcriptId, now);
  return transcriptId;
}
