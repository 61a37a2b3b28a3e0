import type { VoiceSession } from '../../../contracts/session.js';
import type { LiveSocketState } from '../live/live-connection.js';
import type { LiveTranscript } from '../live/live-transcript.js';
import { BotActivityCard } from './BotActivityCard.js';
import { ElapsedClock } from './ElapsedClock.js';
import { JoinCallPanel } from './JoinCallPanel.js';
import { LiveTranscriptLog } from './LiveTranscriptLog.js';
import { useSessionConfig } from './use-session-config.js';

interface Props {
  session: VoiceSession;
  live: { transcript: LiveTranscript; socket: LiveSocketState; error: string | null };
}

const socketLabels: Record<LiveSocketState, string> = { open: 'Connected', connecting: 'Connecting…', closed: 'Disconnected, retrying' };

/** The interview as it happens: the streamed transcript, what the bot is doing, the clock, the call. */
export function LiveTab({ session, live }: Props) {
  const { configJson } = useSessionConfig(session);
  const status = live.transcript.status ?? session.status;

  return (
    <div className="live-tab">
      <div className="live-main">
        <LiveTranscriptLog segments={live.transcript.segments} live={status === 'active'} />
      </div>
      <aside className="live-side">
        <BotActivityCard status={status} reported={live.transcript.botState} segments={live.transcript.segments} />
        <section className="card" aria-labelledby="elapsed-title">
          <h3 id="elapsed-title">Elapsed</h3>
          <ElapsedClock startedAt={session.startedAt} completedAt={session.completedAt} limitMinutes={configJson?.interview.max_duration_minutes ?? null} />
        </section>
        <JoinCallPanel sessionId={session.id} status={status} />
        <p className={`socket-state socket-${live.socket}`}>Live feed: {socketLabels[live.socket]}</p>
        {live.error && (
          <p className="error-text" role="alert">
            {live.error}
          </p>
        )}
      </aside>
    </div>
  );
}
