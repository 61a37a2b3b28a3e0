/**
 * "Pull now" pokes between desktops of an org. Realtime only says that something changed, never
 * what: the pull is the one way data arrives, and the timer covers lost pokes. Behind this
 * interface so the engine's reaction is testable without a Realtime server (none can run here).
 */
export interface PokeSource {
  /** Listen to these orgs (replaces the previous set); `onPoke` for each poke, `onReconnect` after a dropped link. */
  watch(orgIds: readonly string[], handlers: { onPoke: (orgId: string) => void; onReconnect: () => void }): void;
  /** Tell the other desktops of these orgs that this one pushed changes. */
  poke(orgIds: readonly string[]): void;
  close(): void;
}

export const noPokes: PokeSource = {
  watch: () => undefined,
  poke: () => undefined,
  close: () => undefined,
};

/** An in-process bus: desktops in one process (tests, the benchmark) poke each other through it. */
export class LocalPokeBus {
  private readonly listeners = new Set<{ orgs: Set<string>; onPoke: (orgId: string) => void }>();

  source(): PokeSource {
    let entry: { orgs: Set<string>; onPoke: (orgId: string) => void } | null = null;
    return {
      watch: (orgIds, handlers) => {
        if (entry) this.listeners.delete(entry);
        entry = { orgs: new Set(orgIds), onPoke: handlers.onPoke };
        this.listeners.add(entry);
      },
      poke: (orgIds) => {
        for (const listener of this.listeners) {
          if (listener === entry) continue;
          for (const orgId of orgIds) if (listener.orgs.has(orgId)) listener.onPoke(orgId);
        }
      },
      close: () => {
        if (entry) this.listeners.delete(entry);
        entry = null;
      },
    };
  }
}
