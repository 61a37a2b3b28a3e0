import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { SessionSortKey, VoiceSession } from '../../../contracts/session.js';
import { paths } from '../app/routes.js';
import { formatDateTime } from '../format/dates.js';
import { humanDuration } from '../format/durations.js';
import { Link } from '../ui/Link.js';
import { ScoreBadge } from '../ui/ScoreBadge.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import type { SessionPages } from './use-session-pages.js';

export const ROW_HEIGHT = 48;
const OVERSCAN = 12;

interface Column {
  label: string;
  sortKey?: SessionSortKey;
  className: string;
}

const columns: Column[] = [
  { label: 'Candidate', sortKey: 'candidateName', className: 'col-candidate' },
  { label: 'Interview type', sortKey: 'interviewType', className: 'col-type' },
  { label: 'Status', sortKey: 'status', className: 'col-status' },
  { label: 'Score', sortKey: 'overallScore', className: 'col-score' },
  { label: 'Duration', sortKey: 'durationSeconds', className: 'col-duration' },
  { label: 'Created', sortKey: 'createdAt', className: 'col-created' },
];

interface Props {
  pages: SessionPages;
  sortBy: SessionSortKey;
  sortOrder: 'asc' | 'desc';
  onSort(sortBy: SessionSortKey, sortOrder: 'asc' | 'desc'): void;
}

/**
 * The sessions table, virtualized: fixed-height rows, only those in view (plus a margin) are in
 * the DOM, so scrolling through ten thousand rows costs the same as through fifty.
 */
export function VirtualSessionTable({ pages, sortBy, sortOrder, onSort }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const pendingFocus = useRef<number | null>(null);
  const total = pages.total ?? 0;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = (): void => setViewport({ top: element.scrollTop, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(viewport.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((viewport.top + viewport.height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (total > 0) pages.ensureRange(first, last);
  }, [first, last, total, pages]);

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const link = scroller.current?.querySelector<HTMLAnchorElement>(`[data-row="${index}"] a`);
    if (link) {
      pendingFocus.current = null;
      link.focus();
    }
  });

  const moveFocus = (event: KeyboardEvent<HTMLDivElement>): void => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-row]');
    const element = scroller.current;
    if (!row || !element) return;
    const index = Number(row.dataset.row);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[event.key];
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? total - 1 : step === undefined ? null : Math.min(total - 1, Math.max(0, index + step));
    if (target === null) return;
    event.preventDefault();
    const top = target * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    pendingFocus.current = target;
    setViewport({ top: element.scrollTop, height: element.clientHeight });
  };

  const rows: ReactElement[] = [];
  for (let index = first; index <= last; index += 1) {
    rows.push(<SessionRow key={index} index={index} session={pages.rowAt(index)} />);
  }

  return (
    <div className="vtable" role="table" aria-label="Sessions" aria-rowcount={total + 1}>
      <div className="vtable-head" role="rowgroup">
        <div className="vrow" role="row" aria-rowindex={1}>
          {columns.map((column) => {
            const sorted = column.sortKey === sortBy;
            return (
              <div key={column.label} role="columnheader" className={`vcell ${column.className}`} aria-sort={sorted ? (sortOrder === 'asc' ? 'ascending' : 'descending') : undefined}>
                {column.sortKey ? (
                  <button
                    type="button"
                    className="sort-button"
                    // A first click sorts ascending; clicking the sorted column again flips it.
                    onClick={() => onSort(column.sortKey as SessionSortKey, sorted && sortOrder === 'asc' ? 'desc' : 'asc')}
                  >
                    {column.label}
                    <span aria-hidden="true" className="sort-arrow">
                      {sorted ? (sortOrder === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  column.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        ref={scroller}
        className="vtable-body"
        role="rowgroup"
        data-testid="sessions-scroller"
        onScroll={(event) => setViewport({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight })}
        onKeyDown={moveFocus}
      >
        <div className="vtable-spacer" style={{ height: total * ROW_HEIGHT }}>
          <div className="vtable-window" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
            {rows}
          </div>
        </div>
      </div>
    </div>
  );
}

function SessionRow({ index, session }: { index: number; session: VoiceSession | undefined }) {
  if (!session) {
    return (
      <div className="vrow placeholder" role="row" aria-rowindex={index + 2} data-row={index}>
        <div className="vcell col-candidate" role="cell">
          <span className="skeleton-line short" />
        </div>
      </div>
    );
  }
  return (
    <div className="vrow" role="row" aria-rowindex={index + 2} data-row={index} data-session-id={session.id}>
      <div className="vcell col-candidate" role="cell">
        <Link to={paths.session(session.id)} className="row-link">
          <span className="candidate-name">{session.candidateName ?? 'Unnamed candidate'}</span>
          {session.candidateEmail && <span className="candidate-email">{session.candidateEmail}</span>}
        </Link>
      </div>
      <div className="vcell col-type" role="cell">
        {session.interviewType}
      </div>
      <div className="vcell col-status" role="cell">
        <StatusBadge status={session.status} />
      </div>
      <div className="vcell col-score" role="cell">
        <ScoreBadge score={session.overallScore} />
      </div>
      <div className="vcell col-duration" role="cell">
        {humanDuration(session.durationSeconds)}
      </div>
      <div className="vcell col-created" role="cell">
        {formatDateTime(session.createdAt)}
      </div>
    </div>
  );
}
