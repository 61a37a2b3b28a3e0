import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { trackChild } from './cleanup.js';
import type { LoadPlan, LoadResult } from './load-protocol.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const WORKER = join(import.meta.dirname, 'load-worker.ts');
/** Startup (tsx) and the last in-flight requests after the deadline. */
const SLACK_MS = 60_000;

/** Runs one load cell in a separate Node process and returns what it measured. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  trackChild(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`load worker did not finish within ${plan.warmupMs + plan.durationMs + SLACK_MS} ms`));
    }, plan.warmupMs + plan.durationMs + SLACK_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`load worker exited with ${code ?? signal}: ${stderr.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as LoadResult);
      } catch {
        reject(new Error(`load worker printed no result: ${stdout.slice(0, 300)} ${stderr.slice(0, 300)}`));
      }
    });
  });
}
