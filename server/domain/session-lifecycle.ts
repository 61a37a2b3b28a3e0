import { canTransition, isTerminalStatus, sessionTransitions, type SessionStatus } from '../../contracts/session.js';
import { DomainError } from './domain-error.js';
import type { SessionChanges, SessionPatch, StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';
import { finalizeTranscript } from './finalize-transcript.js';

export interface StatusChangeEvent {
  sessionId: string;
  status: SessionStatus;
  previousStatus: SessionStatus;
  at: string;
}

export function assertTransition(from: SessionStatus, to: SessionStatus): void {
  if (canTransition(from, to)) return;
  const allowed = sessionTransitions[from];
  throw new DomainError(
    'INVALID_TRANSITION',
    `Cannot change status from ${from} to ${to}` +
      (allowed.length > 0 ? ` (allowed from ${from}: ${allowed.join(', ')})` : ` (${from} is final)`),
    { from, to, allowed: [...allowed] },
  );
}

/**
 * Moves a session along its lifecycle, inside the caller's transaction: stamps started/completed
 * times and duration, records the change in the history, and on a final state assembles the
 * transcript from the streamed segments and retires the session's bot tokens. This is the one time
 * the whole transcript is built: while the session is live a segment is only appended, and after
 * it ends no segment is taken (server/live/live-socket.ts), so nothing a bot sends rebuilds it.
 */
export function changeStatus(
  stores: Stores,
  session: StoredVoiceSession,
  to: SessionStatus,
  actor: string | null,
  reason: string | null,
  now: string,
  otherChanges: SessionChanges = {},
): StatusChangeEvent {
  assertTransition(session.status, to);
  const patch: SessionPatch = { ...otherChanges, status: to, updatedAt: now, updatedBy: actor };
  if (to === 'active') patch.startedAt = now;
  if (isTerminalStatus(to)) {
    patch.completedAt = now;
    patch.durationSeconds = session.startedAt
      ? Math.max(0, Math.round((Date.parse(now) - Date.parse(session.startedAt)) / 1000))
      : 0;
  }
  stores.sessions.update(session.id, patch);
  stores.sessions.addHistory(session.id, session.status, to, now, actor, reason);
  if (isTerminalStatus(to)) {
    const updated = stores.sessions.get(session.id) as StoredVoiceSession;
    if (to === 'completed' || stores.transcripts.hasSegments(session.id)) {
      finalizeTranscript(stores, updated, actor ?? session.createdBy, now);
    }
    stores.botTokens.revokeAll(session.id, now);
  }
  return { sessionId: session.id, status: to, previousStatus: session.status, at: now };
}
