import type { ChildProcess } from 'node:child_process';

/**
 * Everything the bench must undo however it ends: child processes to kill and folders to delete.
 * The normal path stops things politely itself; this is the backstop for throws, Ctrl-C and kills.
 */
const children = new Set<ChildProcess>();
const tasks = new Set<() => void>();
let installed = false;

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Registers a synchronous undo step; the returned function runs it now (once) and unregisters it. */
export function onCleanup(task: () => void): () => void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    tasks.delete(once);
    task();
  };
  tasks.add(once);
  return once;
}

/** Synchronous on purpose: it also runs from the process 'exit' event, where nothing async completes. */
export function cleanupAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const task of [...tasks]) {
    try {
      task();
    } catch (error) {
      process.stderr.write(`bench cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  process.once('exit', cleanupAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping everything it started\n`);
      cleanupAll();
      process.exit(130);
    });
  }
}
