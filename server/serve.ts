import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONNECTION_LIMITS } from './http/connection-guard.js';
import { readAppVersion } from './runtime/app-version.js';
import { defaultDataDir } from './runtime/data-dir.js';
import { createLogger, parseLogLevel } from './runtime/logger.js';
import { MigrationError } from './store/migrations.js';
import { startVoiceServer, type RunningVoiceServer } from './voice-server.js';

/**
 * `npm run serve`: the headless server. Its contract with tests, benchmarks and people:
 * one JSON ready line on stdout, everything else on stderr, clean exit on SIGTERM/SIGINT.
 */
const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logger = createLogger(parseLogLevel(process.env.VOICE_LOG_LEVEL));

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 4780;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`VOICE_PORT must be an integer from 0 to 65535 (got "${value}")`);
  }
  return port;
}

async function main(): Promise<void> {
  let server: RunningVoiceServer | null = null;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const deadline = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 4800);
    deadline.unref();
    (server ? server.close() : Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  // Handlers go in before the ready line: whoever reads it may signal us at once.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  server = await startVoiceServer({
    port: parsePort(process.env.VOICE_PORT),
    dataDir: process.env.VOICE_DATA_DIR || defaultDataDir(),
    migrationsDir: join(appRoot, 'migrations', 'sqlite'),
    consoleDir: join(appRoot, 'dist', 'renderer'),
    token: process.env.VOICE_API_TOKEN || undefined,
    version: readAppVersion(appRoot),
    logger,
    botWatchIntervalMs: Number(process.env.VOICE_BOT_WATCH_INTERVAL_MS) || undefined,
    liveKeepaliveMs: Number(process.env.VOICE_LIVE_KEEPALIVE_MS) || undefined,
    archivePollMs: Number(process.env.VOICE_ARCHIVE_POLL_MS) || undefined,
    archiveRetryBaseMs: Number(process.env.VOICE_ARCHIVE_RETRY_BASE_MS) || undefined,
    analyticsTimeoutMs: Number(process.env.VOICE_ANALYTICS_TIMEOUT_MS) || undefined,
    responseCache: process.env.VOICE_RESPONSE_CACHE !== 'off',
    connectionLimits: {
      maxConnections: Number(process.env.VOICE_MAX_CONNECTIONS) || DEFAULT_CONNECTION_LIMITS.maxConnections,
      unauthenticatedMs: Number(process.env.VOICE_UNAUTHENTICATED_SOCKET_MS) || DEFAULT_CONNECTION_LIMITS.unauthenticatedMs,
    },
    searchWorkerScript: join(appRoot, 'dist', 'server', 'store', 'search-worker.js'),
    localBots: {
      entry: join(appRoot, 'dist', 'bot', 'main.js'),
      maxConcurrent: Number(process.env.VOICE_LOCAL_BOTS_MAX) || undefined,
    },
  });
  if (stopping) {
    await server.close();
    process.exit(0);
  }
  // The hint for people first: a reader that stops at the ready line still finds it written.
  const running = server;
  process.stderr.write(`Interview Console is running. Open ${running.signInLink()}\n`);
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: running.url, token: running.token })}\n`);
  offerNewLinks(running);
}

/**
 * The printed link works once, within two minutes. Someone at the terminal presses Enter for a
 * new one; programs holding the API token ask POST /api/console/sign-in-link instead.
 */
function offerNewLinks(running: RunningVoiceServer): void {
  if (!process.stdin.isTTY) return;
  process.stderr.write('The link works once, within two minutes. Press Enter for a new one.\n');
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', () => process.stderr.write(`Open ${running.signInLink()}\n`));
  // Waiting for Enter must not keep the process alive after a stop.
  process.stdin.unref();
}

function describeStartFailure(error: unknown): string {
  if (error instanceof MigrationError) return error.message;
  if (error instanceof Error && error.message.startsWith('VOICE_')) return error.message;
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return `Port ${process.env.VOICE_PORT ?? 4780} is already in use: stop the other server, or set VOICE_PORT (0 picks a free port)`;
  }
  return `Could not start the server: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  const message = describeStartFailure(error);
  logger.error(message);
  process.exit(1);
});
