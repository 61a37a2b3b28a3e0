import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Database } from 'better-sqlite3';
import type { ApiDeps } from './api/api-deps.js';
import { registerAnalyticsRoutes } from './api/analytics-routes.js';
import { registerConfigRoutes } from './api/configs-routes.js';
import { registerMeAndHealthRoutes } from './api/me-and-health-routes.js';
import { registerSessionRoutes } from './api/sessions-routes.js';
import { registerTranscriptRoutes } from './api/transcripts-routes.js';
import { registerCredentialRoutes } from './api/credentials-routes.js';
import { registerIntegrationRoutes } from './api/integration-routes.js';
import { registerRehearsalRoutes } from './api/rehearsal-routes.js';
import type { LocalBotRunner } from './bot-runner/local-bot-runner.js';
import type { BotRunnerKind } from '../contracts/integrations.js';
import { createLocalBots, type LocalBotsOptions } from './integrations/local-bots.js';
import { RunnerRegistry } from './bot-runner/runner-registry.js';
import { ArchiveWorker } from './archive/archive-worker.js';
import { AnalyticsGenerator } from './analytics/analytics-generator.js';
import { BotWatchdog } from './integrations/bot-watchdog.js';
import { FallbackImporter } from './integrations/fallback-import.js';
import { TeamCatchUp } from './integrations/team-catch-up.js';
import { TeamLiveFeed } from './live/team-live-feed.js';
import { installId as readInstallId } from './sync/install-id.js';
import { TeamLeases } from './sync/team-leases.js';
import { IntegrationSettingsStore } from './integrations/integration-settings.js';
import { HealthProbes } from './integrations/health-probes.js';
import { SessionStarter } from './integrations/session-starter.js';
import { providerEndpoints } from './providers/provider-endpoints.js';
import { CredentialVault } from './secrets/credential-vault.js';
import { osKeychain, type SecretStore } from './secrets/keychain.js';
import { LIVE_EVENTS_PATH } from '../contracts/live-events.js';
import { isTerminalStatus } from '../contracts/session.js';
import { ApiFailure } from './http/api-failure.js';
import { CONSOLE_COOKIE, ConsoleSessions } from './http/console-sessions.js';
import { hasBody, readJsonBody } from './http/read-json-body.js';
import { bearerToken, cookieValue, isAllowedHost, isAllowedOrigin, secretsEqual } from './http/request-guard.js';
import { envelopeText, sendFailure, sendJson, sendJsonText } from './http/respond.js';
import { ResponseCache } from './http/response-cache.js';
import { DataVersion } from './store/data-version.js';
import { Router } from './http/router.js';
import { sendConsolePage, serveConsoleFile } from './http/static-console.js';
import type { CurrentUser, IdentityProvider } from './identity/identity-provider.js';
import { ensureLocalIdentity } from './identity/local-identity.js';
import { SwitchableIdentity } from './identity/switchable-identity.js';
import { registerSyncRoutes } from './api/sync-routes.js';
import { readSyncConfig } from './sync/sync-config.js';
import { SyncService } from './sync/sync-service.js';
import { StatusEvents } from './domain/status-events.js';
import { LiveHub } from './live/live-hub.js';
import { LiveSockets, type LivePeer } from './live/live-socket.js';
import type { Logger } from './runtime/logger.js';
import { DATABASE_FILE, openDatabase } from './store/open-database.js';
import { SearchPool } from './store/search-pool.js';
import { createStores } from './store/stores.js';

export interface VoiceServerOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  migrationsDir: string;
  /** The built renderer; served at `/` for browsers. */
  consoleDir: string;
  /** Random per launch when not given. */
  token?: string;
  version: string;
  logger: Logger;
  nativeBinding?: string;
  /** The OS keychain by default; tests and other hosts may pass another SecretStore. */
  keychain?: SecretStore;
  /** Run interview bots on this machine (the built bot's entry); without it only ECS can run them. */
  localBots?: LocalBotsOptions;
  /** The runner used when Settings and the environment name none (the desktop: `local`). */
  defaultBotRunner?: BotRunnerKind;
  botWatchIntervalMs?: number;
  archivePollMs?: number;
  archiveRetryBaseMs?: number;
  analyticsTimeoutMs?: number;
  /** The built search worker (dist/server/search-worker.js); searches run inline without it. */
  searchWorkerScript?: string;
  /** Reuse serialised list replies until the data changes (on unless false). */
  responseCache?: boolean;
}

export interface RunningVoiceServer {
  url: string;
  port: number;
  token: string;
  db: Database;
  /** Stops accepting, lets in-flight requests finish, closes sockets and the database. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 4000;

/** The voice API: HTTP + live-events WebSocket over the local SQLite store, on 127.0.0.1 only. */
export async function startVoiceServer(options: VoiceServerOptions): Promise<RunningVoiceServer> {
  const { logger } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const db = openDatabase({ dataDir: options.dataDir, migrationsDir: options.migrationsDir, nativeBinding: options.nativeBinding });
  const stores = createStores(db);
  // Local until a Supabase sign-in swaps in the team identity (server/sync/sync-service.ts).
  const switchableIdentity = new SwitchableIdentity(ensureLocalIdentity(db));
  const identity: IdentityProvider = switchableIdentity;
  const hub = new LiveHub();
  const statusEvents = new StatusEvents(logger);
  statusEvents.on((event) => hub.statusChanged(event));
  let localBots: LocalBotRunner | null = null;
  const live = new LiveSockets(stores, hub, statusEvents, logger, (sessionId) => localBots?.heartbeat(sessionId));
  const consoleSessions = new ConsoleSessions();
  const dataVersion = new DataVersion(db);
  const responseCache = options.responseCache === false ? null : new ResponseCache();
  const deps: ApiDeps = { stores, identity, statusEvents, logger, version: options.version, dataDir: options.dataDir };

  const router = new Router();
  registerSessionRoutes(router, deps);
  registerConfigRoutes(router, deps);
  const integrationSettings = new IntegrationSettingsStore(db, process.env, options.defaultBotRunner ?? null);
  const keychain = options.keychain ?? osKeychain();
  // The team project (when signed in): team sessions' bots report there, and team-wide jobs run under its leases.
  const sync = new SyncService({ db, identity: switchableIdentity, secrets: keychain, logger, config: readSyncConfig() });
  const orgMode = (orgId: string): ReturnType<SyncService['orgMode']> => sync.orgMode(orgId);
  const install = readInstallId(db);
  const leases = new TeamLeases(install);
  const archive = new ArchiveWorker(stores, integrationSettings, logger, options.archiveRetryBaseMs, { mode: orgMode, leases });
  archive.start(options.archivePollMs ?? 5000);
  const search = new SearchPool(stores.transcripts, options.searchWorkerScript ?? null, join(options.dataDir, DATABASE_FILE), options.nativeBinding);
  registerTranscriptRoutes(router, deps, archive, search);
  const endpoints = providerEndpoints();
  const vault = new CredentialVault(stores.credentials, keychain);
  registerMeAndHealthRoutes(router, deps, new HealthProbes({ stores, dataDir: options.dataDir, keychain, vault, endpoints, settings: integrationSettings, archive }));
  const analytics = new AnalyticsGenerator(stores, vault, endpoints, logger, options.analyticsTimeoutMs);
  registerAnalyticsRoutes(router, deps, analytics);
  let watchdogRef: BotWatchdog | null = null;
  if (options.localBots) {
    localBots = createLocalBots(options.localBots, {
      vault,
      endpoints,
      dataDir: options.dataDir,
      logger,
      // A local bot that died is noticed at once rather than at the next watchdog pass.
      onBotStopped: () => void watchdogRef?.check(),
    });
  }
  const runners = new RunnerRegistry(localBots);
  let livePort = 0;
  const starter = new SessionStarter({
    stores,
    vault,
    endpoints,
    settings: integrationSettings,
    runners,
    statusEvents,
    logger,
    localLiveUrl: () => `ws://127.0.0.1:${livePort}${LIVE_EVENTS_PATH}`,
    teamFor: (orgId) => sync.teamFor(orgId),
    installId: install,
  });
  statusEvents.on(async (event) => {
    if (isTerminalStatus(event.status)) await starter.cleanUp(event.sessionId);
  });
  statusEvents.on(async (event) => {
    if (isTerminalStatus(event.status)) await archive.runOnce();
  });
  const catchUp = new TeamCatchUp({ stores, vault, archive, analytics, leases, orgMode, actor: () => identity.currentUser().id, logger });
  statusEvents.on(async (event) => {
    // Local org: analysed at once; team org: once across the team, under the project's lease.
    if (event.status === 'completed') await catchUp.completed(event.sessionId);
  });
  // What sync brought (a session a bot completed on the project, its transcript) is archived and analysed here if no other desktop did.
  sync.onSynced(() => void catchUp.run());
  const fallback = new FallbackImporter({ stores, bucket: () => archive.currentBucket(), orgMode, statusEvents, logger });
  const watchdog = new BotWatchdog(stores, integrationSettings, runners, statusEvents, logger, { orgMode, installId: install, fallback });
  watchdog.start(options.botWatchIntervalMs ?? 30_000);
  watchdogRef = watchdog;
  registerCredentialRoutes(router, deps, vault, endpoints);
  registerIntegrationRoutes(router, deps, starter, integrationSettings);
  registerRehearsalRoutes(router, deps, localBots, vault);
  registerSyncRoutes(router, sync);
  const teamLive = new TeamLiveFeed({ stores, hub, teamFor: (orgId) => sync.teamFor(orgId), logger });
  hub.onWatch(teamLive);
  await sync.start();

  let port = 0;
  const isConsoleClient = (req: IncomingMessage): boolean => {
    const bearer = bearerToken(req.headers);
    if (bearer !== null) return secretsEqual(bearer, token);
    return consoleSessions.isValid(cookieValue(req.headers, CONSOLE_COOKIE));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isAllowedHost(req.headers.host, port)) throw new ApiFailure(403, 'FORBIDDEN', 'Host not allowed');
    if (!isAllowedOrigin(req.headers.origin, port)) throw new ApiFailure(403, 'FORBIDDEN', 'Origin not allowed');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = req.method ?? 'GET';
    const isApi = url.pathname.startsWith('/api/');

    if (!isApi && method === 'GET' && url.searchParams.has('token')) {
      if (!secretsEqual(url.searchParams.get('token') ?? '', token)) {
        sendConsolePage(res, 401, port, 'This link has expired', 'Open the newest link printed by <code>npm run serve</code>.');
        return;
      }
      res.writeHead(303, { 'set-cookie': consoleSessions.open().header, location: '/', 'cache-control': 'no-store' });
      res.end();
      return;
    }
    if (!isConsoleClient(req)) {
      if (isApi) throw new ApiFailure(401, 'UNAUTHORIZED', 'Missing or invalid API token');
      sendConsolePage(res, 401, port, 'Sign-in link needed', 'Open the link printed by <code>npm run serve</code> (it carries a one-time access token).');
      return;
    }
    if (!isApi) {
      if (method !== 'GET' && method !== 'HEAD') throw new ApiFailure(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
      serveConsoleFile(options.consoleDir, url.pathname, res, port, method === 'HEAD');
      return;
    }

    const match = router.match(method, url.pathname);
    if (match.kind === 'none') throw new ApiFailure(404, 'NOT_FOUND', `No endpoint ${url.pathname}`);
    if (match.kind === 'wrong-method') {
      res.setHeader('allow', match.allowed.join(', '));
      throw new ApiFailure(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`, { allowed: match.allowed });
    }
    if (method === 'DELETE' || method === 'GET') {
      if (hasBody(req)) throw new ApiFailure(400, 'VALIDATION_ERROR', `${method} requests take no body`);
    }
    const user: CurrentUser = identity.currentUser();
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
    if (cacheKey && (result.status ?? 200) === 200) responseCache?.set(cacheKey, version, text);
    sendJsonText(res, result.status ?? 200, text);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const failure =
        error instanceof ApiFailure ? error : new ApiFailure(500, 'INTERNAL_ERROR', 'The server hit an unexpected error');
      if (!(error instanceof ApiFailure)) {
        logger.error('request failed', { method: req.method, path: req.url?.split('?')[0], error: error instanceof Error ? error.stack : String(error) });
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A body we refused without reading must not be parsed as the next request on this connection.
      if (!req.complete) res.setHeader('connection', 'close');
      sendFailure(res, failure);
    });
  });
  let closing: Promise<void> | null = null;
  // During shutdown, a keep-alive connection is closed as soon as its last response is out.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!LiveSockets.isLivePath(req.url)) return refuse(404, 'Not Found');
    if (!isAllowedHost(req.headers.host, port) || !isAllowedOrigin(req.headers.origin, port)) return refuse(403, 'Forbidden');
    let peer: LivePeer | null = null;
    if (isConsoleClient(req)) peer = { role: 'console', user: identity.currentUser() };
    else {
      const bearer = bearerToken(req.headers);
      const sessionId = bearer ? stores.botTokens.sessionFor(bearer, new Date()) : null;
      if (sessionId) peer = { role: 'bot', sessionId };
    }
    if (!peer) return refuse(401, 'Unauthorized');
    live.accept(req, socket, head, peer);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  livePort = port;
  const url = `http://127.0.0.1:${port}`;

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      watchdog.stop();
      sync.stop();
      teamLive.closeAll();
      archive.stop();
      live.close();
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        // The search worker's connection closes first, so the main one is last and checkpoints the WAL.
        void Promise.allSettled([search.close(), localBots?.close()]).finally(() => {
          db.close();
          resolve();
        });
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return { url, port, token, db, close };
}
