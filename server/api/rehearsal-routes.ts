import type { RehearsalStarted } from '../../contracts/rehearsal.js';
import type { LocalBotRunner, RehearsalBot } from '../bot-runner/local-bot-runner.js';
import { BotDispatchError } from '../bot-runner/ecs-bot-runner.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { Router } from '../http/router.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { ApiDeps } from './api-deps.js';
import { requireVisible } from './org-access.js';
import { pathId } from './route-params.js';

const REHEARSAL_SERVICES = ['deepgram', 'cartesia', 'openai'] as const;

/**
 * The config editor's Rehearse button: a local bot with the config, talking to the recruiter
 * through a page with their microphone (no Daily room, no session); stopped from here or when done.
 */
export function registerRehearsalRoutes(router: Router, deps: ApiDeps, bots: LocalBotRunner | null, vault: CredentialVault): void {
  const running = new Map<string, RehearsalBot>();

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
    running.set(rehearsal.handle.id, rehearsal);
    void rehearsal.exited.finally(() => running.delete(rehearsal.handle.id));
    const started: RehearsalStarted = { id: rehearsal.handle.id, url: rehearsal.url };
    return { status: 201, data: started };
  });

  router.add('DELETE', '/api/voice/rehearsals/:id', async (ctx) => {
    const id = ctx.params.id ?? '';
    const rehearsal = running.get(id);
    if (!rehearsal) throw notFound('Rehearsal');
    await rehearsal.stop();
    return { data: { id, stopped: true } };
  });
}
