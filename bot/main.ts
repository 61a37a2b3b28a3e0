import { LiveReporter } from './live/live-reporter.js';
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
 * `close-page` (BOT_MEDIA_HOST=external: the desktop shows the Daily page), and `ended`.
 * Logs are JSON lines on stderr. Exit code 0 when the interview ran its course (or was stopped),
 * 1 when the bot could not do its job, 2 when its settings are wrong.
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
  const reporter = settings.live ? new LiveReporter({ url: settings.live.url, token: settings.live.token, logger: logger.child({ part: 'live' }) }) : null;
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
  logger.info('bot starting', { transport: settings.transport, questions: settings.config.interview.questions.length, live: reporter !== null });
  const outcome = await bot.run();
  clearInterval(heartbeat);
  emit({ event: 'ended', reason: outcome.reason, status: outcome.status, segments: outcome.segments.length, delivered: outcome.delivered });
  return outcome.reason === 'transport failed' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    createLogger().error('bot crashed', { error: error instanceof Error ? (error.stack ?? error.message) : errorText(error) });
    process.exit(1);
  },
);
