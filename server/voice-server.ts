import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { registerPrintRoutes } from './api/print-routes.js';
import { chromiumPdfPrinter, findPrintingChromium } from './print/chromium-pdf-printer.js';
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
import { IntegrationSettingsStore } from './store/integration-settings-store.js';
import { HealthProbes } from './integrations/health-probes.js';
import { SessionStarter } from './integrations/session-starter.js';
import { installStatusReactions } from './integrations/status-reactions.js';
import { providerEndpoints } from './providers/provider-endpoints.js';
import { CredentialVault } from './secrets/credential-vault.js';
import { osKeychain, type SecretStore } from './secrets/keychain.js';
import { LIVE_EVENTS_PATH } from '../contracts/live-events.js';
import { registerConsoleRoutes } from './api/console-routes.js';
import { ConnectionGuard, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './http/connection-guard.js';
import { ConsoleSessions } from './http/console-sessions.js';
import { createRequestListener, isConsoleClient, SIGN_IN_CODE_PARAM } from './http/http-pipeline.js';
import { createUpgradeListener } from './http/live-upgrade.js';
import { ResponseCache } from './http/response-cache.js';
import { DataVersion } from './store/data-version.js';
import { Router } from './http/router.js';
import type { IdentityProvider } from './identity/identity-provider.js';
import { ensureLocalIdentity } from './identity/local-identity.js';
import { SwitchableIdentity } from './identity/switchable-identity.js';
import { registerSyncRoutes } from './api/sync-routes.js';
import { startCandidateRights } from './rights/rights-runtime.js';
import { readSyncConfig } from './sync/sync-config.js';
import { SyncService } from './sync/sync-service.js';
import { StatusEvents } from './domain/status-events.js';
import { LiveHub } from './live/live-hub.js';
import { LiveSockets } from './live/live-socket.js';
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
  /** Live sockets' keepalive and ended-session sweep (30 s unless given). */
  liveKeepaliveMs?: number;
  archivePollMs?: number;
  archiveRetryBaseMs?: number;
  analyticsTimeoutMs?: number;
  /** The built search worker (dist/server/search-worker.js); searches run inline without it. */
  searchWorkerScript?: string;
  /** Reuse serialised list replies until the data changes (on unless false). */
  responseCache?: boolean;
  /** Open sockets at most, and how long an anonymous one may stay (DEFAULT_CONNECTION_LIMITS). */
  connectionLimits?: ConnectionLimits;
}

export interface RunningVoiceServer {
  url: string;
  port: number;
  token: string;
  db: Database;
  /** Stops accepting, lets in-flight requests finish, closes sockets and the database. */
  close(): Promise<void>;
  /** A console sign-in link with a fresh single-use code (good for two minutes). */
  signInLink(): string;
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
  let localBots: LocalBotRunner | null = null;
  const live = new LiveSockets(stores, hub, statusEvents, logger, (sessionId) => localBots?.heartbeat(sessionId), undefined, options.liveKeepaliveMs);
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
  const catchUp = new TeamCatchUp({ stores, vault, archive, analytics, leases, orgMode, actor: () => identity.currentUser().id, logger });
  installStatusReactions(statusEvents, { hub, starter, archive, catchUp });
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
  // Web mode's PDF export prints with the installed Chromium (the one local bots use), found per print.
  registerPrintRoutes(router, chromiumPdfPrinter(() => findPrintingChromium(process.env.CHROMIUM_PATH)));
  const candidateRights = startCandidateRights(router, deps, { orgMode, bucket: () => archive.currentBucket(), onSynced: (listener) => sync.onSynced(listener) });
  const teamLive = new TeamLiveFeed({ stores, hub, teamFor: (orgId) => sync.teamFor(orgId), logger });
  hub.onWatch(teamLive);
  await sync.start();

  let port = 0;
  let url = '';
  registerConsoleRoutes(router, consoleSessions, () => url);
  const server: Server = createServer();
  const connections = new ConnectionGuard(server, options.connectionLimits ?? DEFAULT_CONNECTION_LIMITS);
  server.on(
    'request',
    createRequestListener({
      token,
      router,
      identity,
      consoleSessions,
      connections,
      consoleDir: options.consoleDir,
      responseCache,
      dataVersion,
      logger,
      port: () => port,
    }),
  );
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

  server.on(
    'upgrade',
    createUpgradeListener({
      live,
      identity,
      connections,
      isConsoleClient: (req) => isConsoleClient(req, token, consoleSessions),
      botSessionFor: (bearer) => stores.botTokens.sessionFor(bearer, new Date()),
      port: () => port,
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  livePort = port;
  url = `http://127.0.0.1:${port}`;

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      watchdog.stop();
      sync.stop();
      teamLive.closeAll();
      archive.stop();
      candidateRights.stop();
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

  const signInLink = (): string => `${url}/?${SIGN_IN_CODE_PARAM}=${consoleSessions.issueCode().code}`;
  return { url, port, token, db, close, signInLink };
}
