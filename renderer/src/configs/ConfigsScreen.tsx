import type { VoiceConfig } from '../../../contracts/config.js';
import { withQuery } from '../api/api-client.js';
import { useApiGet } from '../api/use-api-get.js';
import { useAccount } from '../app/me-context.js';
import { navigate, useLocation } from '../app/navigation.js';
import { paths } from '../app/routes.js';
import { formatDateTime } from '../format/dates.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Link } from '../ui/Link.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { Skeleton } from '../ui/Skeleton.js';

type Show = 'all' | 'active' | 'inactive';

/** The org's interview configs: which are offered for new sessions, and at which version. */
export function ConfigsScreen() {
  const { orgId } = useAccount();
  const location = useLocation();
  const show = (['all', 'active', 'inactive'].includes(location.search.get('show') ?? '') ? location.search.get('show') : 'all') as Show;
  const configs = useApiGet<VoiceConfig[]>(
    withQuery('/api/voice/configs', { orgId, limit: 1000, isActive: show === 'all' ? undefined : String(show === 'active') }),
  );

  return (
    <section className="screen configs-screen" aria-labelledby="configs-title">
      <header className="screen-head">
        <h1 id="configs-title">Configs</h1>
        <div className="screen-actions">
          <label className="inline-label">
            <span>Show</span>
            <select value={show} onChange={(event) => navigate(`${paths.configs}${event.target.value === 'all' ? '' : `?show=${event.target.value}`}`, { replace: true })}>
              <option value="all">All configs</option>
              <option value="active">Active</option>
              <option value="inactive">Inactive</option>
            </select>
          </label>
          <button type="button" className="primary" onClick={() => navigate(paths.config(null))}>
            New config
          </button>
        </div>
      </header>
      <OfflineCopyNote cachedAt={configs.cachedAt} />
      {configs.error && !configs.data ? (
        <ErrorPanel error={configs.error} onRetry={configs.reload} />
      ) : !configs.data ? (
        <Skeleton lines={5} label="Loading configs" />
      ) : configs.data.length === 0 ? (
        <EmptyState title={show === 'all' ? 'No configs yet' : `No ${show} configs`} action={<Link to={paths.config(null)}>Create a config</Link>}>
          A config tells the interview bot who it is, what to ask and how to score. Sessions are created from active configs.
        </EmptyState>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Interview type</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Questions</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {configs.data.map((config) => (
              <tr key={config.id}>
                <td>
                  <Link to={paths.config(config.id)}>{config.name}</Link>
                  {config.description && <span className="cell-note">{config.description}</span>}
                </td>
                <td>{config.interviewType}</td>
                <td>
                  <span className={`badge ${config.isActive ? 'active-badge' : 'inactive-badge'}`}>{config.isActive ? 'Active' : 'Inactive'}</span>
                </td>
                <td>v{config.version}</td>
                <td>{config.configJson.interview.questions.length}</td>
                <td>{formatDateTime(config.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
