import type { BotRunnerKind } from '../../contracts/integrations.js';
import type { RunnerRegistry } from '../bot-runner/runner-registry.js';
import { changeStatus } from '../domain/session-lifecycle.js';
import type { StatusEvents } from '../domain/status-events.js';
import { nowIso } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Stores } from '../store/stores.js';
import type { IntegrationSettingsStore } from './integration-settings.js';

/**
 * Notices bots that died before their session ended (ECS DescribeTasks, or the local runner's own
 * view) and fails the session with the runner's reason, so nobody waits on a dead interview.
 */
export class BotWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly stores: Stores,
    private readonly settings: IntegrationSettingsStore,
    private readonly runners: RunnerRegistry,
    private readonly statusEvents: StatusEvents,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass; also called when a local bot exits. Returns the sessions it ended. */
  async check(): Promise<string[]> {
    if (this.running) return [];
    this.running = true;
    try {
      const byKind = new Map<BotRunnerKind, { sessionId: string; handle: string }[]>();
      for (const row of this.stores.sessions.withLiveBots()) {
        const kind = (JSON.parse(row.session_metadata) as { botRunner?: BotRunnerKind }).botRunner;
        if (!kind || !row.ecs_task_arn) continue;
        byKind.set(kind, [...(byKind.get(kind) ?? []), { sessionId: row.id, handle: row.ecs_task_arn }]);
      }
      const failed: string[] = [];
      const settings = this.settings.effective().settings;
      for (const [kind, sessions] of byKind) {
        const choice = this.runners.byKind(kind, settings);
        if (!choice.runner) continue;
        let states;
        try {
          states = await choice.runner.describe(sessions.map((session) => ({ id: session.handle })));
        } catch (error) {
          this.logger.warn('bot watchdog could not reach the runner', { runner: kind, error: String(error) });
          continue;
        }
        for (const session of sessions) {
          const state = states.get(session.handle);
          if (state?.kind !== 'stopped') continue;
          if (this.failSession(session.sessionId, state.reason)) failed.push(session.sessionId);
        }
      }
      return failed;
    } finally {
      this.running = false;
    }
  }

  /**
   * Ends a session whose bot is gone: failed if the interview was under way; cancelled if it never
   * started, since the lifecycle has no ready -> failed (the reason is kept in the history either way).
   */
  private failSession(sessionId: string, reason: string): boolean {
    let event;
    try {
      event = this.stores.db.transaction(() => {
        const current = this.stores.sessions.get(sessionId);
        if (!current || (current.status !== 'ready' && current.status !== 'active')) return null;
        const ending = current.status === 'active' ? 'failed' : 'cancelled';
        return changeStatus(this.stores, current, ending, null, `bot stopped: ${reason}`, nowIso());
      })();
    } catch (error) {
      this.logger.error('bot watchdog could not end a session', { sessionId, error: String(error) });
      return false;
    }
    if (!event) return false;
    this.statusEvents.emit(event);
    this.logger.warn('bot stopped before its session ended', { sessionId, reason, status: event.status });
    return true;
  }
}
