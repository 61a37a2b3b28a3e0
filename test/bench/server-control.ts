import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trackChild } from './cleanup.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const SERVE_SCRIPT = join(REPO_ROOT, 'dist', 'server', 'serve.js');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 8_000;
const STDERR_KEEP = 16_384;

export interface MemoryReading {
  rssMb: number;
  /** Peak resident set since the process started (VmHWM); null where /proc is not available. */
  peakRssMb: number | null;
}

export interface RunningServer {
  pid: number;
  url: string;
  token: string;
  memory(): MemoryReading;
  /** Null while it runs; otherwise how it ended, with the end of its stderr. */
  exitReport(): string | null;
  /** SIGTERM and wait for a clean exit (SIGKILL after a grace period); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the built server exactly as `npm run serve` does and waits for its ready line. */
export async function startServer(dataDir: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(SERVE_SCRIPT)) throw new Error(`${SERVE_SCRIPT} is missing: run npm run build first`);
  const token = randomBytes(24).toString('base64url');
  const child = spawn(process.execPath, [SERVE_SCRIPT], {
    cwd: REPO_ROOT,
    env: { ...process.env, VOICE_PORT: '0', VOICE_DATA_DIR: dataDir, VOICE_API_TOKEN: token, VOICE_LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server not ready after ${READY_TIMEOUT_MS} ms: ${stderr}`)), READY_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        const line = JSON.parse(stdout.slice(0, newline)) as { event?: string; url?: string; token?: string };
        if (line.event !== 'ready' || !line.url || !line.token) throw new Error(`unexpected first line: ${stdout.slice(0, newline)}`);
        resolve({ url: line.url, token: line.token });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready: ${stderr}`));
    });
  });
  const pid = child.pid as number;

  return {
    pid,
    url: ready.url,
    token: ready.token,
    memory: () => readMemory(pid),
    exitReport: () =>
      child.exitCode === null && child.signalCode === null ? null : `exit ${child.exitCode ?? child.signalCode}; stderr: ${stderr.trim().slice(-2000)}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

function readMemory(pid: number): MemoryReading {
  const statusFile = `/proc/${pid}/status`;
  if (existsSync(statusFile)) {
    const status = readFileSync(statusFile, 'utf8');
    const kb = (field: string): number | null => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) : null;
    };
    const peak = kb('VmHWM');
    return { rssMb: (kb('VmRSS') ?? 0) / 1024, peakRssMb: peak === null ? null : peak / 1024 };
  }
  const rssKb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
  return { rssMb: rssKb / 1024, peakRssMb: null };
}
