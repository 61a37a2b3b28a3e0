import type { ConfigJson } from '../../contracts/config-json.js';

/** Everything a bot needs to run one interview; provider keys are not here (see each runner). */
export interface BotLaunch {
  sessionId: string;
  orgId: string;
  roomUrl: string;
  /** The bot's Daily meeting token (owner). */
  roomToken: string;
  config: ConfigJson;
  /** The server's live-events WebSocket URL and the session's bot token for it. */
  websocketUrl: string;
  botToken: string;
}

export interface BotHandle {
  /** ECS task ARN, or a local process id such as `local:12345`. */
  id: string;
}

export type BotState = { kind: 'running' } | { kind: 'stopped'; reason: string };

/**
 * Starts and stops interview bots. The ECS runner dispatches Fargate tasks; the local runner
 * spawns a bot process on this machine. The start flow and the watchdog only see this interface.
 */
export interface BotRunner {
  readonly kind: 'ecs' | 'local';
  start(launch: BotLaunch): Promise<BotHandle>;
  stop(handle: BotHandle, reason: string): Promise<void>;
  /** Where the bots are now; handles the runner does not know are reported stopped. */
  describe(handles: BotHandle[]): Promise<Map<string, BotState>>;
}
