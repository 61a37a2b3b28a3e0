import { LIVE_EVENTS_PATH, type ConsoleMessage, type ServerMessage } from '../../../contracts/live-events.js';
import { reportUnreachable } from '../api/connectivity.js';

export type LiveSocketState = 'connecting' | 'open' | 'closed';
type Listener = (message: ServerMessage) => void;

const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];

/**
 * The one live-events socket of this console. Screens subscribe to sessions; the connection is
 * opened while anyone listens, re-opened with backoff when it drops, and every subscription is
 * renewed on reconnect (the server then replays the stored segments).
 */
class LiveConnection {
  private socket: WebSocket | null = null;
  private state: LiveSocketState = 'closed';
  private attempts = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly stateListeners = new Set<() => void>();

  subscribe(sessionId: string, listener: Listener): () => void {
    let set = this.listeners.get(sessionId);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(sessionId, set);
    }
    set.add(listener);
    if (first && this.state === 'open') this.send({ type: 'subscribe', sessionId });
    this.ensureOpen();
    return () => {
      const current = this.listeners.get(sessionId);
      if (!current) return;
      current.delete(listener);
      if (current.size > 0) return;
      this.listeners.delete(sessionId);
      if (this.state === 'open') this.send({ type: 'unsubscribe', sessionId });
      if (this.listeners.size === 0) this.shutdown();
    };
  }

  socketState(): LiveSocketState {
    return this.state;
  }

  onStateChange(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: LiveSocketState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener();
  }

  private send(message: ConsoleMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private ensureOpen(): void {
    if (this.socket || this.retry !== null) return;
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${LIVE_EVENTS_PATH}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    this.setState('connecting');
    socket.onopen = () => {
      this.attempts = 0;
      this.setState('open');
      for (const sessionId of this.listeners.keys()) this.send({ type: 'subscribe', sessionId });
    };
    socket.onmessage = (event: MessageEvent<string>) => this.dispatch(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setState('closed');
      if (this.listeners.size === 0) return;
      // A dropped socket is the quickest sign that the server went away: check it now.
      reportUnreachable();
      const delay = RETRY_DELAYS_MS[Math.min(this.attempts, RETRY_DELAYS_MS.length - 1)] ?? 10_000;
      this.attempts += 1;
      this.retry = setTimeout(() => {
        this.retry = null;
        if (this.listeners.size > 0) this.ensureOpen();
      }, delay);
    };
  }

  private shutdown(): void {
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.setState('closed');
  }

  private dispatch(raw: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(raw) as ServerMessage;
    } catch {
      return;
    }
    const sessionId = 'sessionId' in message && typeof message.sessionId === 'string' ? message.sessionId : null;
    const targets = sessionId ? [this.listeners.get(sessionId)] : [...this.listeners.values()];
    for (const set of targets) for (const listener of set ?? []) listener(message);
  }
}

export const liveConnection = new LiveConnection();
