import { finished } from 'node:stream/promises';
import type { BotProcess, BotSpawner } from '../server/bot-runner/bot-process.js';

/**
 * Inside the desktop app, local bots run in Electron utility processes: Electron's own Node, so
 * they work in a packaged app, where `process.execPath` is the app, the `runAsNode` fuse is off and
 * no `node` may be installed. This is the part of Electron's `UtilityProcess` the adapter uses,
 * typed here so the adapter can be exercised without Electron.
 */
export interface UtilityChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  once(event: 'spawn', listener: () => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type UtilityFork = (modulePath: string, args: string[], options: { env: Record<string, string>; stdio: 'pipe'; serviceName: string }) => UtilityChild;

/** How long after the exit the pipes may take to deliver what the bot wrote last. */
const OUTPUT_DRAIN_MS = 2000;

export function utilityBotSpawner(fork: UtilityFork): BotSpawner {
  return async (entry, env) => {
    const child = fork(entry, [], { env, stdio: 'pipe', serviceName: 'Interview bot' });
    // Listen for the ends first: a bot that fails at once may close its pipes before it is awaited.
    const outputRead = Promise.all([child.stdout, child.stderr].map((stream) => (stream ? finished(stream).catch(() => undefined) : undefined)));
    const exited = new Promise<number>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      void exited.then((code) => reject(new Error(`the utility process exited with code ${code} before it started`)));
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('the utility process has no pid');
    // Electron reports an exit code only; the runner's reasons come from its own records of why.
    const closed = exited.then(async (code) => {
      await Promise.race([outputRead, new Promise((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS).unref())]);
      return { code, signal: null };
    });
    const bot: BotProcess = {
      pid,
      stdout: child.stdout,
      stderr: child.stderr,
      kill: (signal) => {
        // UtilityProcess.kill() is the graceful SIGTERM; a hung bot needs the real SIGKILL.
        if (signal === 'SIGTERM') child.kill();
        else killHard(pid);
      },
      closed,
    };
    return bot;
  };
}

function killHard(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    // Already gone: nothing to kill.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
