import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ConfigJson } from '../../contracts/config-json.js';
import type { Logger } from '../runtime/logger.js';
import { nodeBotSpawner, type BotExit, type BotProcess, type BotSpawner } from './bot-process.js';
import { launchEnvironment, type BotHandle, type BotLaunch, type BotRunner, type BotState } from './bot-runner.js';
import { BotDispatchError } from './ecs-bot-runner.js';

/**
 * The desktop's bot runner: one bot process (`node dist/bot/main.js`) per started session, on this
 * machine. It bounds how many run at once, files each bot's output under the session
 * (`<logDir>/<sessionId>.log`), stops a bot on cancel (SIGTERM, then SIGKILL), watches each bot's
 * heartbeat (a `{"event":"heartbeat"}` line on its stdout every few seconds, or `heartbeat()` called
 * by the live socket) and reports every bot that stops, so the start flow can mark the session.
 */
export interface LocalBotRunnerOptions {
  /** The built bot entry, `dist/bot/main.js` under the app root. */
  botEntry: string;
  /** Where each session's bot log is written. */
  logDir: string;
  /** Bots that may run at once on this machine (each holds a Chromium and three provider streams). */
  maxConcurrent?: number;
  /**
   * Provider keys and base URLs for one bot (DEEPGRAM_API_KEY, CARTESIA_API_KEY, OPENAI_API_KEY, and
   * DEEPGRAM_API_URL, ... when not the real services), read from the keychain as each bot starts.
   */
  providerEnv: (context: { orgId: string; sessionId: string | null }) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * `daily` (the default) joins the session's Daily room; `local` serves the bot's own page instead
   * (see pageUrl), for development without a Daily account.
   */
  transport?: 'daily' | 'local';
  /** More environment for every bot (CHROMIUM_PATH, BOT_LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /** A bot silent for this long is taken as hung: it is killed and reported stopped. */
  heartbeatTimeoutMs?: number;
  /** How long a bot may take to leave after SIGTERM before it is killed. */
  stopGraceMs?: number;
  /** Called once for every bot that stops, for whatever reason. */
  onStopped?: (event: BotStoppedEvent) => void;
  /**
   * With `env: { BOT_MEDIA_HOST: 'external' }` a bot asks its host to show its Daily page (the
   * desktop opens it in a hidden window: Electron, autoplay allowed, no throttling): `url` to open,
   * then `null` when the window should close.
   */
  onMediaPage?: (request: { sessionId: string; url: string | null }) => void;
  logger?: Logger;
  /** Starts a bot process: the server's own Node by default; Electron's utility process on the desktop. */
  spawner?: BotSpawner;
}

export interface BotStoppedEvent {
  sessionId: string;
  handle: BotHandle;
  reason: string;
  /** False when the bot died, hung or failed; true when it finished or was stopped on request. */
  expected: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface RehearsalBot {
  /** The rehearsal page to open in a browser. */
  url: string;
  handle: BotHandle;
  stop(): Promise<void>;
  /** Resolves when the rehearsal is over (the bot exited). */
  exited: Promise<BotStoppedEvent>;
}

export class BotCapacityError extends BotDispatchError {
  override name = 'BotCapacityError';
}

interface RunningBot {
  sessionId: string;
  handle: BotHandle;
  child: BotProcess;
  log: WriteStream;
  lastBeatAt: number;
  stopReason: string | null;
  /** Why the runner killed it without being asked (it hung). */
  failReason: string | null;
  exited: Promise<BotStoppedEvent>;
  ready: Promise<string | null>;
}

/** What a bot inherits from the server's environment: enough to run, none of the server's secrets. */
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'TZ', 'XDG_RUNTIME_DIR', 'DISPLAY'];

export class LocalBotRunner implements BotRunner {
  readonly kind = 'local' as const;
  private readonly running = new Map<string, RunningBot>();
  private readonly stopped = new Map<string, string>();
  private readonly watchdog: NodeJS.Timeout;
  private readonly maxConcurrent: number;
  private readonly heartbeatTimeoutMs: number;

  constructor(private readonly options: LocalBotRunnerOptions) {
    this.maxConcurrent = options.maxConcurrent ?? 2;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 30_000;
    mkdirSync(options.logDir, { recursive: true });
    this.watchdog = setInterval(() => this.checkHeartbeats(), Math.max(250, Math.min(5000, this.heartbeatTimeoutMs / 4)));
    this.watchdog.unref();
  }

  /** Bots running now. */
  get activeCount(): number {
    return this.running.size;
  }

  logPath(sessionId: string): string {
    return join(this.options.logDir, `${sessionId.replace(/[^\w-]/g, '_')}.log`);
  }

  async start(launch: BotLaunch): Promise<BotHandle> {
    if ([...this.running.values()].some((bot) => bot.sessionId === launch.sessionId)) {
      throw new BotDispatchError(`A bot is already running for session ${launch.sessionId}`);
    }
    const bot = await this.spawnBot(launch.sessionId, { orgId: launch.orgId, sessionId: launch.sessionId }, launchEnvironment(launch, this.options.transport ?? 'daily'));
    return bot.handle;
  }

  /** A running local-transport bot's page address, once it serves it (null otherwise). */
  async pageUrl(handle: BotHandle): Promise<string | null> {
    const bot = this.running.get(handle.id);
    return bot ? Promise.race([bot.ready, bot.exited.then(() => null)]) : null;
  }

  /**
   * A rehearsal bot for the config editor's Rehearse button: the local transport (no Daily room,
   * no session), serving its page on loopback. Resolves once the page can be opened.
   */
  async startRehearsal(config: ConfigJson, orgId: string): Promise<RehearsalBot> {
    const bot = await this.spawnBot(`rehearsal-${randomUUID()}`, { orgId, sessionId: null }, { BOT_CONFIG: JSON.stringify(config), BOT_TRANSPORT: 'local' });
    const url = await Promise.race([bot.ready, bot.exited.then(() => null)]);
    if (!url) {
      await this.stop(bot.handle, 'rehearsal failed to start');
      throw new BotDispatchError(`The rehearsal bot did not start; see ${this.logPath(bot.sessionId)}`);
    }
    return { url, handle: bot.handle, exited: bot.exited, stop: () => this.stop(bot.handle, 'rehearsal closed') };
  }

  async stop(handle: BotHandle, reason: string): Promise<void> {
    const bot = this.running.get(handle.id);
    if (!bot) return;
    bot.stopReason ??= reason;
    bot.child.kill('SIGTERM');
    const kill = setTimeout(() => bot.child.kill('SIGKILL'), this.options.stopGraceMs ?? 5000);
    await bot.exited;
    clearTimeout(kill);
  }

  async describe(handles: BotHandle[]): Promise<Map<string, BotState>> {
    const states = new Map<string, BotState>();
    for (const handle of handles) {
      if (this.running.has(handle.id)) states.set(handle.id, { kind: 'running' });
      else states.set(handle.id, { kind: 'stopped', reason: this.stopped.get(handle.id) ?? 'not running on this machine' });
    }
    return states;
  }

  /** The live socket heard from the session's bot (its `heartbeat` message). */
  heartbeat(sessionId: string): void {
    for (const bot of this.running.values()) if (bot.sessionId === sessionId) bot.lastBeatAt = Date.now();
  }

  /** Stops every bot (the app is quitting). */
  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await Promise.all([...this.running.values()].map((bot) => this.stop(bot.handle, 'the app is closing')));
  }

  private async spawnBot(sessionId: string, context: { orgId: string; sessionId: string | null }, launchEnv: Record<string, string>): Promise<RunningBot> {
    if (this.running.size >= this.maxConcurrent) {
      throw new BotCapacityError(`${this.running.size} interview bot(s) already run on this machine (the limit is ${this.maxConcurrent})`);
    }
    const inherited = Object.fromEntries(INHERITED_ENV.flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])));
    const env = {
      ...inherited,
      // Three heartbeats per timeout: one late line is not a hang.
      BOT_HEARTBEAT_MS: String(Math.max(100, Math.floor(this.heartbeatTimeoutMs / 3))),
      ...this.options.env,
      ...(await this.options.providerEnv(context)),
      ...launchEnv,
    };
    const spawner = this.options.spawner ?? nodeBotSpawner(process.execPath);
    const child = await spawner(this.options.botEntry, env).catch((error: unknown) => {
      throw new BotDispatchError(`The bot process could not start: ${error instanceof Error ? error.message : String(error)}`);
    });
    const handle: BotHandle = { id: `local:${child.pid}` };
    const log = createWriteStream(this.logPath(sessionId), { flags: 'a' });
    let resolveReady!: (url: string | null) => void;
    const bot: RunningBot = {
      sessionId,
      handle,
      child,
      log,
      lastBeatAt: Date.now(),
      stopReason: null,
      failReason: null,
      ready: new Promise((resolve) => (resolveReady = resolve)),
      exited: child.closed.then(
        (exit) =>
          new Promise<BotStoppedEvent>((resolve) => {
            const event = this.onExit(bot, exit);
            log.once('close', () => resolve(event));
          }),
      ),
    };
    this.running.set(handle.id, bot);
    this.options.logger?.info('bot started', { sessionId, handle: handle.id });
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const event = parseEvent(line);
        if (!event) continue;
        bot.lastBeatAt = Date.now();
        if (event.event === 'ready') resolveReady(typeof event.url === 'string' ? event.url : null);
        if (event.event === 'open-page' && typeof event.url === 'string') this.options.onMediaPage?.({ sessionId, url: event.url });
        if (event.event === 'close-page') this.options.onMediaPage?.({ sessionId, url: null });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
    return bot;
  }

  private onExit(bot: RunningBot, { code, signal }: BotExit): BotStoppedEvent {
    this.running.delete(bot.handle.id);
    const requested = bot.stopReason !== null;
    const expected = requested || (code === 0 && signal === null);
    const reason = bot.stopReason ?? bot.failReason ?? (code === 0 ? 'the bot finished' : signal ? `the bot was killed (${signal})` : `the bot exited with code ${code}`);
    this.stopped.set(bot.handle.id, reason);
    bot.log.end(`${JSON.stringify({ time: new Date().toISOString(), level: expected ? 'info' : 'error', message: 'bot stopped', reason, code, signal })}\n`);
    const event: BotStoppedEvent = { sessionId: bot.sessionId, handle: bot.handle, reason, expected, exitCode: code, signal };
    if (expected) this.options.logger?.info('bot stopped', { sessionId: bot.sessionId, reason });
    else this.options.logger?.warn('bot stopped unexpectedly', { sessionId: bot.sessionId, reason });
    this.options.onStopped?.(event);
    return event;
  }

  private checkHeartbeats(): void {
    const now = Date.now();
    for (const bot of this.running.values()) {
      if (bot.stopReason !== null || bot.failReason !== null || now - bot.lastBeatAt <= this.heartbeatTimeoutMs) continue;
      // A hung bot will not answer SIGTERM: kill it. Not requested, so reported as unexpected.
      this.options.logger?.warn('bot stopped sending heartbeats; killing it', { sessionId: bot.sessionId });
      bot.failReason = `no heartbeat for ${Math.round(this.heartbeatTimeoutMs / 1000)} s`;
      bot.child.kill('SIGKILL');
    }
  }
}

function parseEvent(line: string): { event?: unknown; url?: unknown } | null {
  try {
    const parsed = JSON.parse(line) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as { event?: unknown; url?: unknown }) : null;
  } catch {
    return null;
  }
}
