import { useEffect, useRef, useState } from 'react';
import type { FilterOptions } from './use-filter-options.js';
import { hasNarrowingFilters, type SessionFilters } from './session-filters.js';

const SEARCH_DEBOUNCE_MS = 250;

interface Props {
  filters: SessionFilters;
  options: FilterOptions;
  onChange(next: SessionFilters): void;
}

/** Search by candidate, interview type, config and creation dates; "/" jumps to the search box. */
export function SessionFiltersBar({ filters, options, onChange }: Props) {
  const [search, setSearch] = useState(filters.candidate);
  const searchRef = useRef<HTMLInputElement>(null);
  const latest = useRef(filters);
  latest.current = filters;

  useEffect(() => setSearch(filters.candidate), [filters.candidate]);
  useEffect(() => {
    if (search === latest.current.candidate) return;
    const timer = setTimeout(() => onChange({ ...latest.current, candidate: search }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, onChange]);

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
      {hasNarrowingFilters(filters) && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setSearch('');
            onChange({ ...filters, interviewType: '', configId: '', candidate: '', from: '', to: '' });
          }}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
