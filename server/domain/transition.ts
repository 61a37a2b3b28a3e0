import type { SessionStatus } from '../../contracts/session.js';
import type { SessionChanges, StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';
import { changeStatus, type StatusChangeEvent } from './session-lifecycle.js';
import type { StatusEvents } from './status-events.js';

/** Moves one session to `to` inside the running transition (see changeStatus for what a move does). */
export type ChangeStatus = (
  session: StoredVoiceSession,
  to: SessionStatus,
  actor: string | null,
  reason: string | null,
  now: string,
  otherChanges?: SessionChanges,
) => StatusChangeEvent;

/**
 * The one way statuses change: runs `work` in its own transaction, lets it move sessions through
 * `change` (as many as it needs, with any other writes beside them), and announces each move on
 * StatusEvents only after the commit, in order; a rollback announces nothing. `immediate` takes the
 * write lock first, for work that re-reads a session another connection may be ending. Never call
 * it inside another transaction: the announcements would precede that transaction's commit.
 */
export function transition<T>(stores: Stores, events: StatusEvents, work: (change: ChangeStatus) => T, options: { immediate?: boolean } = {}): T {
  const made: StatusChangeEvent[] = [];
  const change: ChangeStatus = (session, to, actor, reason, now, otherChanges) => {
    const event = changeStatus(stores, session, to, actor, reason, now, otherChanges);
    made.push(event);
    return event;
  };
  const result = stores.transaction(() => work(change), options.immediate ? 'immediate' : 'deferred');
  for (const event of made) events.emit(event);
  return result;
}
