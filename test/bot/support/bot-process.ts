import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ConfigJsonInput } from '../../../contracts/config-json.js';
import { repoRoot } from '../../support/server-process.js';

export const botScript = join(repoRoot, 'dist', 'bot', 'main.js');

export interface BotEvent {
  event: 'ready' | 'heartbeat' | 'ended';
  url?: string | null;
  reason?: string;
  status?: string | null;
  segments?: number;
  delivered?: boolean;
  /** Which path saved the transcript, and how much of it was saved nowhere. */
  saved?: 'reported' | 's3' | 'none';
  lost?: number;
  refused?: number;
}

export interface BotProcess {
  child: ChildProcess;
  events: BotEvent[];
  stderr(): string;
  ready: Promise<BotEvent>;
  exited: Promise<number | null>;
  /** Sends a signal (if still running) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built bot (`node dist/bot/main.js`) as the runners do, with the given environment. */
export function startBotProcess(env: Record<string, string>, config: ConfigJsonInput): BotProcess {
  const child = spawn(process.execPath, [botScript], {
    env: { PATH: process.env.PATH ?? '', BOT_CONFIG: JSON.stringify(config), BOT_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: BotEvent[] = [];
  let stderr = '';
  let buffered = '';
  let onReady: ((event: BotEvent) => void) | null = null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<BotEvent>((resolve, reject) => {
    onReady = resolve;
    void exited.then((code) => reject(new Error(`the bot exited (${code}) before it was ready: ${stderr.slice(-2000)}`)));
  });
  // A bot that exits before it is ready is a failure only for a test that awaits `ready`.
  ready.catch(() => undefined);
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const event = JSON.parse(line) as BotEvent;
      events.push(event);
      if (event.event === 'ready') onReady?.(event);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    events,
    stderr: () => stderr,
    ready,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
