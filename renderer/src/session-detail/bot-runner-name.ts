import type { BotRunnerKind } from '../../../contracts/integrations.js';
import { botRunnerKinds } from '../../../contracts/integrations.js';

const names: Record<BotRunnerKind, string> = { local: 'on this computer (local runner)', ecs: 'on AWS ECS' };

/** Where the bot runs, for a sentence: "Dispatch the interview bot on AWS ECS". */
export function runnerPlace(kind: BotRunnerKind): string {
  return names[kind];
}

/** The runner the server recorded on a started session (`sessionMetadata.botRunner`), if any. */
export function recordedRunner(sessionMetadata: Record<string, unknown>): BotRunnerKind | null {
  const value = sessionMetadata.botRunner;
  return (botRunnerKinds as readonly unknown[]).includes(value) ? (value as BotRunnerKind) : null;
}
