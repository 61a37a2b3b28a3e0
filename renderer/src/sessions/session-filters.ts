import { sessionStatuses, type SessionSortKey, type SessionStatus } from '../../../contracts/session.js';
import { localDayEnd, localDayStart } from '../format/dates.js';

/** The sessions list's filters, kept in the address so back/forward and reload keep them. */
export interface SessionFilters {
  status: SessionStatus | 'all';
  interviewType: string;
  configId: string;
  candidate: string;
  /** Local calendar days, `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  /** Overall score bounds as typed, `''` for none (0-100, inclusive). */
  minScore: string;
  maxScore: string;
  sortBy: SessionSortKey;
  sortOrder: 'asc' | 'desc';
}

const sortable: readonly SessionSortKey[] = ['createdAt', 'updatedAt', 'startedAt', 'completedAt', 'durationSeconds', 'candidateName', 'candidateEmail', 'interviewType', 'status', 'overallScore'];

/** A score bound from the address: a number from 0 to 100, else none. */
function scoreBound(value: string | null): string {
  if (value === null || value.trim() === '') return '';
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 && number <= 100 ? String(number) : '';
}

export function readFilters(search: URLSearchParams): SessionFilters {
  const status = search.get('status') ?? 'all';
  const sortBy = search.get('sort') ?? 'createdAt';
  return {
    status: (sessionStatuses as readonly string[]).includes(status) ? (status as SessionStatus) : 'all',
    interviewType: search.get('type') ?? '',
    configId: search.get('config') ?? '',
    candidate: search.get('q') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    minScore: scoreBound(search.get('minScore')),
    maxScore: scoreBound(search.get('maxScore')),
    sortBy: (sortable as readonly string[]).includes(sortBy) ? (sortBy as SessionSortKey) : 'createdAt',
    sortOrder: search.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

export function filtersToSearch(filters: SessionFilters): string {
  const search = new URLSearchParams();
  if (filters.status !== 'all') search.set('status', filters.status);
  if (filters.interviewType) search.set('type', filters.interviewType);
  if (filters.configId) search.set('config', filters.configId);
  if (filters.candidate.trim()) search.set('q', filters.candidate);
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (scoreBound(filters.minScore)) search.set('minScore', scoreBound(filters.minScore));
  if (scoreBound(filters.maxScore)) search.set('maxScore', scoreBound(filters.maxScore));
  if (filters.sortBy !== 'createdAt') search.set('sort', filters.sortBy);
  if (filters.sortOrder !== 'desc') search.set('order', filters.sortOrder);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function hasNarrowingFilters(filters: SessionFilters): boolean {
  return Boolean(filters.interviewType || filters.configId || filters.candidate.trim() || filters.from || filters.to || scoreBound(filters.minScore) || scoreBound(filters.maxScore));
}

/** The list endpoint's query parameters for these filters (status left to the caller, for tab counts). */
export function listParams(orgId: string, filters: SessionFilters): Record<string, string | undefined> {
  return {
    orgId,
    interviewType: filters.interviewType || undefined,
    configId: filters.configId || undefined,
    candidate: filters.candidate.trim() || undefined,
    createdFrom: localDayStart(filters.from),
    createdTo: localDayEnd(filters.to),
    minScore: scoreBound(filters.minScore) || undefined,
    maxScore: scoreBound(filters.maxScore) || undefined,
    sortBy: filters.sortBy,
    sortOrder: filters.sortOrder,
  };
}
