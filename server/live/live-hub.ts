import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../contracts/live-events.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import type { StatusChangeEvent } from '../domain/session-lifecycle.js';

/** Who watches which session; every event is serialised once and sent to each subscriber. */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<WebSocket>>();

  subscribe(sessionId: string, socket: WebSocket): void {
    let set = this.subscribers.get(sessionId);
    if (!set) {
      set = new Set();
      this.subscribers.set(sessionId, set);
    }
    set.add(socket);
  }

  unsubscribe(sessionId: string, socket: WebSocket): void {
    const set = this.subscribers.get(sessionId);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.subscribers.delete(sessionId);
  }

  dropSocket(socket: WebSocket): void {
    for (const sessionId of [...this.subscribers.keys()]) this.unsubscribe(sessionId, socket);
  }

  statusChanged(event: StatusChangeEvent): void {
    this.publish(event.sessionId, { type: 'session_status', ...event });
  }

  segment(sessionId: string, segment: LiveSegment): void {
    this.publish(sessionId, { type: 'transcript_segment', sessionId, segment });
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
