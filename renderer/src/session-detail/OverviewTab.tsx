import { useState } from 'react';
import type { VoiceSession, VoiceSessionDetail } from '../../../contracts/session.js';
import { apiDelete, apiPut } from '../api/api-client.js';
import { errorMessage } from '../api/api-error.js';
import { forget } from '../api/response-cache.js';
import { useAccount } from '../app/me-context.js';
import { navigate } from '../app/navigation.js';
import { paths } from '../app/routes.js';
import { formatDateTime } from '../format/dates.js';
import { humanDuration } from '../format/durations.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { Link } from '../ui/Link.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { toast } from '../ui/toast-store.js';
import { candidateJoinLink, mayDelete, mayShareJoinLink, statusActions, type StatusAction } from './session-actions.js';
import { useNow } from './use-now.js';
import { useSessionConfig } from './use-session-config.js';

interface Props {
  session: VoiceSessionDetail;
  onChanged(session: VoiceSession): void;
}

type Pending = { kind: 'status'; action: StatusAction } | { kind: 'delete' } | null;

export function OverviewTab({ session, onChanged }: Props) {
  const account = useAccount();
  const { config, missing } = useSessionConfig(session);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow(session.status === 'active');
  const joinLink = candidateJoinLink(session);

  const move = async (action: StatusAction): Promise<void> => {
    setBusy(true);
    try {
      const reply = await apiPut<VoiceSession>(`/api/voice/sessions/${session.id}`, { status: action.to });
      toast.success(`Session is now ${reply.data.status}`);
      onChanged(reply.data);
    } catch (error) {
      toast.error(errorMessage(error, 'Could not change the status'));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (): Promise<void> => {
    try {
      await apiDelete(`/api/voice/sessions/${session.id}`);
      forget('/api/voice/sessions');
      toast.success('Session deleted');
      navigate(paths.sessions);
    } catch (error) {
      toast.error(errorMessage(error, 'Could not delete the session'));
    }
  };

  const copyJoinLink = async (): Promise<void> => {
    if (!joinLink) return;
    try {
      await navigator.clipboard.writeText(joinLink);
      toast.success('Join link copied: send it to the candidate');
    } catch {
      toast.error('The clipboard is not available here');
    }
  };

  const duration =
    session.durationSeconds ?? (session.status === 'active' && session.startedAt ? Math.max(0, (now - Date.parse(session.startedAt)) / 1000) : null);

  return (
    <div className="overview">
      <div className="overview-grid">
        <section className="card" aria-labelledby="candidate-title">
          <h3 id="candidate-title">Candidate</h3>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{session.candidateName ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{session.candidateEmail ?? '—'}</dd>
            <dt>Interview type</dt>
            <dd>{session.interviewType}</dd>
            <dt>Config</dt>
            <dd>
              {session.configId === null ? (
                'None'
              ) : config ? (
                <>
                  <Link to={paths.config(config.id)}>{config.name}</Link> · version {session.configVersion ?? config.version}
                  {config.version !== session.configVersion && session.configVersion !== null && <span className="muted"> (now v{config.version})</span>}
                </>
              ) : missing ? (
                'Deleted config'
              ) : (
                '…'
              )}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="times-title">
          <h3 id="times-title">Timing</h3>
          <dl className="facts">
            <dt>Created</dt>
            <dd>{formatDateTime(session.createdAt)}</dd>
            <dt>Started</dt>
            <dd>{formatDateTime(session.startedAt)}</dd>
            <dt>Ended</dt>
            <dd>{formatDateTime(session.completedAt)}</dd>
            <dt>Duration</dt>
            <dd>{humanDuration(duration)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="actions-title">
          <h3 id="actions-title">Actions</h3>
          <div className="action-buttons">
            {statusActions(session.status).map((action) => (
              <button
                key={action.to}
                type="button"
                className={action.to === 'active' || action.to === 'ready' ? 'primary' : action.confirm?.danger ? 'danger-outline' : undefined}
                disabled={busy}
                onClick={() => (action.confirm ? setPending({ kind: 'status', action }) : void move(action))}
              >
                {action.label}
              </button>
            ))}
            {statusActions(session.status).length === 0 && <p className="muted">This session has ended; its status is final.</p>}
            {mayDelete(session, account) && (
              <button type="button" className="danger-outline" onClick={() => setPending({ kind: 'delete' })}>
                Delete session
              </button>
            )}
          </div>
          {mayShareJoinLink(session) ? (
            <div className="join-link">
              <h4>Candidate join link</h4>
              {joinLink ? (
                <button type="button" onClick={() => void copyJoinLink()}>
                  Copy join link
                </button>
              ) : (
                <p className="hint">The link appears once the session's call room has been created.</p>
              )}
            </div>
          ) : (
            <p className="hint">Only the session's creator and org admins can see the candidate's join link.</p>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="history-title">
        <h3 id="history-title">Status history</h3>
        <ol className="history">
          {session.statusHistory.map((change, index) => (
            <li key={`${change.at}-${index}`}>
              <span className="history-move">
                {change.from ? (
                  <>
                    <StatusBadge status={change.from} /> → <StatusBadge status={change.to} />
                  </>
                ) : (
                  <>
                    Created as <StatusBadge status={change.to} />
                  </>
                )}
              </span>
              <span className="history-when">{formatDateTime(change.at)}</span>
              <span className="history-who muted">
                {change.by === null ? 'by the interview bot' : change.by === account.me.user.id ? 'by you' : 'by a teammate'}
                {change.reason ? ` · ${change.reason}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
      {pending?.kind === 'status' && pending.action.confirm && (
        <ConfirmDialog
          title={pending.action.confirm.title}
          message={pending.action.confirm.message}
          confirmLabel={pending.action.confirm.confirmLabel}
          danger={pending.action.confirm.danger}
          onConfirm={() => move(pending.action)}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete this session?"
          message="The session, its transcript and its analytics are removed for everyone. This cannot be undone."
          confirmLabel="Delete session"
          danger
          onConfirm={remove}
          onClose={() => setPending(null)}
        />
      )}
    </div>
  );
}
