import { isOrgAdmin } from '../../../contracts/identity.js';
import { isTerminalStatus, sessionTransitions, type SessionStatus, type VoiceSession } from '../../../contracts/session.js';
import type { CurrentAccount } from '../app/me-context.js';

export interface StatusAction {
  to: SessionStatus;
  label: string;
  /** Every manual move is confirmed: it overrides what the bot reports, and endings cannot be undone. */
  confirm: { title: string; message: string; confirmLabel: string; danger: boolean };
}

const labels: Record<SessionStatus, string> = {
  pending: 'Back to pending',
  ready: 'Mark ready',
  active: 'Mark active',
  completed: 'Mark completed',
  failed: 'Mark failed',
  cancelled: 'Mark cancelled',
};

const OVERRIDE = 'Statuses normally follow the interview bot\'s reports; use this only to repair a session that is stuck.';

const consequences: Record<SessionStatus, { message: string; danger: boolean }> = {
  pending: { message: 'The session goes back to pending.', danger: false },
  ready: { message: 'The session is marked ready without starting a call room or a bot.', danger: false },
  active: { message: 'The session is marked as in progress without the bot saying so.', danger: false },
  completed: { message: 'The session ends and its transcript is assembled from what was said. This cannot be undone.', danger: false },
  failed: { message: 'The session is recorded as failed and ends. This cannot be undone.', danger: true },
  cancelled: { message: 'The session is cancelled and the candidate can no longer join. This cannot be undone.', danger: true },
};

/**
 * The manual moves the session's state machine allows from where it is, and nothing else. They are
 * admins' recovery tools (the "More" menu); the normal flow is Start interview and the bot's reports.
 */
export function statusActions(status: SessionStatus): StatusAction[] {
  return sessionTransitions[status].map((to) => {
    const { message, danger } = consequences[to];
    return { to, label: labels[to], confirm: { title: `${labels[to]}?`, message: `${message} ${OVERRIDE}`, confirmLabel: labels[to], danger } };
  });
}

/** Only org owners and admins change statuses by hand. */
export function mayChangeStatusByHand(account: CurrentAccount): boolean {
  return isOrgAdmin(account.role);
}

/** A session that has not ended can be cancelled by whoever runs it (the flow's own way out). */
export function mayCancel(status: SessionStatus): boolean {
  return sessionTransitions[status].includes('cancelled');
}

/** The call room exists from the start until the session ends (ending deletes it). */
export function roomExists(session: Pick<VoiceSession, 'status' | 'dailyRoomUrl'>): boolean {
  return session.dailyRoomUrl !== null && !isTerminalStatus(session.status);
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
  if (!session.dailyRoomUrl || !session.dailyRoomToken || !roomExists(session)) return null;
  return `${session.dailyRoomUrl}?t=${encodeURIComponent(session.dailyRoomToken)}`;
}
