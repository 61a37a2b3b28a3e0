import type { WebSocket } from 'ws';
import type { BotState, BotStateReport, ServerMessage } from '../../contracts/live-events.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import type { StatusChangeEvent } from '../domain/session-lifecycle.js';

export interface WatchListener {
  subscribed(sessionId: string, socket: WebSocket): void;
  unwatched(sessionId: string): void;
}

/**
 * Who watches which session; every event is serialised once and sent to each subscriber. It also
 * remembers each active session's latest bot state, in memory only: the state is stale within
 * seconds, so it is worth nothing after a restart and is never stored.
 */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<WebSocket>>();
  private readonly botStates = new Map<string, BotStateReport>();
  private readonly watchers: WatchListener[] = [];

  /** Told when a console starts watching a session, and when the last one stops (team live feed). */
  onWatch(listener: WatchListener): void {
    this.watchers.push(listener);
  }

  subscribe(sessionId: string, socket: WebSocket): void {
    let set = this.subscribers.get(sessionId);
    if (!set) {
      set = new Set();
      this.subscribers.set(sessionId, set);
    }
    set.add(socket);
    for (const watcher of this.watchers) watcher.subscribed(sessionId, socket);
  }

  unsubscribe(sessionId: string, socket: WebSocket): void {
    const set = this.subscribers.get(sessionId);
    if (!set) return;
    set.delete(socket);
    if (set.size > 0) return;
    this.subscribers.delete(sessionId);
    for (const watcher of this.watchers) watcher.unwatched(sessionId);
  }

  /** One message to one console (a snapshot it asked for by subscribing). */
  sendTo(socket: WebSocket, message: ServerMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  dropSocket(socket: WebSocket): void {
    for (const sessionId of [...this.subscribers.keys()]) this.unsubscribe(sessionId, socket);
  }

  statusChanged(event: StatusChangeEvent): void {
    // Consoles read "not live" from the status itself; only the memory needs clearing.
    if (event.status !== 'active') this.botStates.delete(event.sessionId);
    this.publish(event.sessionId, { type: 'session_status', ...event });
  }

  segment(sessionId: string, segment: LiveSegment): void {
    this.publish(sessionId, { type: 'transcript_segment', sessionId, segment });
  }

  /** Relays a state change; a repeat (a reporter resending after a reconnect) keeps the original time. */
  botState(sessionId: string, state: BotState, at: string): void {
    if (this.botStates.get(sessionId)?.state === state) return;
    this.botStates.set(sessionId, { state, at });
    this.publish(sessionId, { type: 'bot_state', sessionId, state, at });
  }

  botStateOf(sessionId: string): BotStateReport | null {
    return this.botStates.get(sessionId) ?? null;
  }

  /** The session's bot left for good: its last state no longer describes anything. */
  botGone(sessionId: string, at: string): void {
    if (!this.botStates.delete(sessionId)) return;
    this.publish(sessionId, { type: 'bot_state', sessionId, state: null, at });
  }

  subscriberCount(sessionId: string): number {
    return this.subscribers.get(sessionId)?.size ?? 0;
  }

  private publish(sessionId: string, message: ServerMessage): void {
    const set = this.subscribers.get(sessionId);
    if (!set) return;
    const text = JSON.stringify(message);
    for (const socket of set) {
      if (socket.readyState === socket.OPEN) socket.send(text);
    }
  }
}
