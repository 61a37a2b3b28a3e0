import type { BotRunnerKind, IntegrationSettings } from '../../contracts/integrations.js';
import type { BotRunner } from './bot-runner.js';
import { EcsBotRunner, missingEcsSettings } from './ecs-bot-runner.js';

export type RunnerChoice = { runner: BotRunner } | { runner: null; reason: string };

/**
 * Which runner starts bots, from the effective settings. The local runner is provided by the
 * process that can spawn bots (the desktop); ECS is built from its settings when they are complete.
 */
export class RunnerRegistry {
  private ecs: { key: string; runner: EcsBotRunner } | null = null;

  constructor(private readonly localRunner: BotRunner | null = null) {}

  choose(settings: IntegrationSettings): RunnerChoice {
    if (!settings.botRunner) {
      return { runner: null, reason: 'No bot runner configured: choose Local or ECS in Settings > Integrations, or set VOICE_BOT_RUNNER' };
    }
    return this.byKind(settings.botRunner, settings);
  }

  byKind(kind: BotRunnerKind, settings: IntegrationSettings): RunnerChoice {
    if (kind === 'local') {
      return this.localRunner
        ? { runner: this.localRunner }
        : { runner: null, reason: 'The local bot runner is not available in this process' };
    }
    const missing = missingEcsSettings(settings.ecs);
    if (missing.length > 0) return { runner: null, reason: `ECS settings are incomplete: set ${missing.join(', ')}` };
    const key = JSON.stringify(settings.ecs);
    if (!this.ecs || this.ecs.key !== key) this.ecs = { key, runner: new EcsBotRunner(settings.ecs) };
    return { runner: this.ecs.runner };
  }
}
