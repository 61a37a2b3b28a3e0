import { isTerminalStatus, type SessionStatus, type VoiceSession } from '../../../contracts/session.js';
import type { LiveSegment } from '../../../contracts/transcript.js';
import { useLocation } from '../app/navigation.js';
import { paths } from '../app/routes.js';
import { formatDateTime } from '../format/dates.js';
import type { LiveSocketState } from '../live/live-connection.js';
import type { LiveTranscript } from '../live/live-transcript.js';
import { Link } from '../ui/Link.js';
import { BotActivityCard } from './BotActivityCard.js';
import { ElapsedClock } from './ElapsedClock.js';
import { JoinCallPanel } from './JoinCallPanel.js';
import { LiveTranscriptLog } from './LiveTranscriptLog.js';
import { useSessionConfig } from './use-session-config.js';
import { useSessionTranscript } from './use-session-transcript.js';

interface Props {
  session: VoiceSession;
  live: { transcript: LiveTranscript; socket: LiveSocketState; error: string | null };
}

/** What "Join as observer" on the Overview passes along: join the call on arrival. */
export interface LiveLandingState {
  join: true;
}

function isLiveLanding(value: unknown): value is LiveLandingState {
  return typeof value === 'object' && value !== null && 'join' in value && value.join === true;
}

const socketLabels: Record<LiveSocketState, string> = { open: 'Connected', connecting: 'Connecting…', closed: 'Disconnected, retrying' };

const endings = { completed: 'The interview ended', failed: 'The interview failed', cancelled: 'The session was cancelled' } as const;

/** The interview as it happens: the streamed transcript, what the bot is doing, the clock, the call. */
export function LiveTab({ session, live }: Props) {
  const { configJson } = useSessionConfig(session);
  const location = useLocation();
  const status = live.transcript.status ?? session.status;
  const ended = isTerminalStatus(status);

  return (
    <div className="live-tab">
      <div className="live-main">
        {ended ? <EndedTranscript session={session} status={status} streamed={live.transcript.segments} /> : <LiveTranscriptLog segments={live.transcript.segments} live={status === 'active'} />}
      </div>
      <aside className="live-side">
        <BotActivityCard status={status} reported={live.transcript.botState} segments={live.transcript.segments} />
        <section className="card" aria-labelledby="elapsed-title">
          <h3 id="elapsed-title">Elapsed</h3>
          <ElapsedClock startedAt={session.startedAt} completedAt={session.completedAt} limitMinutes={configJson?.interview.max_duration_minutes ?? null} />
        </section>
        {/* The room is deleted when the session ends: there is no call left to join. */}
        {!ended && <JoinCallPanel sessionId={session.id} status={status} autoJoin={isLiveLanding(location.state)} />}
        {!ended && <p className={`socket-state socket-${live.socket}`}>Live feed: {socketLabels[live.socket]}</p>}
        {live.error && (
          <p className="error-text" role="alert">
            {live.error}
          </p>
        )}
      </aside>
    </div>
  );
}

/**
 * An ended session has nothing live left: it shows what was said (the segments the socket replayed,
 * or the stored transcript when they are gone, e.g. synced or archived), or says that nothing was.
 */
function EndedTranscript({ session, status, streamed }: { session: VoiceSession; status: SessionStatus; streamed: readonly LiveSegment[] }) {
  const stored = useSessionTranscript(session.id);
  const heading = status === 'completed' || status === 'failed' || status === 'cancelled' ? endings[status] : 'The interview is over';
  // The stored transcript is the assembled record; the replayed segments stand in until it loads.
  const segments: readonly LiveSegment[] = stored.transcript ? stored.transcript.speakerSegments.map((segment) => ({ ...segment, final: true })) : streamed;
  const waiting = segments.length === 0 && stored.loading;

  return (
    <div className="live-ended">
      <div className="ended-banner" role="status" data-testid="live-ended">
        <strong>{heading}</strong>
        {session.completedAt ? ` · ${formatDateTime(session.completedAt)}` : ''}
        {segments.length > 0 && (
          <>
            {' '}
            · {segments.length} turns · <Link to={paths.session(session.id, 'transcript')}>Open the transcript</Link>
          </>
        )}
      </div>
      {segments.length > 0 ? (
        <LiveTranscriptLog segments={segments} live={false} />
      ) : waiting ? (
        <p className="muted">Loading what was said…</p>
      ) : stored.error && !stored.none ? (
        <p className="error-text" role="alert">
          The stored transcript could not be loaded: {stored.error.message}
        </p>
      ) : (
        <p className="muted">Nothing was said before the session ended, so there is no transcript.</p>
      )}
    </div>
  );
}
