import { spawn } from 'node:child_process';

/**
 * A bot process as the local runner sees it, whoever started it: a plain Node child process under
 * `npm run serve`, or Electron's utility process inside the desktop app (where `process.execPath`
 * is the app itself and the packaged app has no `node` to run).
 */
export interface BotProcess {
  readonly pid: number;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  /** SIGTERM asks the bot to leave (it flushes its transcript first); SIGKILL ends it at once. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Resolves once the process has exited and its output is all read. */
  readonly closed: Promise<BotExit>;
}

export interface BotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Starts `entry` with exactly `env`; resolves once the process runs, rejects when it cannot start. */
export type BotSpawner = (entry: string, env: Record<string, string>) => Promise<BotProcess>;

export function nodeBotSpawner(nodePath: string): BotSpawner {
  return async (entry, env) => {
    const child = spawn(nodePath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    // 'close' (not 'exit'): the output is all read, so the bot's log is complete when this resolves.
    const closed = new Promise<BotExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return {
      pid: child.pid as number,
      stdout: child.stdout,
      stderr: child.stderr,
      kill: (signal) => void child.kill(signal),
      closed,
    };
  };
}
