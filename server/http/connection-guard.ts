import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Open sockets at most (HTTP and WebSocket together). */
  maxConnections: number;
  /** A socket that has not shown a credential by then is closed. */
  unauthenticatedMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { maxConnections: 512, unauthenticatedMs: 5_000 };

/**
 * Keeps idle or anonymous sockets from exhausting the descriptor table: every socket must show a
 * credential (API token, console cookie, sign-in code, bot token) within a few seconds, and at
 * most `maxConnections` are open. At the cap the oldest anonymous socket makes room, so a flood
 * of idle connections cannot lock the console out; only when every open socket has
 * authenticated is a new one refused.
 */
export class ConnectionGuard {
  private readonly open = new Set<Socket>();
  /** Anonymous sockets, oldest first (a Map keeps insertion order), with their deadline timers. */
  private readonly anonymous = new Map<Socket, NodeJS.Timeout>();

  constructor(
    server: Server,
    private readonly limits: ConnectionLimits,
  ) {
    server.on('connection', (socket: Socket) => this.admit(socket));
  }

  /** The socket has shown a credential: the anonymous deadline no longer applies. */
  trust(socket: Socket): void {
    const timer = this.anonymous.get(socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.anonymous.delete(socket);
  }

  openCount(): number {
    return this.open.size;
  }

  private admit(socket: Socket): void {
    if (this.open.size >= this.limits.maxConnections && !this.evictOldestAnonymous()) {
      socket.destroy();
      return;
    }
    this.open.add(socket);
    const timer = setTimeout(() => socket.destroy(), this.limits.unauthenticatedMs);
    timer.unref();
    this.anonymous.set(socket, timer);
    socket.once('close', () => this.forget(socket));
  }

  private evictOldestAnonymous(): boolean {
    const oldest = this.anonymous.keys().next().value;
    if (oldest === undefined) return false;
    // Counted out now, not at its 'close' event, so the new socket's admission is exact.
    this.forget(oldest);
    oldest.destroy();
    return true;
  }

  private forget(socket: Socket): void {
    this.open.delete(socket);
    const timer = this.anonymous.get(socket);
    if (timer !== undefined) clearTimeout(timer);
    this.anonymous.delete(socket);
  }
}
