import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import type { UtilityChild, UtilityFork } from '../../main/utility-bot-spawner.js';

/**
 * Electron's `utilityProcess.fork` as the desktop sees it, over a real Node child: it emits `spawn`
 * and `exit` with a code only (a signal shows as 128 + its number, as Chromium reports it), its
 * `kill()` takes no signal, and its pipes may still hold output when `exit` fires. Electron itself
 * cannot run here (no binary, no display).
 */
export interface FakeUtilityFork extends UtilityFork {
  /** Every fork's options, to check what the desktop passes (env, stdio, name). */
  readonly calls: { modulePath: string; env: Record<string, string>; serviceName: string }[];
}

export function fakeUtilityFork(): FakeUtilityFork {
  const calls: FakeUtilityFork['calls'] = [];
  const fork = (modulePath: string, args: string[], options: { env: Record<string, string>; stdio: 'pipe'; serviceName: string }): UtilityChild => {
    calls.push({ modulePath, env: options.env, serviceName: options.serviceName });
    const child = spawn(process.execPath, [modulePath, ...args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const emitter = new EventEmitter();
    child.once('spawn', () => emitter.emit('spawn'));
    child.once('exit', (code, signal) => emitter.emit('exit', code ?? 128 + (signal ? constants.signals[signal] : 0)));
    child.once('error', () => emitter.emit('exit', 1));
    return {
      get pid() {
        return child.pid;
      },
      stdout: child.stdout,
      stderr: child.stderr,
      once: (event: 'spawn' | 'exit', listener: (code: number) => void) => emitter.once(event, listener),
      kill: () => child.kill('SIGTERM'),
    };
  };
  return Object.assign(fork, { calls });
}
