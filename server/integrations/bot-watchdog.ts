import { z } from 'zod';
import type { BotRunnerKind } from '../../contracts/integrations.js';
import type { RunnerRegistry } from '../bot-runner/runner-registry.js';
import type { StatusEvents } from '../domain/status-events.js';
import { transition } from '../domain/transition.js';
import { nowIso } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';
import type { OrgMode } from '../sync/sync-service.js';
import type { FallbackImporter } from './fallback-import.js';
import type { IntegrationSettingsStore } from '../store/integration-settings-store.js';

/** What the session's metadata says about its bot. */
interface BotMetadata {
  botRunner?: BotRunnerKind;
  /** The installation whose local runner started the bot (a local bot lives and dies with it). */
  botHost?: string;
}

/** Passes a fallback import may fail (S3 unreachable) before the session is ended without it. */
const IMPORT_ATTEMPTS = 3;

const importReply = z.object({ status: z.string() }).loose();

export interface BotWatchdogTeam {
  orgMode: (orgId: string) => OrgMode;
  /** This installation's id (see BotMetadata.botHost). */
  installId: string;
  fallback: FallbackImporter;
}

/**
 * Notices bots that died before their session ended (ECS DescribeTasks, or the local runner's own
 * view) and ends the session with the runner's reason, so nobody waits on a dead interview. Every
 * desktop of a team runs it for the team's ECS sessions (any of them may be the one online); a
 * local bot is watched only by the desktop that runs it. Before ending an ECS session it imports
 * the bot's fallback file from the transcript bucket, if the bot left one: what it said is kept.
 */
export class BotWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly importFailures = new Map<string, number>();

  constructor(
    private readonly stores: Stores,
    private readonly settings: IntegrationSettingsStore,
    private readonly runners: RunnerRegistry,
    private readonly statusEvents: StatusEvents,
    private readonly logger: Logger,
    private readonly team: BotWatchdogTeam | null = null,
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
      const byKind = new Map<BotRunnerKind, StoredVoiceSession[]>();
      for (const row of this.stores.sessions.withLiveBots()) {
        const metadata: BotMetadata = row.sessionMetadata;
        const kind = metadata.botRunner;
        if (!kind || !row.ecsTaskArn || !this.isMine(row, kind, metadata)) continue;
        byKind.set(kind, [...(byKind.get(kind) ?? []), row]);
      }
      const ended: string[] = [];
      const settings = this.settings.effective().settings;
      for (const [kind, sessions] of byKind) {
        const choice = this.runners.byKind(kind, settings);
        if (!choice.runner) continue;
        let states;
        try {
          states = await choice.runner.describe(sessions.map((session) => ({ id: session.ecsTaskArn as string })));
        } catch (error) {
          this.logger.warn('bot watchdog could not reach the runner', { runner: kind, error: String(error) });
          continue;
        }
        for (const session of sessions) {
          const state = states.get(session.ecsTaskArn as string);
          if (state?.kind !== 'stopped') continue;
          if (await this.botStopped(session, kind, state.reason)) ended.push(session.id);
        }
      }
      return ended;
    } finally {
      this.running = false;
    }
  }

  /** ECS bots are anyone's to watch; a local bot only its own desktop's (another desktop's runner never knew it). */
  private isMine(row: StoredVoiceSession, kind: BotRunnerKind, metadata: BotMetadata): boolean {
    if (kind === 'ecs' || !this.team) return true;
    if (metadata.botHost) return metadata.botHost === this.team.installId;
    return this.team.orgMode(row.orgId).kind === 'local';
  }

  private async botStopped(session: StoredVoiceSession, kind: BotRunnerKind, reason: string): Promise<boolean> {
    if (kind === 'ecs' && this.team && !(await this.importFallback(session))) return false;
    const mode = this.team?.orgMode(session.orgId) ?? { kind: 'local' as const };
    if (mode.kind === 'team-signed-out') return false;
    if (mode.kind === 'local') return this.failLocally(session.id, reason);
    // A team session: the project is the authority. Its status may have moved (the bot completed
    // it before its task stopped): pull first, and end it on the project only if it is still live.
    if (!(await mode.team.syncNow())) return false;
    const current = this.stores.sessions.get(session.id);
    if (!current || (current.status !== 'ready' && current.status !== 'active')) return false;
    const ending = current.status === 'active' ? 'failed' : 'cancelled';
    try {
      await mode.team.rpc('voice_import_bot_transcript', { p_session_id: session.id, p_segments: [], p_status: ending, p_reason: `bot stopped: ${reason}` }, importReply);
    } catch (error) {
      this.logger.warn('bot watchdog could not end a team session; will try again', { sessionId: session.id, error: String(error) });
      return false;
    }
    await mode.team.syncNow();
    this.logger.warn('bot stopped before its session ended', { sessionId: session.id, reason, status: ending });
    return true;
  }

  /** True when the session may be ended now: no fallback file, imported, or tried often enough. */
  private async importFallback(session: StoredVoiceSession): Promise<boolean> {
    if (!this.team) return true;
    try {
      await this.team.fallback.importFor(session);
      this.importFailures.delete(session.id);
      return true;
    } catch (error) {
      const failures = (this.importFailures.get(session.id) ?? 0) + 1;
      this.importFailures.set(session.id, failures);
      this.logger.warn('the bot fallback file could not be checked', { sessionId: session.id, attempt: failures, error: String(error) });
      if (failures < IMPORT_ATTEMPTS) return false;
      this.importFailures.delete(session.id);
      return true;
    }
  }

  /**
   * Ends a local session whose bot is gone: failed if the interview was under way; cancelled if it
   * never started, since the lifecycle has no ready -> failed (the reason is kept in the history either way).
   */
  private failLocally(sessionId: string, reason: string): boolean {
    let event;
    try {
      event = transition(this.stores, this.statusEvents, (change) => {
        const current = this.stores.sessions.get(sessionId);
        if (!current || (current.status !== 'ready' && current.status !== 'active')) return null;
        const ending = current.status === 'active' ? 'failed' : 'cancelled';
        return change(current, ending, null, `bot stopped: ${reason}`, nowIso());
      });
    } catch (error) {
      this.logger.error('bot watchdog could not end a session', { sessionId, error: String(error) });
      return false;
    }
    if (!event) return false;
    this.logger.warn('bot stopped before its session ended', { sessionId, reason, status: event.status });
    return true;
  }
}
