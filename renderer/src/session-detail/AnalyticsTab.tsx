import type { VoiceAnalytics } from '../../../contracts/analytics.js';
import type { VoiceSession } from '../../../contracts/session.js';
import { useApiGet } from '../api/use-api-get.js';
import { paths } from '../app/routes.js';
import { clockTime } from '../../../contracts/transcript-clock.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Link } from '../ui/Link.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { scoreBand } from '../ui/ScoreBadge.js';
import { Skeleton } from '../ui/Skeleton.js';

function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function AnalyticsTab({ session }: { session: VoiceSession }) {
  const analytics = useApiGet<VoiceAnalytics>(`/api/voice/analytics/${session.id}`);
  if (analytics.error?.status === 404) {
    return (
      <EmptyState title="No analytics yet">
        {session.status === 'completed'
          ? 'The scorecard appears here once the interview has been analysed.'
          : 'The scorecard is produced after the interview is completed.'}
      </EmptyState>
    );
  }
  if (analytics.error && !analytics.data) return <ErrorPanel error={analytics.error} onRetry={analytics.reload} />;
  const data = analytics.data;
  if (!data) return <Skeleton lines={8} label="Loading analytics" />;
  const categories = Object.entries(data.categoryScores);

  return (
    <div className="analytics">
      <OfflineCopyNote cachedAt={analytics.cachedAt} />
      <div className="analytics-top">
        <section className="card overall" aria-labelledby="overall-title">
          <h3 id="overall-title">Overall score</h3>
          {data.overallScore === null ? (
            <p className="muted">Not scored</p>
          ) : (
            <p className={`overall-score score-${scoreBand(data.overallScore)}`} data-testid="overall-score">
              {Math.round(data.overallScore)}
              <span className="muted">/100</span>
            </p>
          )}
          <p className="hint">
            {data.modelUsed ? `Scored by ${data.modelUsed}` : 'Scored'}
            {data.processingTimeMs !== null ? ` in ${(data.processingTimeMs / 1000).toFixed(1)} s` : ''}
          </p>
        </section>
        <section className="card categories" aria-labelledby="categories-title">
          <h3 id="categories-title">Categories</h3>
          {categories.length === 0 ? (
            <p className="muted">No category scores.</p>
          ) : (
            <ul className="category-list">
              {categories.map(([name, category]) => (
                <li key={name}>
                  <div className="category-head">
                    <span className="category-name">{humanize(name)}</span>
                    <span className="category-weight muted">weight {Math.round(category.weight * 100)}%</span>
                    <span className="category-score">{Math.round(category.score)}</span>
                  </div>
                  <div className="bar-track" aria-hidden="true">
                    <div className={`bar-fill score-${scoreBand(category.score)}`} style={{ width: `${Math.max(0, Math.min(100, category.score))}%` }} />
                  </div>
                  {category.feedback && <p className="category-feedback">{category.feedback}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="analytics-lists">
        <FindingList title="Strengths" items={data.strengths} empty="None noted." />
        <FindingList title="Weaknesses" items={data.weaknesses} empty="None noted." />
        <FindingList title="Recommendations" items={data.recommendations} empty="None given." />
      </div>
      <section className="card" aria-labelledby="moments-title">
        <h3 id="moments-title">Key moments</h3>
        {data.keyMoments.length === 0 ? (
          <p className="muted">No key moments were marked.</p>
        ) : (
          <ol className="moments">
            {data.keyMoments.map((moment, index) => (
              <li key={index} className={`moment moment-${moment.type}`}>
                <Link to={`${paths.session(session.id, 'transcript')}?t=${moment.timestamp}`} className="moment-time" aria-label={`Open the transcript at ${clockTime(moment.timestamp)}`}>
                  {clockTime(moment.timestamp)}
                </Link>
                <span className={`badge moment-type-${moment.type}`}>{moment.type}</span>
                <div>
                  <p>{moment.description}</p>
                  {moment.quote && <blockquote>“{moment.quote}”</blockquote>}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function FindingList({ title, items, empty }: { title: string; items: readonly string[]; empty: string }) {
  const id = `findings-${title.toLowerCase()}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
