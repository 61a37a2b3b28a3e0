import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { Logger } from '../runtime/logger.js';
import type { PokeSource } from './pokes.js';

export const pokeTopic = (orgId: string): string => `sync:org:${orgId}`;

/**
 * Pokes over Supabase Realtime broadcast: one channel per org, event "poke", no payload beyond the
 * org. Realtime's own authorization (RLS on realtime.messages, private channels) decides who may
 * join a topic in production; a poke carries no data, so a stray one costs one pull.
 */
export class RealtimePokes implements PokeSource {
  private readonly channels = new Map<string, RealtimeChannel>();
  private subscribedOnce = new Set<string>();
  private readonly joined = new Set<string>();

  constructor(
    private readonly client: SupabaseClient,
    private readonly logger: Logger,
  ) {}

  watch(orgIds: readonly string[], handlers: { onPoke: (orgId: string) => void; onReconnect: () => void }): void {
    const wanted = new Set(orgIds);
    for (const [orgId, channel] of this.channels) {
      if (wanted.has(orgId)) continue;
      void this.client.removeChannel(channel);
      this.channels.delete(orgId);
      this.joined.delete(orgId);
    }
    for (const orgId of wanted) {
      if (this.channels.has(orgId)) continue;
      const channel = this.client
        .channel(pokeTopic(orgId), { config: { broadcast: { self: false, ack: false } } })
        .on('broadcast', { event: 'poke' }, () => handlers.onPoke(orgId))
        .subscribe((status) => {
          if (status === 'SUBSCRIBED') this.joined.add(orgId);
          else this.joined.delete(orgId);
          if (status !== 'SUBSCRIBED') {
            if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') this.logger.debug('sync poke channel not joined', { status });
            return;
          }
          // Joined again after a drop: changes made meanwhile were not poked.
          if (this.subscribedOnce.has(orgId)) handlers.onReconnect();
          this.subscribedOnce.add(orgId);
        });
      this.channels.set(orgId, channel);
    }
  }

  poke(orgIds: readonly string[]): void {
    for (const orgId of orgIds) {
      const channel = this.channels.get(orgId);
      // Not joined (Realtime unreachable): no poke; the others' timers pull instead.
      if (!channel || !this.joined.has(orgId)) continue;
      channel.send({ type: 'broadcast', event: 'poke', payload: { orgId } }).catch((error: unknown) => {
        this.logger.debug('sync poke not sent', { error: String(error) });
      });
    }
  }

  close(): void {
    for (const channel of this.channels.values()) void this.client.removeChannel(channel);
    this.channels.clear();
    this.joined.clear();
    this.subscribedOnce = new Set();
  }
}
