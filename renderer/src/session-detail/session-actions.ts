import { isOrgAdmin } from '../../../contracts/identity.js';
import { sessionTransitions, type SessionStatus, type VoiceSession } from '../../../contracts/session.js';
import type { CurrentAccount } from '../app/me-context.js';

export interface StatusAction {
  to: SessionStatus;
  label: string;
  /** Set for moves that end the session: they cannot be undone, so they are confirmed first. */
  confirm: { title: string; message: string; confirmLabel: string; danger: boolean } | null;
}

const labels: Record<SessionStatus, string> = {
  pending: 'Back to pending',
  ready: 'Mark ready',
  active: 'Start interview',
  completed: 'Mark completed',
  failed: 'Mark failed',
  cancelled: 'Cancel session',
};

const endings: Partial<Record<SessionStatus, { message: string; danger: boolean }>> = {
  completed: { message: 'The session ends and its transcript is assembled from what was said. This cannot be undone.', danger: false },
  failed: { message: 'The session is recorded as failed and ends. This cannot be undone.', danger: true },
  cancelled: { message: 'The session is cancelled and the candidate can no longer join. This cannot be undone.', danger: true },
};

/** The moves the session's state machine allows from where it is, and nothing else. */
export function statusActions(status: SessionStatus): StatusAction[] {
  return sessionTransitions[status].map((to) => {
    const ending = endings[to];
    return {
      to,
      label: labels[to],
      confirm: ending ? { title: `${labels[to]}?`, message: ending.message, confirmLabel: labels[to], danger: ending.danger } : null,
    };
  });
}

/** The server lets the creator or an org admin delete a session that is not live. */
export function mayDelete(session: VoiceSession, account: CurrentAccount): boolean {
  return session.status !== 'active' && (isOrgAdmin(account.role) || session.createdBy === account.me.user.id);
}

/** The join token is in the reply only for the creator and org admins; its key's presence says so. */
export function mayShareJoinLink(session: VoiceSession): boolean {
  return 'dailyRoomToken' in session;
}

/** The candidate's link into the call: the room address with its meeting token. */
export function candidateJoinLink(session: VoiceSession): string | null {
  if (!session.dailyRoomUrl || !session.dailyRoomToken) return null;
  return `${session.dailyRoomUrl}?t=${encodeURIComponent(session.dailyRoomToken)}`;
}
