import { sessionStatuses } from '../../../contracts/session.js';
import type { OrgStats } from '../../../contracts/stats.js';
import { withQuery } from '../api/api-client.js';
import { useApiGet } from '../api/use-api-get.js';
import { useAccount } from '../app/me-context.js';
import { humanDuration } from '../format/durations.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { Skeleton } from '../ui/Skeleton.js';
import { BarList } from './BarList.js';
import { ColumnChart } from './ColumnChart.js';
import { QualityPanel } from './QualityPanel.js';

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** The org at a glance: figures and charts from /api/voice/stats. */
export function DashboardScreen() {
  const { orgId } = useAccount();
  const stats = useApiGet<OrgStats>(withQuery('/api/voice/stats', { orgId }));
  const data = stats.data;

  return (
    <section className="screen dashboard" aria-labelledby="dashboard-title">
      <header className="screen-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <button type="button" className="link-button" onClick={stats.reload}>
          Refresh
        </button>
      </header>
      <OfflineCopyNote cachedAt={stats.cachedAt} />
      {stats.error && !data ? (
        <ErrorPanel error={stats.error} onRetry={stats.reload} />
      ) : !data ? (
        <Skeleton lines={8} label="Loading statistics" />
      ) : data.totalSessions === 0 ? (
        <EmptyState title="Nothing to chart yet">Figures appear once sessions exist. Create one from the Sessions screen.</EmptyState>
      ) : (
        <>
          <div className="figures">
            <Figure label="Sessions" value={data.totalSessions.toLocaleString()} note={`${data.sessionsThisMonth.toLocaleString()} this month`} />
            <Figure
              label="Completion rate"
              value={data.completionRate === null ? '—' : `${Math.round(data.completionRate * 1000) / 10}%`}
              note={`${data.completedSessions.toLocaleString()} completed of those ended`}
            />
            <Figure label="Average duration" value={humanDuration(data.avgDurationSeconds)} note="of completed sessions" />
            <Figure label="Average score" value={data.avgScore === null ? '—' : String(data.avgScore)} note="of scored sessions" />
          </div>
          <div className="dashboard-grid">
            <section className="card wide" aria-labelledby="per-day-title">
              <h3 id="per-day-title">Sessions over the last 30 days</h3>
              <ColumnChart
                title="Sessions created per day over the last 30 days"
                labelEvery={5}
                width={1100}
                columns={data.sessionsPerDay.map((day) => {
                  const label = dayFormat.format(new Date(`${day.date}T00:00:00Z`));
                  return { label, value: day.count, description: `${day.count} sessions on ${label}` };
                })}
              />
            </section>
            <section className="card" aria-labelledby="histogram-title">
              <h3 id="histogram-title">Score distribution</h3>
              <ColumnChart
                title="Number of sessions per score band"
                columns={data.scoreHistogram.map((bucket) => ({
                  label: `${bucket.from}`,
                  value: bucket.count,
                  description: `${bucket.count} sessions scored ${bucket.from} to ${bucket.to}`,
                }))}
              />
            </section>
            <section className="card" aria-labelledby="by-status-title">
              <h3 id="by-status-title">By status</h3>
              <BarList
                label="Sessions by status"
                items={sessionStatuses.map((status) => ({ key: status, label: status, value: data.byStatus[status], className: `status-${status}` }))}
              />
            </section>
            <section className="card" aria-labelledby="by-type-title">
              <h3 id="by-type-title">By interview type</h3>
              <BarList label="Sessions by interview type" items={data.byInterviewType.map((entry) => ({ key: entry.interviewType, label: entry.interviewType, value: entry.count }))} />
            </section>
            <QualityPanel quality={data.quality} />
          </div>
        </>
      )}
    </section>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div className="figure card">
      <span className="figure-label">{label}</span>
      <span className="figure-value">{value}</span>
      <span className="figure-note muted">{note}</span>
    </div>
  );
}
