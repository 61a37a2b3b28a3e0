import { randomUUID } from 'node:crypto';
import type { JsonObject } from './phoenix-frames.js';

/**
 * Presence as Realtime's Phoenix.Presence shows it to clients: a state keyed by presence key,
 * each key with the metas of the joins tracking under it (each meta carries its `phx_ref`).
 * A join tracks at most one meta (a new track replaces it: a leave of the old and a join of the
 * new in one diff). `presence_state` is the whole state, `presence_diff` is `{joins, leaves}`.
 */
interface Tracked {
  key: string;
  meta: JsonObject;
}

export interface PresenceDiff {
  joins: JsonObject;
  leaves: JsonObject;
}

export class PresenceRegistry {
  /** channel (topic + privacy) -> join id -> what it tracks */
  private readonly channels = new Map<string, Map<string, Tracked>>();

  state(channel: string): JsonObject {
    const state: Record<string, { metas: JsonObject[] }> = {};
    for (const tracked of this.channels.get(channel)?.values() ?? []) {
      (state[tracked.key] ??= { metas: [] }).metas.push(tracked.meta);
    }
    return state;
  }

  track(channel: string, joinId: string, key: string, payload: JsonObject): PresenceDiff {
    const entries = this.channels.get(channel) ?? new Map<string, Tracked>();
    this.channels.set(channel, entries);
    const previous = entries.get(joinId);
    const meta: JsonObject = { ...payload, phx_ref: randomUUID().replace(/-/g, '').slice(0, 20) };
    if (previous) meta.phx_ref_prev = previous.meta.phx_ref ?? null;
    entries.set(joinId, { key, meta });
    return { joins: { [key]: { metas: [meta] } }, leaves: previous ? { [previous.key]: { metas: [previous.meta] } } : {} };
  }

  /** Null when the join tracked nothing. */
  untrack(channel: string, joinId: string): PresenceDiff | null {
    const entries = this.channels.get(channel);
    const previous = entries?.get(joinId);
    if (!entries || !previous) return null;
    entries.delete(joinId);
    if (entries.size === 0) this.channels.delete(channel);
    return { joins: {}, leaves: { [previous.key]: { metas: [previous.meta] } } };
  }
}
