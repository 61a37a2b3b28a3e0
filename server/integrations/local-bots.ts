import { join } from 'node:path';
import type { BotSpawner } from '../bot-runner/bot-process.js';
import { LocalBotRunner } from '../bot-runner/local-bot-runner.js';
import type { ProviderEndpoints } from '../providers/provider-endpoints.js';
import type { Logger } from '../runtime/logger.js';
import type { CredentialVault } from '../secrets/credential-vault.js';

export interface LocalBotsOptions {
  /** The built bot, `dist/bot/main.js`. */
  entry: string;
  maxConcurrent?: number;
  /** More environment for every bot (e.g. BOT_MEDIA_HOST, CHROMIUM_PATH). */
  env?: Record<string, string>;
  /** Starts bot processes; this process's own Node by default (Electron passes its utility process). */
  spawner?: BotSpawner;
  /** Shows a bot's media page (`BOT_MEDIA_HOST=external`), e.g. in a hidden Electron window; null closes it. */
  onMediaPage?: (request: { sessionId: string; url: string | null }) => void;
}

/**
 * The desktop's local bot runner, fed the org's provider keys from the keychain at each start
 * (they go to the bot process's environment only, never to a file or a log).
 */
export function createLocalBots(
  options: LocalBotsOptions,
  deps: { vault: CredentialVault; endpoints: ProviderEndpoints; dataDir: string; logger: Logger; onBotStopped: () => void },
): LocalBotRunner {
  return new LocalBotRunner({
    botEntry: options.entry,
    logDir: join(deps.dataDir, 'bot-logs'),
    maxConcurrent: options.maxConcurrent ?? 2,
    // Short enough that the whole server still shuts down within its 5 s budget.
    stopGraceMs: 2000,
    env: options.env,
    ...(options.spawner ? { spawner: options.spawner } : {}),
    ...(options.onMediaPage ? { onMediaPage: options.onMediaPage } : {}),
    logger: deps.logger,
    providerEnv: async ({ orgId }) => {
      const [deepgram, cartesia, openai] = await Promise.all([
        deps.vault.keyFor(orgId, 'deepgram'),
        deps.vault.keyFor(orgId, 'cartesia'),
        deps.vault.keyFor(orgId, 'openai'),
      ]);
      return {
        DEEPGRAM_API_URL: deps.endpoints.deepgram,
        CARTESIA_API_URL: deps.endpoints.cartesia,
        OPENAI_BASE_URL: deps.endpoints.openai,
        ...(deepgram ? { DEEPGRAM_API_KEY: deepgram } : {}),
        ...(cartesia ? { CARTESIA_API_KEY: cartesia } : {}),
        ...(openai ? { OPENAI_API_KEY: openai } : {}),
      };
    },
    onStopped: (event) => {
      if (!event.expected) deps.onBotStopped();
    },
  });
}
