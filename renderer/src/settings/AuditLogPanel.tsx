import { useState } from 'react';
import { auditActions, type AuditAction, type AuditEntry } from '../../../contracts/candidate-rights.js';
import { withQuery } from '../api/api-client.js';
import { useApiGet } from '../api/use-api-get.js';
import { formatDateTime } from '../format/dates.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Skeleton } from '../ui/Skeleton.js';

const actionNames: Record<AuditAction, string> = {
  'transcript.viewed': 'Viewed a transcript',
  'transcript.exported': 'Exported a transcript',
  'transcript.copied': 'Copied a transcript',
  'report.exported': 'Exported a report',
  'transcript.deleted': 'Deleted a transcript',
  'session.deleted': 'Deleted a session',
  'candidate.erased': 'Erased a candidate',
  'retention.changed': 'Changed retention',
  'retention.ran': 'Retention ran',
  'consent.changed': 'Changed consent settings',
};

/** The details column: ids, counts and options as `key: value` (the log holds nothing else). */
function detailsText(details: AuditEntry['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}

/** Settings > Candidate data > Audit log (admins): who did what to candidates' data, filterable. */
export function AuditLogPanel({ orgId }: { orgId: string }) {
  const [action, setAction] = useState<AuditAction | ''>('');
  const [from, setFrom] = useState('');
  const path = withQuery('/api/rights/audit', { orgId, action: action || undefined, from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined, limit: 200 });
  const log = useApiGet<AuditEntry[]>(path);

  return (
    <section className="card audit-panel" aria-labelledby={`audit-${orgId}`}>
      <h3 id={`audit-${orgId}`}>Audit log</h3>
      <div className="field-row">
        <label className="field">
          <span>Action</span>
          <select aria-label="Filter by action" value={action} onChange={(event) => setAction(event.target.value as AuditAction | '')}>
            <option value="">All actions</option>
            {auditActions.map((name) => (
              <option key={name} value={name}>
                {actionNames[name]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" aria-label="From day" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
      </div>
      {log.error && !log.data ? (
        <ErrorPanel error={log.error} onRetry={log.reload} />
      ) : !log.data ? (
        <Skeleton lines={3} label="Loading the audit log" />
      ) : log.data.length === 0 ? (
        <p className="muted">Nothing recorded{action ? ' for this action' : ''} yet.</p>
      ) : (
        <table className="data-table" data-testid="audit-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at)}</td>
                <td>{entry.actorEmail ?? entry.actorId}</td>
                <td>{actionNames[entry.action]}</td>
                <td className="audit-details">{detailsText(entry.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
