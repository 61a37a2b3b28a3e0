import type { BotStateReport } from '../../../contracts/live-events.js';
import type { SessionStatus } from '../../../contracts/session.js';
import type { LiveSegment } from '../../../contracts/transcript.js';
import { botActivity, botActivityLabels } from '../live/bot-activity.js';

interface Props {
  status: SessionStatus | null;
  reported: BotStateReport | null;
  segments: readonly LiveSegment[];
}

/** What the interviewer is doing: its own report when it gives one, otherwise an honest guess. */
export function BotActivityCard({ status, reported, segments }: Props) {
  const { activity, source } = botActivity(status, reported, segments);
  return (
    <section className="card" aria-labelledby="bot-state-title">
      <h3 id="bot-state-title">Interviewer</h3>
      <p className={`bot-activity activity-${activity}`} data-testid="bot-activity" data-source={source} aria-live="polite">
        <span className="activity-dot" aria-hidden="true" />
        {botActivityLabels[activity]}
      </p>
      {source === 'estimated' && status === 'active' && <p className="hint">Estimated from the transcript</p>}
    </section>
  );
}
