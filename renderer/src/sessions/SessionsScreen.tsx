import { useCallback, useEffect, useMemo, useState } from 'react';
import { sessionStatuses, type SessionSortKey, type SessionStatus } from '../../../contracts/session.js';
import { navigate, useLocation } from '../app/navigation.js';
import { useAccount } from '../app/me-context.js';
import { paths } from '../app/routes.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { Skeleton } from '../ui/Skeleton.js';
import { TabList } from '../ui/TabList.js';
import { NewSessionDialog } from './NewSessionDialog.js';
import { SessionFiltersBar } from './SessionFiltersBar.js';
import { filtersToSearch, hasNarrowingFilters, listParams, readFilters, type SessionFilters } from './session-filters.js';
import { useFilterOptions } from './use-filter-options.js';
import { useSessionPages } from './use-session-pages.js';
import { useStatusCounts } from './use-status-counts.js';
import { VirtualSessionTable } from './VirtualSessionTable.js';
import { NeedsAttention } from '../sync/NeedsAttention.js';

type Tab = SessionStatus | 'all';
const tabs: Tab[] = ['all', ...sessionStatuses];
const numberFormat = new Intl.NumberFormat();

/** Every session of the org: status tabs with counts, filters, sorting, a virtualized table. */
export function SessionsScreen() {
  const { orgId } = useAccount();
  const location = useLocation();
  const filters = useMemo(() => readFilters(location.search), [location.search]);
  const [creating, setCreating] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const options = useFilterOptions(orgId);

  const base = useMemo(() => listParams(orgId, filters), [orgId, filters]);
  const query = useMemo(() => ({ ...base, status: filters.status === 'all' ? undefined : filters.status }), [base, filters.status]);
  const pages = useSessionPages(query, refresh);
  const counts = useStatusCounts(base, refresh);

  const update = useCallback((next: SessionFilters) => navigate(`${paths.sessions}${filtersToSearch(next)}`, { replace: true }), []);

  useEffect(() => {
    const newSession = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement;
      if (event.key.toLowerCase() !== 'n' || event.ctrlKey || event.metaKey || event.altKey || target.closest('input, textarea, select, dialog')) return;
      event.preventDefault();
      setCreating(true);
    };
    window.addEventListener('keydown', newSession);
    return () => window.removeEventListener('keydown', newSession);
  }, []);

  const onSort = useCallback((sortBy: SessionSortKey, sortOrder: 'asc' | 'desc') => update({ ...filters, sortBy, sortOrder }), [filters, update]);

  return (
    <section className="screen sessions-screen" aria-labelledby="sessions-title">
      <header className="screen-head">
        <h1 id="sessions-title">Sessions</h1>
        <div className="screen-actions">
          <button type="button" className="link-button" onClick={() => setRefresh((count) => count + 1)}>
            Refresh
          </button>
          <button type="button" className="primary" onClick={() => setCreating(true)} aria-keyshortcuts="N">
            New session
          </button>
        </div>
      </header>
      <NeedsAttention />
      <TabList
        label="Session status"
        idPrefix="sessions"
        selected={filters.status}
        onSelect={(status) => update({ ...filters, status })}
        items={tabs.map((tab) => ({
          key: tab,
          label: (
            <>
              <span className="tab-label">{tab}</span>
              <span className="count" data-testid={`count-${tab}`}>
                {counts[tab] === undefined ? '·' : numberFormat.format(counts[tab])}
              </span>
            </>
          ),
        }))}
      />
      <SessionFiltersBar filters={filters} options={options} onChange={update} />
      <div id="sessions-panel" role="tabpanel" aria-labelledby={`sessions-tab-${filters.status}`} className="sessions-panel">
        <OfflineCopyNote cachedAt={pages.cachedAt} />
        {pages.error && pages.total === null ? (
          <ErrorPanel error={pages.error} onRetry={pages.reload} />
        ) : pages.total === null ? (
          <Skeleton lines={8} label="Loading sessions" />
        ) : pages.total === 0 ? (
          hasNarrowingFilters(filters) || filters.status !== 'all' ? (
            <EmptyState title="No sessions match">Try another status tab, or clear the filters.</EmptyState>
          ) : (
            <EmptyState
              title="No sessions yet"
              action={
                <button type="button" className="primary" onClick={() => setCreating(true)}>
                  Create the first session
                </button>
              }
            >
              Create a session for a candidate from an interview config, then start it when the candidate is ready.
            </EmptyState>
          )
        ) : (
          <>
            <p className="list-summary" aria-live="polite">
              {numberFormat.format(pages.total)} session{pages.total === 1 ? '' : 's'}
            </p>
            <VirtualSessionTable pages={pages} sortBy={filters.sortBy} sortOrder={filters.sortOrder} onSort={onSort} />
          </>
        )}
      </div>
      {creating && (
        <NewSessionDialog
          onClose={() => setCreating(false)}
          onCreated={(session) => {
            setCreating(false);
            navigate(paths.session(session.id));
          }}
        />
      )}
    </section>
  );
}
