import { z } from 'zod';
import type { BotRunnerKind, IntegrationSettings } from '../../contracts/integrations.js';
import type { BotHandle, BotReporting, BotRunner } from '../bot-runner/bot-runner.js';
import { BotCapacityError } from '../bot-runner/local-bot-runner.js';
import type { RunnerRegistry } from '../bot-runner/runner-registry.js';
import { configForSession } from '../domain/session-config.js';
import { DomainError } from '../domain/domain-error.js';
import type { StatusEvents } from '../domain/status-events.js';
import { transition } from '../domain/transition.js';
import { ApiFailure } from '../http/api-failure.js';
import type { CurrentUser } from '../identity/identity-provider.js';
import { DailyClient, type DailyRoom } from '../providers/daily-client.js';
import type { ProviderEndpoints } from '../providers/provider-endpoints.js';
import { nowIso } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';
import { asSyncError } from '../sync/sync-errors.js';
import { TeamRpcError, type TeamProject } from '../sync/team-project.js';
import type { IntegrationSettingsStore } from '../store/integration-settings-store.js';
import { isUnreachableFromOutside } from './public-address.js';
import { mintReportCredential } from './report-credential.js';

const HOUR_MS = 3_600_000;
const ROOM_LIFETIME_MS = 24 * HOUR_MS;
const OBSERVER_TOKEN_MS = 4 * HOUR_MS;

export interface SessionStarterDeps {
  stores: Stores;
  vault: CredentialVault;
  endpoints: ProviderEndpoints;
  settings: IntegrationSettingsStore;
  runners: RunnerRegistry;
  statusEvents: StatusEvents;
  logger: Logger;
  /** This server's own live-events URL, for bots on this machine. */
  localLiveUrl: () => string;
  /** The signed-in team project when the org is one of its orgs (its ECS bots report there). */
  teamFor: (orgId: string) => TeamProject | null;
  /** This installation's id: a local bot's session names its host, so only that desktop watches it. */
  installId: string;
}

/**
 * How the bot will report, settled before anything changes: a socket on this machine (local
 * runner), a public address of this desktop (an ECS bot of the local org), or the team project
 * with a credential the project already accepted (an ECS bot of a team org).
 */
type ReportingPlan =
  | { kind: 'this-desktop' }
  | { kind: 'public-socket'; websocketUrl: string }
  | { kind: 'team'; team: TeamProject; reporting: Extract<BotReporting, { kind: 'team' }> };

const issuedCredential = z.object({ expires_at: z.string() });

const NEEDS_REACHABLE_ADDRESS =
  'A bot on ECS cannot reach this desktop. Sign in to your team project (Settings > Account) so ECS bots report there, ' +
  'or set a public WebSocket address for this console, such as a tunnel (Settings > Integrations, VOICE_PUBLIC_WS_URL)';

/** What the session's metadata records about its bot, so cleanup and the watchdog find its runner. */
interface BotMetadata {
  botRunner?: BotRunnerKind;
  startError?: string;
}

function metadataOf(session: StoredVoiceSession): Record<string, unknown> & BotMetadata {
  return session.sessionMetadata;
}

/**
 * The start flow (seed 3.1, 5.1, 5.2, 6.1): a private Daily room, meeting tokens for the bot, the
 * candidate and observers, the bot's live-events token, the bot dispatched through a runner, and
 * the session moved to ready. Any failing step leaves the session consistent: the room is removed
 * again and the session is failed with the reason in its metadata.
 */
export class SessionStarter {
  private readonly starting = new Set<string>();

  constructor(private readonly deps: SessionStarterDeps) {}

  async start(session: StoredVoiceSession, user: CurrentUser): Promise<StoredVoiceSession> {
    if (session.status !== 'pending' && session.status !== 'ready') {
      throw new ApiFailure(409, 'INVALID_TRANSITION', `Only a pending or ready session can be started (it is ${session.status})`);
    }
    if (session.status === 'ready' && session.ecsTaskArn) {
      throw new ApiFailure(409, 'INVALID_TRANSITION', 'The session has already been started; its bot is running');
    }
    if (this.starting.has(session.id)) throw new ApiFailure(409, 'INVALID_TRANSITION', 'The session is already being started');
    const { settings } = this.deps.settings.effective();
    const choice = this.deps.runners.choose(settings);
    if (!choice.runner) throw new ApiFailure(409, 'NO_BOT_RUNNER', choice.reason);
    const dailyKey = await this.deps.vault.keyFor(session.orgId, 'daily');
    if (!dailyKey) throw new ApiFailure(409, 'NOT_CONFIGURED', 'No Daily API key for this organization: add one in Settings > Keys');

    this.starting.add(session.id);
    try {
      const plan = await this.planReporting(session, choice.runner, settings);
      return await this.run(session, user, choice.runner, new DailyClient(this.deps.endpoints.daily, dailyKey), plan, settings);
    } finally {
      this.starting.delete(session.id);
    }
  }

  /**
   * The start rules: no bot is ever given an address it cannot reach. A refusal here (409, or 503
   * when the team project is unreachable) comes before any change: no room, no token, no status.
   */
  private async planReporting(session: StoredVoiceSession, runner: BotRunner, settings: IntegrationSettings): Promise<ReportingPlan> {
    if (runner.kind === 'local') return { kind: 'this-desktop' };
    const team = this.deps.teamFor(session.orgId);
    if (!team) {
      const address = settings.publicWebSocketUrl;
      if (!address) throw new ApiFailure(409, 'PUBLIC_ADDRESS_REQUIRED', `${NEEDS_REACHABLE_ADDRESS}.`, { reason: 'NO_PUBLIC_ADDRESS' });
      if (isUnreachableFromOutside(address)) {
        throw new ApiFailure(409, 'PUBLIC_ADDRESS_REQUIRED', `${NEEDS_REACHABLE_ADDRESS}: ${address} only reaches the machine that dials it.`, {
          reason: 'LOOPBACK_PUBLIC_ADDRESS',
        });
      }
      return { kind: 'public-socket', websocketUrl: address };
    }
    // The bot reports to the project about this session: the project must have its row first.
    await team.pushRow('voice_sessions', session.id);
    const credential = mintReportCredential();
    try {
      await team.rpc('voice_issue_bot_credential', { p_session_id: session.id, p_token_hash: credential.hash }, issuedCredential);
    } catch (error) {
      const failure = asSyncError(error);
      if (failure instanceof TeamRpcError || (failure.status >= 400 && failure.status < 500)) {
        throw new ApiFailure(409, 'TEAM_REFUSED', `The team project refused a reporting credential for this session: ${failure.message}`, { reason: 'CREDENTIAL_REFUSED' });
      }
      throw new ApiFailure(503, 'TEAM_UNREACHABLE', `The team project cannot be reached right now (${failure.message}); nothing was started: try again when it is back`, {
        reason: 'PROJECT_UNREACHABLE',
      });
    }
    return { kind: 'team', team, reporting: { kind: 'team', supabaseUrl: team.projectUrl, anonKey: team.anonKey, reportToken: credential.token } };
  }

  private async run(session: StoredVoiceSession, user: CurrentUser, runner: BotRunner, daily: DailyClient, plan: ReportingPlan, settings: IntegrationSettings): Promise<StoredVoiceSession> {
    const { stores } = this.deps;
    const config = configForSession(stores, session);
    const now = new Date();
    const roomExpiry = new Date(now.getTime() + ROOM_LIFETIME_MS);
    let room: DailyRoom | null = null;
    let handle: BotHandle | null = null;
    try {
      room = await daily.createRoom({ name: `voice-${session.id}`, expiresAt: roomExpiry, maxParticipants: 3 });
      const botExpiry = new Date(now.getTime() + (config.interview.max_duration_minutes + 30) * 60_000);
      const botRoomToken = await daily.createMeetingToken({
        roomName: room.name,
        isOwner: true,
        userName: config.bot_name,
        userId: `bot-${session.id}`,
        expiresAt: botExpiry,
      });
      const candidateToken = await daily.createMeetingToken({
        roomName: room.name,
        isOwner: false,
        userName: session.candidateName ?? 'Candidate',
        userId: `candidate-${session.id}`,
        expiresAt: roomExpiry,
      });
      let reporting: BotReporting;
      if (plan.kind === 'team') reporting = plan.reporting;
      else {
        const botToken = stores.botTokens.mint(session.id, now, ROOM_LIFETIME_MS);
        const websocketUrl = plan.kind === 'public-socket' ? plan.websocketUrl : this.deps.localLiveUrl();
        reporting = { kind: 'socket', websocketUrl, botToken: botToken.token };
      }
      const { s3 } = settings;
      handle = await runner.start({
        sessionId: session.id,
        orgId: session.orgId,
        roomUrl: room.url,
        roomToken: botRoomToken,
        config,
        reporting,
        // A bot elsewhere leaves what it could not deliver in the transcript bucket; one on this machine reports here.
        ...(runner.kind === 'ecs' && s3.bucket ? { archive: { bucket: s3.bucket, region: s3.region } } : {}),
      });
      const started = handle;
      const startedRoom = room;
      const at = nowIso();
      transition(stores, this.deps.statusEvents, (change) => {
        const current = stores.sessions.get(session.id);
        if (!current) throw new ApiFailure(404, 'NOT_FOUND', 'Session not found');
        const changes = {
          dailyRoomUrl: startedRoom.url,
          dailyRoomName: startedRoom.name,
          dailyRoomToken: candidateToken,
          ecsTaskArn: started.id,
          sessionMetadata: {
            ...metadataOf(current),
            botRunner: runner.kind,
            botHost: runner.kind === 'local' ? this.deps.installId : undefined,
            startError: undefined,
          },
        };
        if (current.status === 'pending') change(current, 'ready', user.id, `bot dispatched (${runner.kind})`, at, changes);
        else stores.sessions.update(session.id, { ...changes, updatedAt: at, updatedBy: user.id });
      });
      if (plan.kind === 'team') {
        // The bot's first report (active) is legal only after ready: get ready to the project now.
        await plan.team.pushRow('voice_sessions', session.id).catch((error: unknown) => {
          this.deps.logger.warn('the started session is not on the team project yet; sync will send it', { sessionId: session.id, error: String(error) });
        });
      }
      this.deps.logger.info('session started', { sessionId: session.id, runner: runner.kind, reporting: plan.kind, room: room.name });
      return stores.sessions.get(session.id) as StoredVoiceSession;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof BotCapacityError) {
        // Nothing is wrong with the session: this machine is busy. Remove the room, keep it startable.
        await this.release(session, daily, room);
        throw new ApiFailure(409, 'BOT_RUNNER_BUSY', reason);
      }
      await this.undo(session, runner, daily, room, handle, reason);
      // A deliberate refusal (a rule, the keychain, the team project) keeps its own code.
      if (error instanceof DomainError) throw error;
      throw new ApiFailure(502, 'PROVIDER_ERROR', `Could not start the interview: ${reason}`);
    }
  }

  private async release(session: StoredVoiceSession, daily: DailyClient, room: DailyRoom | null): Promise<void> {
    if (room) {
      await daily.deleteRoom(room.name).catch((error: unknown) => {
        this.deps.logger.warn('could not delete the Daily room after a refused start', { sessionId: session.id, error: String(error) });
      });
    }
    this.deps.stores.botTokens.revokeAll(session.id, nowIso());
    this.deps.logger.warn('session start refused: the local runner is at its limit', { sessionId: session.id });
  }

  private async undo(session: StoredVoiceSession, runner: BotRunner, daily: DailyClient, room: DailyRoom | null, handle: BotHandle | null, reason: string): Promise<void> {
    const { stores, logger } = this.deps;
    if (handle) await runner.stop(handle, 'start failed').catch(() => undefined);
    if (room) {
      await daily.deleteRoom(room.name).catch((error: unknown) => {
        logger.warn('could not delete the Daily room after a failed start', { sessionId: session.id, error: String(error) });
      });
    }
    const at = nowIso();
    transition(stores, this.deps.statusEvents, (change) => {
      const current = stores.sessions.get(session.id);
      if (!current || (current.status !== 'pending' && current.status !== 'ready')) return;
      stores.botTokens.revokeAll(session.id, at);
      change(current, 'failed', null, `start failed: ${reason}`, at, { sessionMetadata: { ...metadataOf(current), startError: reason } });
    });
    logger.warn('session start failed', { sessionId: session.id, reason });
  }

  /** A muted observer's way into the call, for the recruiter watching live. */
  async observerJoin(session: StoredVoiceSession, user: CurrentUser): Promise<{ roomUrl: string; token: string; expiresAt: string }> {
    if (!session.dailyRoomName || !session.dailyRoomUrl) {
      throw new ApiFailure(409, 'NOT_CONFIGURED', 'This session has no call yet: start it first');
    }
    if (session.status !== 'ready' && session.status !== 'active') {
      throw new ApiFailure(409, 'SESSION_ENDED', `The call is over (the session is ${session.status})`);
    }
    const key = await this.deps.vault.keyFor(session.orgId, 'daily');
    if (!key) throw new ApiFailure(409, 'NOT_CONFIGURED', 'No Daily API key for this organization: add one in Settings > Keys');
    const expiresAt = new Date(Date.now() + OBSERVER_TOKEN_MS);
    try {
      const token = await new DailyClient(this.deps.endpoints.daily, key).createMeetingToken({
        roomName: session.dailyRoomName,
        isOwner: false,
        userName: `${user.displayName} (observer)`,
        userId: `observer-${user.id}`,
        expiresAt,
        startAudioOff: true,
      });
      return { roomUrl: session.dailyRoomUrl, token, expiresAt: expiresAt.toISOString() };
    } catch (error) {
      throw new ApiFailure(502, 'PROVIDER_ERROR', error instanceof Error ? error.message : String(error));
    }
  }

  /** When a session ends: stop its bot and delete its room (both best effort, logged). */
  async cleanUp(sessionId: string): Promise<void> {
    const row = this.deps.stores.sessions.get(sessionId);
    if (!row) return;
    const kind = metadataOf(row).botRunner;
    if (row.ecsTaskArn && kind) {
      const choice = this.deps.runners.byKind(kind, this.deps.settings.effective().settings);
      if (choice.runner) await choice.runner.stop({ id: row.ecsTaskArn }, `session ${row.status}`);
    }
    if (row.dailyRoomName) {
      const key = await this.deps.vault.keyFor(row.orgId, 'daily');
      if (key) await new DailyClient(this.deps.endpoints.daily, key).deleteRoom(row.dailyRoomName);
    }
  }
}
