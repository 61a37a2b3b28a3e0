import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { IdentityProvider } from '../identity/identity-provider.js';
import { LiveSockets, type LivePeer } from '../live/live-socket.js';
import type { ConnectionGuard } from './connection-guard.js';
import { bearerToken, isAllowedHost, isAllowedOrigin } from './request-guard.js';

export interface LiveUpgradeDeps {
  live: LiveSockets;
  identity: IdentityProvider;
  connections: ConnectionGuard;
  /** A console: API token or console cookie. */
  isConsoleClient(req: IncomingMessage): boolean;
  /** The session whose bot token this is, while it is valid. */
  botSessionFor(token: string): string | null;
  port(): number;
}

/**
 * The WebSocket upgrade of the live-events socket: only our path, Host and Origin, and then a
 * console (API token or cookie) or a bot (its session's bot token); anything else is refused
 * with a plain HTTP status before the socket becomes a WebSocket.
 */
export function createUpgradeListener(deps: LiveUpgradeDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const port = deps.port();
    if (!LiveSockets.isLivePath(req.url)) return refuse(404, 'Not Found');
    if ((req.headersDistinct.host?.length ?? 0) > 1) return refuse(400, 'Bad Request');
    if (!isAllowedHost(req.headers.host, port) || !isAllowedOrigin(req.headers.origin, port)) return refuse(403, 'Forbidden');
    let peer: LivePeer | null = null;
    if (deps.isConsoleClient(req)) peer = { role: 'console', user: deps.identity.currentUser() };
    else {
      const bearer = bearerToken(req.headers);
      const sessionId = bearer ? deps.botSessionFor(bearer) : null;
      if (sessionId) peer = { role: 'bot', sessionId };
    }
    if (!peer) return refuse(401, 'Unauthorized');
    deps.connections.trust(req.socket as Socket);
    deps.live.accept(req, socket, head, peer);
  };
}
