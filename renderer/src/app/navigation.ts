import { useSyncExternalStore } from 'react';

/**
 * Client-side navigation over the History API. The server answers every non-file path with the
 * console page, so any address here survives a reload.
 */
export interface Location {
  pathname: string;
  search: URLSearchParams;
  /** Data passed along with a navigation that does not belong in the address (a search snippet). */
  state: unknown;
}

const listeners = new Set<() => void>();
let snapshot: Location = read();

function read(): Location {
  return {
    pathname: window.location.pathname,
    search: new URLSearchParams(window.location.search),
    state: window.history.state as unknown,
  };
}

function changed(): void {
  snapshot = read();
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', changed);

export function navigate(to: string, options: { replace?: boolean; state?: unknown } = {}): void {
  const current = window.location.pathname + window.location.search;
  if (to === current && options.state === undefined) return;
  if (options.replace) window.history.replaceState(options.state ?? null, '', to);
  else window.history.pushState(options.state ?? null, '', to);
  changed();
}

export function useLocation(): Location {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, () => snapshot);
}
