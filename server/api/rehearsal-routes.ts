import type { RehearsalStarted, RehearsalStatus } from '../../contracts/rehearsal.js';
import type { LocalBotRunner, RehearsalBot } from '../bot-runner/local-bot-runner.js';
import { BotDispatchError } from '../bot-runner/ecs-bot-runner.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { RequestContext, Router } from '../http/router.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { ApiDeps } from './api-deps.js';
import { requireVisible } from './org-access.js';
import { pathId } from './route-params.js';

const REHEARSAL_SERVICES = ['deepgram', 'cartesia', 'openai'] as const;
/** Ended rehearsals remembered, so the editor that started one learns how it ended. */
const ENDED_KEPT = 50;

interface RehearsalEntry {
  orgId: string;
  bot: RehearsalBot;
  endedReason: string | null;
}

/**
 * The config editor's Rehearse button: a local bot with the config, talking to the recruiter
 * through a page with their microphone (no Daily room, no session); stopped from here or when done.
 */
export function registerRehearsalRoutes(router: Router, deps: ApiDeps, bots: LocalBotRunner | null, vault: CredentialVault): void {
  const rehearsals = new Map<string, RehearsalEntry>();

  const visibleRehearsal = (ctx: RequestContext): RehearsalEntry => {
    const entry = rehearsals.get(ctx.params.id ?? '');
    if (!entry) throw notFound('Rehearsal');
    requireVisible(deps.stores.memberships, ctx.user, entry.orgId, 'Rehearsal');
    return entry;
  };
  const statusOf = (id: string, entry: RehearsalEntry): RehearsalStatus => ({ id, state: entry.endedReason === null ? 'running' : 'ended', endedReason: entry.endedReason });

  router.add('POST', '/api/voice/configs/:id/rehearse', async (ctx) => {
    const config = deps.stores.configs.get(pathId(ctx));
    if (!config) throw notFound('Config');
    requireVisible(deps.stores.memberships, ctx.user, config.orgId, 'Config');
    if (!bots) throw new ApiFailure(409, 'NO_BOT_RUNNER', 'Rehearsals need the local bot runner, which this server was started without');
    const missing: string[] = [];
    for (const service of REHEARSAL_SERVICES) if (!(await vault.keyFor(config.orgId, service))) missing.push(service);
    if (missing.length > 0) {
      throw new ApiFailure(409, 'NOT_CONFIGURED', `A rehearsal needs API keys for ${missing.join(', ')}: add them in Settings > Keys`, { missing });
    }
    let rehearsal: RehearsalBot;
    try {
      rehearsal = await bots.startRehearsal(config.configJson, config.orgId);
    } catch (error) {
      if (error instanceof BotDispatchError) throw new ApiFailure(502, 'PROVIDER_ERROR', error.message);
      throw error;
    }
    const entry: RehearsalEntry = { orgId: config.orgId, bot: rehearsal, endedReason: null };
    rehearsals.set(rehearsal.handle.id, entry);
    void rehearsal.exited.then((event) => {
      entry.endedReason = event.reason;
      const ended = [...rehearsals].filter(([, other]) => other.endedReason !== null);
      for (const [id] of ended.slice(0, Math.max(0, ended.length - ENDED_KEPT))) rehearsals.delete(id);
    });
    const started: RehearsalStarted = { id: rehearsal.handle.id, url: rehearsal.url };
    return { status: 201, data: started };
  });

  router.add('GET', '/api/voice/rehearsals/:id', (ctx) => {
    const entry = visibleRehearsal(ctx);
    return { data: statusOf(ctx.params.id ?? '', entry) };
  });

  // Stopping one that has already ended is not an error: the recruiter's intent is met either way.
  router.add('DELETE', '/api/voice/rehearsals/:id', async (ctx) => {
    const entry = visibleRehearsal(ctx);
    if (entry.endedReason === null) await entry.bot.stop();
    return { data: statusOf(ctx.params.id ?? '', entry) };
  });
}
