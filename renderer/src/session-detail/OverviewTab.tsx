import { useState } from 'react';
import type { VoiceSession, VoiceSessionDetail } from '../../../contracts/session.js';
import type { ErasureReceipt } from '../../../contracts/candidate-rights.js';
import { consentOf, consentSummary } from '../../../contracts/consent.js';
import { apiDelete, apiPost, apiPut } from '../api/api-client.js';
import { errorMessage } from '../api/api-error.js';
import { forget } from '../api/response-cache.js';
import { useAccount } from '../app/me-context.js';
import { navigate } from '../app/navigation.js';
import { paths } from '../app/routes.js';
import { formatDateTime } from '../format/dates.js';
import { humanDuration } from '../format/durations.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { Link } from '../ui/Link.js';
import { MenuButton, type MenuItem } from '../ui/MenuButton.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { toast } from '../ui/toast-store.js';
import { recordedRunner } from './bot-runner-name.js';
import { CandidateLinkPanel } from './CandidateLinkPanel.js';
import { QualityCard } from './QualityCard.js';
import type { LiveLandingState } from './LiveTab.js';
import { candidateJoinLink, mayCancel, mayChangeStatusByHand, mayDelete, mayShareJoinLink, statusActions, type StatusAction } from './session-actions.js';
import { StartInterviewPanel } from './StartInterviewPanel.js';
import { StartSteps } from './StartSteps.js';
import { useNow } from './use-now.js';
import { useSessionConfig } from './use-session-config.js';

interface Props {
  session: VoiceSessionDetail;
  onChanged(session: VoiceSession): void;
  /** Fetch the session again (the server changed it while answering something else). */
  onReload(): void;
}

type Pending = { kind: 'status'; action: StatusAction } | { kind: 'cancel' } | { kind: 'delete' } | { kind: 'erase' } | null;

const CANCEL_CONFIRM = {
  title: 'Cancel this interview?',
  message: "The call room is deleted, the bot is stopped and the candidate's link stops working. This cannot be undone.",
};

/** Why a failed session failed: the start error the server recorded, else the last move's reason. */
function failureReason(session: VoiceSessionDetail): string | null {
  const startError = session.sessionMetadata.startError;
  if (typeof startError === 'string' && startError) return startError;
  return session.statusHistory.findLast((change) => change.to === 'failed')?.reason ?? null;
}

export function OverviewTab({ session, onChanged, onReload }: Props) {
  const account = useAccount();
  const { config, configJson, missing } = useSessionConfig(session);
  const [pending, setPending] = useState<Pending>(null);
  // After a start from here, focus goes to the link (the Start button it was on is gone).
  const [justStarted, setJustStarted] = useState(false);
  const now = useNow(session.status === 'active');
  const joinLink = candidateJoinLink(session);
  const admin = mayChangeStatusByHand(account);

  const move = async (to: VoiceSession['status'], done: string): Promise<void> => {
    try {
      const reply = await apiPut<VoiceSession>(`/api/voice/sessions/${session.id}`, { status: to });
      toast.success(done);
      onChanged(reply.data);
    } catch (error) {
      toast.error(errorMessage(error, 'Could not change the status'));
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

  // Erasure on request: this candidate's content (every session with their e-mail) from every store.
  const erase = async (): Promise<void> => {
    try {
      const reply = await apiPost<ErasureReceipt>('/api/rights/erasures', { orgId: session.orgId, sessionId: session.id });
      toast.success(reply.data.completedAt ? 'Candidate data deleted everywhere' : 'Deleted here; the rest is pending and retried (see Settings)');
      onReload();
    } catch (error) {
      toast.error(errorMessage(error, 'Could not delete the candidate data'));
    }
  };

  const duration =
    session.durationSeconds ?? (session.status === 'active' && session.startedAt ? Math.max(0, (now - Date.parse(session.startedAt)) / 1000) : null);

  const moreItems: MenuItem[] = [
    ...(admin ? statusActions(session.status) : []).map((action) => ({
      key: action.to,
      label: action.label,
      danger: action.confirm.danger,
      onSelect: () => setPending({ kind: 'status', action }),
    })),
    ...(admin && session.status !== 'active' && session.status !== 'ready'
      ? [{ key: 'erase', label: 'Delete candidate data', danger: true, onSelect: () => setPending({ kind: 'erase' }) }]
      : []),
    ...(mayDelete(session, account) ? [{ key: 'delete', label: 'Delete session', danger: true, onSelect: () => setPending({ kind: 'delete' }) }] : []),
  ];

  const configNote =
    session.configId === null
      ? 'This session has no config: the bot uses default questions.'
      : missing
        ? 'Its config was deleted: the bot uses default questions.'
        : config && !config.isActive
          ? `The config "${config.name}" is switched off; the interview still runs with it.`
          : null;
  const joinAsObserver = (): void => navigate(paths.session(session.id, 'live'), { state: { join: true } satisfies LiveLandingState });
  const progress = { runner: recordedRunner(session.sessionMetadata), roomName: session.dailyRoomName, botHandle: session.ecsTaskArn };
  const reason = session.status === 'failed' ? failureReason(session) : null;

  return (
    <div className="overview">
      <section className="card interview-card" aria-labelledby="interview-title">
        <div className="card-head">
          <h3 id="interview-title">Interview</h3>
          <MenuButton label="More" items={moreItems} />
        </div>
        {session.status === 'pending' && (
          <StartInterviewPanel
            session={session}
            admin={admin}
            configNote={configNote}
            onStarted={(started) => {
              setJustStarted(true);
              onChanged(started);
            }}
            onFailed={onReload}
          />
        )}
        {(session.status === 'ready' || session.status === 'active') && (
          <>
            <StartSteps phase={session.status} {...progress} />
            {joinLink ? (
              <CandidateLinkPanel
                session={session}
                link={joinLink}
                botName={configJson?.bot_name ?? null}
                maxDurationMinutes={configJson?.interview.max_duration_minutes ?? null}
                disclosure={configJson?.consent?.disclosure ?? null}
                focusOnMount={justStarted}
              />
            ) : (
              <p className="hint">
                {mayShareJoinLink(session)
                  ? 'No call room was created for this session (its status was set by hand), so there is no link to send.'
                  : "Only the session's creator and org admins can see the candidate's link."}
              </p>
            )}
            <div className="button-row">
              <button type="button" onClick={joinAsObserver}>
                Join as observer
              </button>
              {session.status === 'active' && <Link to={paths.session(session.id, 'live')}>Watch it live</Link>}
            </div>
          </>
        )}
        {session.status === 'completed' && (
          <p className="outcome">
            The interview is over. <Link to={paths.session(session.id, 'transcript')}>Read the transcript</Link> ·{' '}
            <Link to={paths.session(session.id, 'analytics')}>See the analysis</Link>
          </p>
        )}
        {session.status === 'failed' && (
          <p className="outcome outcome-failed" data-testid="failure-reason">
            The interview failed{reason ? `: ${reason}` : '.'} Create a new session to try again with this candidate.
          </p>
        )}
        {session.status === 'cancelled' && <p className="outcome">The session was cancelled; its call room was removed.</p>}
        {mayCancel(session.status) && (
          <div className="cancel-row">
            <button type="button" className="danger-outline" onClick={() => setPending({ kind: 'cancel' })}>
              Cancel interview
            </button>
          </div>
        )}
      </section>
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
            <dt>AI consent</dt>
            <dd data-testid="consent-fact">{consentSummary(consentOf(session.sessionMetadata)) ?? (configJson?.consent ? 'Not asked yet' : 'Not asked (no consent step in the config)')}</dd>
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
        <QualityCard sessionMetadata={session.sessionMetadata} />
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
      {pending?.kind === 'status' && (
        <ConfirmDialog
          title={pending.action.confirm.title}
          message={pending.action.confirm.message}
          confirmLabel={pending.action.confirm.confirmLabel}
          danger={pending.action.confirm.danger}
          onConfirm={() => move(pending.action.to, `Session is now ${pending.action.to}`)}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'cancel' && (
        <ConfirmDialog
          title={CANCEL_CONFIRM.title}
          message={CANCEL_CONFIRM.message}
          confirmLabel="Cancel interview"
          danger
          onConfirm={() => move('cancelled', 'Interview cancelled')}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'erase' && (
        <ConfirmDialog
          title="Delete this candidate’s data?"
          message="Every session of this candidate loses its transcript, analytics, archived files, name and e-mail, here, on the team project and in the bucket. The sessions stay as anonymous statistics. This cannot be undone."
          confirmLabel="Delete candidate data"
          danger
          onConfirm={erase}
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
