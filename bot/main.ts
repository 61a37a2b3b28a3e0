import { LiveReporter } from './live/live-reporter.js';
import { exitCodeFor, saveUndelivered } from './live/save-undelivered.js';
import type { SessionReporter } from './live/session-reporter.js';
import { TeamReporter } from './live/team-reporter.js';
import { UndeliveredArchive } from './live/undelivered-archive.js';
import { InterviewBot } from './interview-bot.js';
import { readBotSettings, SettingsError, type BotSettings } from './config/bot-settings.js';
import { createLogger, errorText, parseLogLevel, type Logger } from './runtime/logger.js';
import { DailyTransport } from './transports/daily-transport.js';
import { LocalTransport } from './transports/local-transport.js';
import { ChromiumPageHost, ExternalPageHost } from './transports/media-page-host.js';
import type { MediaTransport } from './transports/media-transport.js';

/**
 * The bot process: one interview, then exit. The same entry runs in the ECS container (Daily),
 * under the desktop's local runner (Daily), and for a rehearsal (local page, no session).
 *
 * stdout carries JSON lines for whoever started us: `ready` (with the page address for a local
 * transport), `heartbeat` every few seconds (the local runner's liveness check), `open-page` /
 * `close-page` (BOT_MEDIA_HOST=external: the desktop shows the Daily page), and `ended` (with
 * which path saved the transcript). Logs are JSON lines on stderr. Exit code 0 when the interview
 * ran its course (or was stopped) and its transcript was reported, 3 when it was saved only through
 * the S3 fallback, 4 when some of it could be saved nowhere, 1 when the bot could not do its job,
 * 2 when its settings are wrong.
 */
function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function createTransport(settings: BotSettings, logger: Logger): MediaTransport {
  const transportLogger = logger.child({ part: 'transport' });
  if (settings.transport === 'daily' && settings.daily) {
    const pageHost =
      settings.mediaHost === 'external'
        ? new ExternalPageHost(emit)
        : new ChromiumPageHost({ executablePath: settings.chromiumPath, extraArgs: settings.chromiumArgs, logger: transportLogger });
    return new DailyTransport({
      logger: transportLogger,
      pageHost,
      joinTimeoutMs: settings.behaviour.joinTimeoutMs,
      join: { url: settings.daily.roomUrl, token: settings.daily.roomToken, userName: settings.config.bot_name },
    });
  }
  return new LocalTransport({ logger: transportLogger, host: settings.local.host, port: settings.local.port });
}

async function main(): Promise<number> {
  let settings: BotSettings;
  try {
    settings = readBotSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    createLogger().error('bot settings are invalid', { error: error.message });
    return 2;
  }
  const logger = createLogger(parseLogLevel(settings.logLevel), undefined, settings.sessionId ? { sessionId: settings.sessionId } : {});
  const transport = createTransport(settings, logger);
  const reporter = createReporter(settings, logger);
  const bot = new InterviewBot({
    settings,
    transport,
    reporter,
    logger,
    onTransportReady: () => emit({ event: 'ready', transport: transport.kind, url: transport instanceof LocalTransport ? transport.pageUrl : null }),
  });
  const heartbeat = setInterval(() => emit({ event: 'heartbeat' }), settings.heartbeatMs);
  const stop = (signal: string): void => {
    logger.info('stopping', { signal });
    bot.stop('stopped');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const reporting = settings.team ? 'team' : settings.live ? 'socket' : 'none';
  logger.info('bot starting', { transport: settings.transport, questions: settings.config.interview.questions.length, reporting, fallback: settings.archive !== null });
  const outcome = await bot.run();
  const save = await saveUndelivered({
    reporter,
    archive: settings.archive ? new UndeliveredArchive({ ...settings.archive, logger: logger.child({ part: 'fallback' }) }) : null,
    sessionId: settings.sessionId,
    orgId: settings.orgId,
    segments: outcome.segments,
    status: outcome.status,
    quality: outcome.final.quality,
    consent: outcome.final.consent,
    logger,
  });
  clearInterval(heartbeat);
  emit({
    event: 'ended',
    reason: outcome.reason,
    status: outcome.status,
    segments: outcome.segments.length,
    delivered: outcome.delivered,
    saved: save.saved,
    lost: save.lost,
    ...(save.refused > 0 ? { refused: save.refused } : {}),
  });
  return exitCodeFor(outcome.reason, save);
}

/** The team's project when its three values are set, else the desktop's socket, else none (a rehearsal). */
function createReporter(settings: BotSettings, logger: Logger): SessionReporter | null {
  const reporterLogger = logger.child({ part: 'live' });
  if (settings.team) return new TeamReporter({ ...settings.team, logger: reporterLogger });
  if (settings.live) return new LiveReporter({ url: settings.live.url, token: settings.live.token, logger: reporterLogger });
  return null;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    createLogger().error('bot crashed', { error: error instanceof Error ? (error.stack ?? error.message) : errorText(error) });
    process.exit(1);
  },
);
