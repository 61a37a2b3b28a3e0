import { useEffect, useRef, useState } from 'react';
import type { FilterOptions } from './use-filter-options.js';
import { hasNarrowingFilters, type SessionFilters } from './session-filters.js';

const SEARCH_DEBOUNCE_MS = 250;

interface Props {
  filters: SessionFilters;
  options: FilterOptions;
  onChange(next: SessionFilters): void;
}

/** Search by candidate, interview type, config, creation dates and score; "/" jumps to the search box. */
export function SessionFiltersBar({ filters, options, onChange }: Props) {
  const [search, setSearch] = useState(filters.candidate);
  const [scores, setScores] = useState({ minScore: filters.minScore, maxScore: filters.maxScore });
  const searchRef = useRef<HTMLInputElement>(null);
  const latest = useRef(filters);
  latest.current = filters;

  useEffect(() => setSearch(filters.candidate), [filters.candidate]);
  useEffect(() => {
    if (search === latest.current.candidate) return;
    const timer = setTimeout(() => onChange({ ...latest.current, candidate: search }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, onChange]);
  // Score bounds apply once typing pauses, like the search: "7" on the way to "75" is not a query.
  useEffect(() => setScores({ minScore: filters.minScore, maxScore: filters.maxScore }), [filters.minScore, filters.maxScore]);
  useEffect(() => {
    if (scores.minScore === latest.current.minScore && scores.maxScore === latest.current.maxScore) return;
    const timer = setTimeout(() => onChange({ ...latest.current, ...scores }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [scores, onChange]);

  useEffect(() => {
    const focusSearch = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement;
      if (event.key !== '/' || target.closest('input, textarea, select, [contenteditable]')) return;
      event.preventDefault();
      searchRef.current?.focus();
    };
    window.addEventListener('keydown', focusSearch);
    return () => window.removeEventListener('keydown', focusSearch);
  }, []);

  return (
    <div className="filters" role="search">
      <label className="filter-search">
        <span className="visually-hidden">Search by candidate name or email</span>
        <input
          ref={searchRef}
          type="search"
          placeholder="Search candidates…  ( / )"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </label>
      <label>
        <span>Type</span>
        <select value={filters.interviewType} onChange={(event) => onChange({ ...filters, interviewType: event.target.value })}>
          <option value="">All types</option>
          {options.interviewTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Config</span>
        <select value={filters.configId} onChange={(event) => onChange({ ...filters, configId: event.target.value })}>
          <option value="">All configs</option>
          {options.configs.map((config) => (
            <option key={config.id} value={config.id}>
              {config.name}
              {config.isActive ? '' : ' (inactive)'}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>From</span>
        <input type="date" value={filters.from} max={filters.to || undefined} onChange={(event) => onChange({ ...filters, from: event.target.value })} />
      </label>
      <label>
        <span>To</span>
        <input type="date" value={filters.to} min={filters.from || undefined} onChange={(event) => onChange({ ...filters, to: event.target.value })} />
      </label>
      <div className="filter-range" role="group" aria-labelledby="score-range-label">
        <span id="score-range-label">Score</span>
        <div>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            placeholder="0"
            aria-label="Minimum score"
            value={scores.minScore}
            onChange={(event) => setScores((previous) => ({ ...previous, minScore: event.target.value }))}
          />
          <span aria-hidden="true">–</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            placeholder="100"
            aria-label="Maximum score"
            value={scores.maxScore}
            onChange={(event) => setScores((previous) => ({ ...previous, maxScore: event.target.value }))}
          />
        </div>
      </div>
      {hasNarrowingFilters(filters) && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setSearch('');
            setScores({ minScore: '', maxScore: '' });
            onChange({ ...filters, interviewType: '', configId: '', candidate: '', from: '', to: '', minScore: '', maxScore: '' });
          }}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
