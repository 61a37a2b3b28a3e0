import type { SessionStatus } from '../../../contracts/session.js';

export function StatusBadge({ status }: { status: SessionStatus }) {
  return <span className={`badge status-${status}`}>{status}</span>;
}
