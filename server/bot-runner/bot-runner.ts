import { botLaunchEnvProblem } from '../../contracts/bot-launch-env.js';
import type { ConfigJson } from '../../contracts/config-json.js';

/** Everything a bot needs to run one interview; provider keys are not here (see each runner). */
export interface BotLaunch {
  sessionId: string;
  orgId: string;
  roomUrl: string;
  /** The bot's Daily meeting token (owner). */
  roomToken: string;
  config: ConfigJson;
  /** Where the bot reports statuses and segments. */
  reporting: BotReporting;
  /** The transcript bucket, where a bot that could not deliver everything leaves the rest. */
  archive?: { bucket: string; region: string };
}

/**
 * A bot reports either to a desktop's live-events socket (the local runner, or an ECS bot of the
 * local org through a public address) or to the team's Supabase project with a per-session
 * reporting credential (an ECS bot of a team org: it never needs a desktop).
 */
export type BotReporting =
  | { kind: 'socket'; websocketUrl: string; botToken: string }
  | { kind: 'team'; supabaseUrl: string; anonKey: string; reportToken: string };

/** The reporting part of a bot's environment (names in bot/README.md). */
export function reportingEnv(launch: Pick<BotLaunch, 'orgId' | 'reporting' | 'archive'>): Record<string, string> {
  const { reporting, archive } = launch;
  const env: Record<string, string> =
    reporting.kind === 'socket'
      ? { WEBSOCKET_URL: reporting.websocketUrl, BOT_TOKEN: reporting.botToken }
      : { SUPABASE_URL: reporting.supabaseUrl, SUPABASE_ANON_KEY: reporting.anonKey, BOT_REPORT_TOKEN: reporting.reportToken, ORG_ID: launch.orgId };
  if (archive?.bucket) {
    env.ORG_ID = launch.orgId;
    env.TRANSCRIPT_S3_BUCKET = archive.bucket;
    if (archive.region) env.AWS_REGION = archive.region;
  }
  return env;
}

/**
 * A bot's whole per-session environment, as both runners set it (a child's environment, a task's
 * container overrides), checked with the schema the bot reads it with (contracts/bot-launch-env.ts):
 * a launch the bot would refuse fails here, on the desktop, instead of in a container.
 */
export function launchEnvironment(launch: BotLaunch, transport?: 'daily' | 'local'): Record<string, string> {
  const env: Record<string, string> = {
    SESSION_ID: launch.sessionId,
    DAILY_ROOM_URL: launch.roomUrl,
    DAILY_ROOM_TOKEN: launch.roomToken,
    BOT_CONFIG: JSON.stringify(launch.config),
    ...reportingEnv(launch),
    ...(transport ? { BOT_TRANSPORT: transport } : {}),
  };
  const problem = botLaunchEnvProblem(env);
  if (problem) throw new Error(`The bot's launch environment is not valid: ${problem}`);
  return env;
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
