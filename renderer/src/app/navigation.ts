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

/**
 * Leave guards: a screen holding unsaved work registers one, and every way of leaving it inside
 * the console (links, code, Back and Forward) first asks the user. A guard answers the question
 * to ask, or null when there is nothing to lose.
 */
type LeaveGuard = () => string | null;
const guards = new Set<LeaveGuard>();

export interface PendingLeave {
  to: string;
  /** Why leaving loses something, from the guard. */
  message: string;
  replace: boolean;
  state: unknown;
  /** Back or Forward was pressed: the address was put back, and leaving steps back to `to`. */
  viaHistory: boolean;
}
let pending: PendingLeave | null = null;
const pendingListeners = new Set<() => void>();
let passNextPop = false;

function setPending(next: PendingLeave | null): void {
  pending = next;
  for (const listener of pendingListeners) listener();
}

function unsavedMessage(): string | null {
  for (const guard of guards) {
    const message = guard();
    if (message) return message;
  }
  return null;
}

export function addLeaveGuard(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}

window.addEventListener('popstate', () => {
  const message = passNextPop ? null : unsavedMessage();
  passNextPop = false;
  if (message) {
    // The browser has already moved the address: put the guarded screen's address back on top
    // (the entry we were asked to go to is now right behind it) and ask.
    const to = window.location.pathname + window.location.search;
    const query = snapshot.search.toString();
    window.history.pushState(snapshot.state, '', snapshot.pathname + (query ? `?${query}` : ''));
    setPending({ to, message, replace: false, state: null, viaHistory: true });
    return;
  }
  changed();
});

export interface NavigateOptions {
  replace?: boolean;
  state?: unknown;
  /** Skips the leave guards: the screen itself moves on after saving or deleting what it held. */
  force?: boolean;
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  const current = window.location.pathname + window.location.search;
  if (to === current && options.state === undefined) return;
  const message = options.force ? null : unsavedMessage();
  if (message) {
    setPending({ to, message, replace: options.replace ?? false, state: options.state, viaHistory: false });
    return;
  }
  if (options.replace) window.history.replaceState(options.state ?? null, '', to);
  else window.history.pushState(options.state ?? null, '', to);
  changed();
}

/** The user chose to leave and lose the unsaved work. */
export function confirmLeave(): void {
  const leave = pending;
  setPending(null);
  if (!leave) return;
  if (leave.viaHistory) {
    passNextPop = true;
    window.history.back();
  } else navigate(leave.to, { replace: leave.replace, state: leave.state, force: true });
}

/** The user chose to stay. */
export function cancelLeave(): void {
  setPending(null);
}

export function usePendingLeave(): PendingLeave | null {
  return useSyncExternalStore((listener) => {
    pendingListeners.add(listener);
    return () => pendingListeners.delete(listener);
  }, () => pending);
}

export function useLocation(): Location {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, () => snapshot);
}
