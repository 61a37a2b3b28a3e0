/**
 * fetch with a bounded request time: every call to the project (auth, push, pull) gives up after
 * `timeoutMs`, so a hung connection becomes an ordinary "offline" failure that is retried, and
 * `stop()` aborts whatever is in flight.
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TimedFetch {
  fetch: FetchLike;
  abortAll(): void;
}

export function timedFetch(timeoutMs: number, base: FetchLike = fetch): TimedFetch {
  const inFlight = new Set<AbortController>();
  return {
    fetch: async (input, init) => {
      const controller = new AbortController();
      inFlight.add(controller);
      const timer = setTimeout(() => controller.abort(new Error(`request timed out after ${timeoutMs} ms`)), timeoutMs);
      const signals = [controller.signal, ...(init?.signal ? [init.signal] : [])];
      try {
        const response = await base(input, { ...init, signal: AbortSignal.any(signals) });
        // The body is read inside the time bound too: a server that stalls mid-body is a timeout.
        const body = await response.arrayBuffer();
        return new Response(response.status === 204 || response.status === 304 ? null : body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      } finally {
        clearTimeout(timer);
        inFlight.delete(controller);
      }
    },
    abortAll: () => {
      for (const controller of inFlight) controller.abort(new Error('sync stopped'));
      inFlight.clear();
    },
  };
}
