import { clockTime } from '../../../contracts/transcript-clock.js';
import { useNow } from './use-now.js';

interface Props {
  startedAt: string | null;
  completedAt: string | null;
  /** The config's max_duration_minutes, when the session has a config. */
  limitMinutes: number | null;
}

/** Time since the interview started, against the config's limit. */
export function ElapsedClock({ startedAt, completedAt, limitMinutes }: Props) {
  const now = useNow(startedAt !== null && completedAt === null);
  if (!startedAt) return <p className="elapsed muted">Not started yet{limitMinutes ? ` · limit ${limitMinutes} min` : ''}</p>;
  const end = completedAt ? Date.parse(completedAt) : now;
  const elapsed = Math.max(0, (end - Date.parse(startedAt)) / 1000);
  const limit = limitMinutes ? limitMinutes * 60 : null;
  const over = limit !== null && elapsed > limit;
  return (
    <div className={`elapsed${over ? ' over-limit' : ''}`}>
      <span className="elapsed-figures" aria-label={`elapsed ${clockTime(elapsed)}${limit ? ` of ${clockTime(limit)}` : ''}`}>
        {clockTime(elapsed)}
        {limit !== null && <span className="muted"> / {clockTime(limit)}</span>}
      </span>
      {limit !== null && <progress max={limit} value={Math.min(elapsed, limit)} aria-hidden="true" />}
      {over && <span className="warning-text">Over the configured limit</span>}
    </div>
  );
}
