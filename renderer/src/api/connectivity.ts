/**
 * Whether the console server answers. Every API call reports what it saw, and a light heartbeat
 * on the health endpoint notices a server that went away while nobody clicked anything.
 */
export type Connectivity = 'online' | 'offline' | 'signed-out';

interface State {
  status: Connectivity;
  /** Bumped each time the server comes back, so screens showing cached data can refetch. */
  reconnects: number;
}

const HEALTH_PATH = '/api/voice/health';
const ONLINE_INTERVAL_MS = 5000;
const OFFLINE_INTERVAL_MS = 2000;
const PROBE_TIMEOUT_MS = 4000;

let state: State = { status: 'online', reconnects: 0 };
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

function set(status: Connectivity): void {
  if (state.status === status) return;
  const cameBack = status === 'online' && state.status === 'offline';
  state = { status, reconnects: state.reconnects + (cameBack ? 1 : 0) };
  for (const listener of listeners) listener();
}

export function reportReachable(httpStatus: number): void {
  set(httpStatus === 401 ? 'signed-out' : 'online');
}

export function reportUnreachable(): void {
  set('offline');
  schedule(0);
}

export function connectivitySnapshot(): State {
  return state;
}

export function subscribeConnectivity(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function probe(): Promise<void> {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    const response = await fetch(HEALTH_PATH, { credentials: 'same-origin', cache: 'no-store', signal: controller.signal });
    reportReachable(response.status);
  } catch {
    set('offline');
  } finally {
    clearTimeout(timeout);
  }
}

function schedule(delay: number): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void probe().finally(() => {
      if (timer === null) schedule(state.status === 'offline' ? OFFLINE_INTERVAL_MS : ONLINE_INTERVAL_MS);
    });
  }, delay);
}

/** Starts the heartbeat once for the app's lifetime. */
export function startConnectivityMonitor(): void {
  if (timer === null) schedule(ONLINE_INTERVAL_MS);
}
