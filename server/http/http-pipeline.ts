import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { IdentityProvider } from '../identity/identity-provider.js';
import type { Logger } from '../runtime/logger.js';
import type { DataVersion } from '../store/data-version.js';
import { DomainError } from '../domain/domain-error.js';
import { ApiFailure } from './api-failure.js';
import { failureOf } from './domain-failure.js';
import type { ConnectionGuard } from './connection-guard.js';
import { CONSOLE_COOKIE, type ConsoleSessions } from './console-sessions.js';
import { decodePath } from './path-decoding.js';
import { hasBody, readJsonBody } from './read-json-body.js';
import { bearerToken, cookieValue, isAllowedHost, isAllowedOrigin, secretsEqual } from './request-guard.js';
import { envelopeText, sendFailure, sendJson, sendJsonText } from './respond.js';
import type { ResponseCache } from './response-cache.js';
import type { Router } from './router.js';
import { sendConsolePage, serveConsoleFile } from './static-console.js';

export interface HttpPipelineDeps {
  token: string;
  router: Router;
  identity: IdentityProvider;
  consoleSessions: ConsoleSessions;
  connections: ConnectionGuard;
  consoleDir: string;
  /** Null when replies are not reused. */
  responseCache: ResponseCache | null;
  dataVersion: DataVersion;
  logger: Logger;
  /** The port we listen on (known once listening), for the Host, Origin and CSP checks. */
  port(): number;
}

/** The query parameter of the console's sign-in link: a single-use code, never the API token. */
export const SIGN_IN_CODE_PARAM = 'code';

/** A caller with the API token, or a browser with a live console session. */
export function isConsoleClient(req: IncomingMessage, token: string, sessions: ConsoleSessions): boolean {
  const bearer = bearerToken(req.headers);
  if (bearer !== null) return secretsEqual(bearer, token);
  return sessions.isValid(cookieValue(req.headers, CONSOLE_COOKIE));
}

/**
 * Every check a request meets before its route, in order: one Host, an allowed Host and Origin, a
 * well-formed path (malformed percent-encoding is a 400), then the sign-in link or a credential;
 * then the console's files or the API route, with list replies reused from the response cache
 * until the data changes. Anonymous sockets get one answer and are closed.
 */
export function createRequestListener(deps: HttpPipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, identity, consoleSessions, connections, responseCache, dataVersion, logger } = deps;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const port = deps.port();
    // Two Host headers could be read differently by a proxy in front of us and by this check.
    if ((req.headersDistinct.host?.length ?? 0) > 1) throw new ApiFailure(400, 'VALIDATION_ERROR', 'Invalid request: Host: given more than once');
    if (!isAllowedHost(req.headers.host, port)) throw new ApiFailure(403, 'FORBIDDEN', 'Host not allowed');
    if (!isAllowedOrigin(req.headers.origin, port)) throw new ApiFailure(403, 'FORBIDDEN', 'Origin not allowed');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = req.method ?? 'GET';
    const isApi = url.pathname.startsWith('/api/');
    // API paths are judged by the router, which names the parameter a bad segment was meant for.
    if (!isApi) decodePath(url.pathname);

    if (!isApi && method === 'GET' && url.searchParams.has(SIGN_IN_CODE_PARAM)) {
      const opened = consoleSessions.redeem(url.searchParams.get(SIGN_IN_CODE_PARAM) ?? '');
      if (!opened) {
        res.setHeader('connection', 'close');
        sendConsolePage(res, 401, port, 'This link has expired', 'A sign-in link works once, within two minutes. Ask the terminal running <code>npm run serve</code> for a new one (press Enter there).');
        return;
      }
      connections.trust(req.socket as Socket);
      res.writeHead(303, { 'set-cookie': opened.header, location: '/', 'cache-control': 'no-store' });
      res.end();
      return;
    }
    if (!isConsoleClient(req, deps.token, consoleSessions)) {
      // An anonymous caller gets one answer per connection.
      res.setHeader('connection', 'close');
      if (isApi) throw new ApiFailure(401, 'UNAUTHORIZED', 'Missing or invalid API token');
      sendConsolePage(res, 401, port, 'Sign-in link needed', 'Open the sign-in link printed by <code>npm run serve</code> (it works once, within two minutes).');
      return;
    }
    connections.trust(req.socket as Socket);
    if (!isApi) {
      if (method !== 'GET' && method !== 'HEAD') throw new ApiFailure(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
      serveConsoleFile(deps.consoleDir, url.pathname, res, port, method === 'HEAD');
      return;
    }

    const match = router.match(method, url.pathname);
    if (match.kind === 'none') {
      decodePath(url.pathname);
      throw new ApiFailure(404, 'NOT_FOUND', `No endpoint ${url.pathname}`);
    }
    if (match.kind === 'wrong-method') {
      res.setHeader('allow', match.allowed.join(', '));
      throw new ApiFailure(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`, { allowed: match.allowed });
    }
    if (method === 'DELETE' || method === 'GET') {
      if (hasBody(req)) throw new ApiFailure(400, 'VALIDATION_ERROR', `${method} requests take no body`);
    }
    const user = identity.currentUser();
    const cacheKey = responseCache && match.options.cacheable ? `${user.id}\u0000${url.pathname}${url.search}` : null;
    const version = cacheKey ? dataVersion.current() : '';
    const cached = cacheKey ? responseCache?.get(cacheKey, version) : null;
    if (cached) {
      sendJsonText(res, 200, cached);
      return;
    }
    const result = await match.handler({ req, res, url, params: match.params, user, body: () => readJsonBody(req) });
    if (result.raw) {
      sendJson(res, result.status ?? 200, result.data);
      return;
    }
    const text = envelopeText(result.data, result.pagination);
    const status = result.status ?? 200;
    if (cacheKey && status === 200) {
      const bytes = Buffer.from(text, 'utf8');
      responseCache?.set(cacheKey, version, bytes);
      sendJsonText(res, status, bytes);
      return;
    }
    sendJsonText(res, status, text);
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (isClientAbort(req, error)) {
        // The client hung up mid-upload: nothing to answer and nothing wrong on our side.
        logger.info('request aborted by the client', { method: req.method, path: pathOf(req) });
        res.destroy();
        return;
      }
      const refusal = failureOf(error);
      const failure = refusal ?? new ApiFailure(500, 'INTERNAL_ERROR', 'The server hit an unexpected error');
      if (!refusal) {
        logger.error('request failed', { method: req.method, path: pathOf(req), error: error instanceof Error ? error.stack : String(error) });
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A body we refused without reading must not be parsed as the next request on this connection.
      if (!req.complete) res.setHeader('connection', 'close');
      sendFailure(res, failure);
    });
  };
}

function pathOf(req: IncomingMessage): string | undefined {
  return req.url?.split('?')[0];
}

/** The request stream failed because the client went away (reset or closed before the body ended). */
function isClientAbort(req: IncomingMessage, error: unknown): boolean {
  if (error instanceof DomainError) return false;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (req.destroyed && !req.complete) || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
