import type { Database } from 'better-sqlite3';
import type { SyncProgress, SyncState, SyncStatus } from '../../contracts/sync.js';
import type { Logger } from '../runtime/logger.js';
import { nowIso } from '../runtime/clock.js';
import { ApplyingTransactions } from './applying-transaction.js';
import { BulkLoad } from './bulk-load.js';
import { fullJitterDelay, type BackoffPolicy } from '../../contracts/backoff.js';
import { ConflictLog } from './conflict-log.js';
import { CursorStore } from './cursor-store.js';
import { MembershipSync, type SyncUser } from './membership-sync.js';
import { OutboxStore } from './outbox-store.js';
import type { PhaseContext } from './phase-context.js';
import { PullPhase } from './pull-phase.js';
import { PushPhase } from './push-phase.js';
import { noPokes, type PokeSource } from './pokes.js';
import type { SyncRemote } from './remote.js';
import { ServerRowApplier } from './server-row-applier.js';
import { asSyncError, SyncRequestError } from './sync-errors.js';

export interface SyncEngineOptions {
  pushBatchSize: number;
  pullPageSize: number;
  /** Quiet time after a local write before pushing, so a burst of edits goes in one batch. */
  debounceMs: number;
  /** Fallback pull when no poke arrives. */
  timerMs: number;
  /** How often the outbox is checked for writes from any connection. */
  localPollMs: number;
  backoff: BackoffPolicy;
}

export const defaultEngineOptions: SyncEngineOptions = {
  pushBatchSize: 1000,
  pullPageSize: 5000,
  debounceMs: 150,
  timerMs: 30_000,
  localPollMs: 100,
  backoff: { baseMs: 1000, capMs: 60_000 },
};

/** undici's words for a pooled connection the server had already closed. */
function isStaleConnection(message: string): boolean {
  return /other side closed|ECONNRESET|socket hang up/i.test(message);
}

export type SyncTrigger = 'start' | 'local-write' | 'poke' | 'reconnect' | 'timer' | 'manual' | 'retry';

export interface SyncEngineDeps {
  db: Database;
  remote: SyncRemote;
  user: SyncUser;
  logger: Logger;
  options?: Partial<SyncEngineOptions>;
  pokes?: PokeSource;
  /** Refreshes the session after a 401; throws SyncRequestError('signed-out') when that is over. */
  refreshSession?: () => Promise<void>;
  /** Called once when the session cannot be refreshed any more. */
  onSignedOut?: () => void;
  /** Called after every completed run (the cache holds the server's rows as of now). */
  onSynced?: () => void;
  random?: () => number;
}

export interface CycleResult {
  ok: boolean;
  error?: string;
}

/** How the last completed run spent its time (for logs and the benchmark). */
export interface RunTimings {
  pushMs: number;
  pullMs: number;
  /** Time rebuilding the cache's indexes after a large first pull (partly after pullMs, in the background). */
  indexMs: number;
  pushed: number;
  pulled: number;
}

/**
 * The sync loop of one signed-in desktop. Each run: memberships first, then the outbox in
 * batches through sync_push, then every (org, table) cursor through sync_pull, each page applied
 * with its cursor in one transaction. Runs are triggered at start, after local writes
 * (debounced), by pokes, on reconnect and by a timer; failures retry with full-jitter backoff.
 * Only one run at a time; a trigger during a run queues exactly one more.
 */
export class SyncEngine {
  readonly outbox: OutboxStore;
  readonly cursors: CursorStore;
  readonly conflicts: ConflictLog;
  readonly applier: ServerRowApplier;
  readonly memberships: MembershipSync;
  readonly applying: ApplyingTransactions;
  private readonly options: SyncEngineOptions;
  private readonly pokes: PokeSource;
  private readonly random: () => number;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private state: Exclude<SyncState, 'needs_attention' | 'signed_out'> = 'idle';
  private progress: SyncProgress | null = null;
  private lastError: string | null = null;
  private failures = 0;
  private nextRetryAt: number | null = null;
  private lastSeenSeq = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private debounceTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastResult: CycleResult = { ok: true };
  private watchedOrgs = '';
  /** The last run that completed. */
  lastRun: RunTimings | null = null;
  private readonly push: PushPhase;
  private readonly pull: PullPhase;

  constructor(private readonly deps: SyncEngineDeps) {
    const { db } = deps;
    this.options = { ...defaultEngineOptions, ...deps.options };
    this.pokes = deps.pokes ?? noPokes;
    this.random = deps.random ?? Math.random;
    this.applying = new ApplyingTransactions(db);
    this.outbox = new OutboxStore(db);
    this.cursors = new CursorStore(db);
    this.conflicts = new ConflictLog(db);
    this.applier = new ServerRowApplier(db, this.outbox);
    this.memberships = new MembershipSync(db, this.applying, this.cursors, this.outbox);
    this.push = new PushPhase({
      remote: deps.remote,
      outbox: this.outbox,
      applier: this.applier,
      conflicts: this.conflicts,
      applying: this.applying,
      batchSize: this.options.pushBatchSize,
    });
    this.pull = new PullPhase({
      db,
      remote: deps.remote,
      cursors: this.cursors,
      applier: this.applier,
      applying: this.applying,
      bulk: new BulkLoad(db),
      logger: deps.logger,
      pageSize: this.options.pullPageSize,
    });
  }

  get user(): SyncUser {
    return this.deps.user;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastSeenSeq = this.outbox.maxSeq();
    this.every(this.options.timerMs, () => this.requestSync('timer'));
    this.every(this.options.localPollMs, () => {
      const seq = this.outbox.maxSeq();
      if (seq > this.lastSeenSeq) {
        this.lastSeenSeq = seq;
        this.requestSync('local-write');
      }
    });
    this.watchPokes();
    this.requestSync('start');
  }

  /** Running without timers or the outbox watch: runs happen on syncNow() and pokes (tests, the bench). */
  startManual(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.watchPokes();
  }

  /** Stops timers and pokes; a run in flight is abandoned at its next await (its ops resend later). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.debounceTimer = null;
    this.retryTimer = null;
    this.pokes.close();
  }

  get isRunning(): boolean {
    return !this.stopped;
  }

  requestSync(trigger: SyncTrigger): void {
    if (this.stopped) return;
    if (trigger === 'local-write') {
      if (this.debounceTimer) clearTimeout(this.debounceTimer);
      this.debounceTimer = setTimeout(() => {
        this.debounceTimer = null;
        void this.kick(trigger);
      }, this.options.debounceMs);
      return;
    }
    void this.kick(trigger);
  }

  /** Runs a full cycle that starts after this call, and reports how it ended. */
  async syncNow(): Promise<CycleResult> {
    if (this.stopped) return { ok: false, error: 'sync is stopped' };
    await this.kick('manual');
    return this.lastResult;
  }

  status(): SyncStatus {
    const counts = this.outbox.counts();
    let state: SyncState = this.state;
    if (state === 'idle' && counts.parked > 0) state = 'needs_attention';
    return {
      state,
      progress: this.state === 'syncing' ? this.progress : null,
      lastSyncedAt: this.lastSyncedAt(),
      pendingOps: counts.pending + counts.sending,
      needsAttention: counts.parked,
      conflicts: this.conflicts.unresolved(),
      lastError: this.lastError,
      nextRetryAt: this.nextRetryAt === null ? null : new Date(this.nextRetryAt).toISOString(),
    };
  }

  /** Resolves when the cache's indexes are all back after a large first pull. */
  async indexesReady(): Promise<void> {
    await this.pull.indexesReady;
    if (this.lastRun) this.lastRun.indexMs = this.pull.indexMs;
  }

  /** Pulls the account's orgs alone (sign-in shows them before the first full run). */
  async pullMemberships(): Promise<boolean> {
    try {
      const memberships = await this.call(() => this.deps.remote.memberships());
      this.memberships.apply(this.deps.user, memberships);
      this.watchPokes();
      return true;
    } catch (error) {
      this.deps.logger.info('sync memberships not pulled yet', { error: asSyncError(error).message });
      return false;
    }
  }

  lastSyncedAt(): string | null {
    const row = this.deps.db.prepare("SELECT value FROM sync_meta WHERE key = 'last_synced_at'").get() as { value: string } | undefined;
    return row?.value ?? null;
  }

  private every(ms: number, task: () => void): void {
    const timer = setInterval(task, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private watchPokes(): void {
    const orgIds = this.memberships.syncedOrgIds();
    const key = orgIds.join(',');
    if (key === this.watchedOrgs) return;
    this.watchedOrgs = key;
    this.pokes.watch(orgIds, { onPoke: () => this.requestSync('poke'), onReconnect: () => this.requestSync('reconnect') });
  }

  private kick(trigger: SyncTrigger): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.retryTimer && trigger !== 'retry') {
      // A new reason to sync (a poke, a write) is also the best reconnect probe: try now.
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (this.stopped) return;
      this.lastResult = await this.runOnce();
    } while (this.again && !this.stopped);
  }

  private async runOnce(): Promise<CycleResult> {
    try {
      this.state = 'syncing';
      await this.cycle();
      if (this.stopped) return { ok: false, error: 'stopped' };
      const wasFailing = this.failures > 0;
      this.failures = 0;
      this.state = 'idle';
      this.lastError = null;
      this.nextRetryAt = null;
      if (wasFailing) this.deps.logger.info('sync reconnected');
      this.deps.onSynced?.();
      return { ok: true };
    } catch (error) {
      const failure = asSyncError(error);
      if (this.stopped) return { ok: false, error: failure.message };
      this.lastError = failure.message;
      if (failure.kind === 'signed-out') {
        this.state = 'error';
        this.lastError = 'The session expired: sign in again to keep syncing';
        this.deps.onSignedOut?.();
        return { ok: false, error: this.lastError };
      }
      this.state = failure.kind === 'offline' ? 'offline' : 'error';
      const delay = fullJitterDelay(this.failures, this.options.backoff, this.random, failure.retryAfterMs);
      this.failures += 1;
      this.nextRetryAt = Date.now() + delay;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.requestSync('retry');
      }, delay);
      this.retryTimer.unref();
      this.deps.logger.warn('sync failed; will retry', { kind: failure.kind, status: failure.status, retryInMs: delay, error: failure.message });
      return { ok: false, error: failure.message };
    } finally {
      this.progress = null;
    }
  }

  /**
   * One request, refreshing the session once on a 401, and sent once more at once when a reused
   * keep-alive connection turned out to be closed by the server (every sync RPC is safe to resend:
   * pushes through the op ledger, pulls only read).
   */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const failure = asSyncError(error);
      if (failure.kind === 'offline' && isStaleConnection(failure.message) && !this.stopped) return request();
      if (failure.kind !== 'auth' || !this.deps.refreshSession) throw failure;
      await this.deps.refreshSession();
      try {
        return await request();
      } catch (retryError) {
        const again = asSyncError(retryError);
        throw again.kind === 'auth' ? new SyncRequestError('retryable', again.message, again.status) : again;
      }
    }
  }

  private async cycle(): Promise<void> {
    const counts = this.outbox.counts();
    const progress: SyncProgress = { phase: 'memberships', pushed: 0, pulled: 0, pending: counts.pending + counts.sending };
    this.progress = progress;
    const context: PhaseContext = { call: (request) => this.call(request), stopped: () => this.stopped, progress };
    const memberships = await this.call(() => this.deps.remote.memberships());
    if (this.stopped) return;
    const { joined, left } = this.memberships.apply(this.deps.user, memberships);
    if (joined.length > 0 || left.length > 0) this.deps.logger.info('sync memberships changed', { joined: joined.length, left: left.length });
    this.watchPokes();

    progress.phase = 'push';
    const pushStarted = performance.now();
    const changedOrgs = await this.push.run(context);
    if (this.stopped) return;
    if (changedOrgs.length > 0) this.pokes.poke(changedOrgs);

    progress.phase = 'pull';
    const pullStarted = performance.now();
    await this.pull.run(context);
    if (this.stopped) return;
    this.lastRun = {
      pushMs: pullStarted - pushStarted,
      pullMs: performance.now() - pullStarted,
      indexMs: this.pull.indexMs,
      pushed: progress.pushed,
      pulled: progress.pulled,
    };
    this.applying.run(() => {
      this.applier.retryDeferred();
      this.deps.db.prepare("INSERT INTO sync_meta (key, value) VALUES ('last_synced_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(nowIso());
    });
  }
}
