import type { SyncProgress } from '../../contracts/sync.js';

/** What a push or pull phase gets from the engine for one run. */
export interface PhaseContext {
  /** Sends one request with the engine's session refresh and stale-connection resend. */
  call<T>(request: () => Promise<T>): Promise<T>;
  /** True once the engine stopped: the phase returns at its next await without touching SQLite. */
  stopped(): boolean;
  progress: SyncProgress;
}

/** A request whose failure is awaited later: this keeps it from counting as unhandled meanwhile. */
export function inFlight<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Applying blocks the event loop: first let the request just issued actually leave. */
export function letRequestLeave(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}
