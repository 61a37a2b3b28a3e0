import { botLaunchEnv } from '../../contracts/bot-launch-env.js';
import { configJson, type ConfigJson } from '../../contracts/config-json.js';

/**
 * Everything a bot process is told, read from its environment. The container's task definition
 * and the local runner set the same variables: the seed's (SESSION_ID, DAILY_ROOM_URL,
 * DAILY_ROOM_TOKEN, BOT_CONFIG, WEBSOCKET_URL), where it reports (the desktop's socket with the
 * session's bot token, or the team's Supabase project with the session's reporting credential),
 * the S3 fallback, the provider keys, and every provider's base URL (so tests can point them at
 * local fakes).
 */
export interface ProviderSettings {
  deepgram: { apiKey: string; baseUrl: string };
  cartesia: { apiKey: string; baseUrl: string; version: string; modelId: string };
  openai: { apiKey: string; baseUrl: string };
}

export interface BehaviourSettings {
  /**
   * How the wait after Deepgram's endpoint is chosen: `semantic` reads the candidate's words (a
   * finished thought waits little, a trailing one long); `fixed` always waits `turnPatienceMs`.
   */
  turnPatience: 'semantic' | 'fixed';
  /** Extra wait after Deepgram's endpoint before the bot may speak (thinking pauses), when fixed. */
  turnPatienceMs: number;
  /** Deepgram Flux's end-of-turn thresholds (used when the config's transcription model is a Flux one). */
  flux: { eagerEotThreshold: number; eotThreshold: number; eotTimeoutMs: number };
  sttEndpointingMs: number;
  sttUtteranceEndMs: number;
  /** Speech the candidate must make over the bot before it stops (a click or a cough is shorter). */
  bargeInMinSpeechMs: number;
  llmFirstTokenTimeoutMs: number;
  llmTimeoutMs: number;
  llmMaxRetries: number;
  idlePromptMs: number;
  idleEndMs: number;
  /** How long before max_duration_minutes the bot closes at its next turn; null: a fifth, at most 2 min. */
  wrapUpLeadMs: number | null;
  /** How long joining the Daily room may take. */
  joinTimeoutMs: number;
  /** How long the bot waits for the candidate to show up. */
  candidateWaitMs: number;
  rejoinGraceMs: number;
}

export interface BotSettings {
  sessionId: string | null;
  config: ConfigJson;
  transport: 'daily' | 'local';
  daily: { roomUrl: string; roomToken: string } | null;
  /** The desktop's live-events socket (local runner, local-org ECS): WEBSOCKET_URL + BOT_TOKEN. */
  live: { url: string; token: string } | null;
  /** The team's Supabase project (team-org ECS): SUPABASE_URL + SUPABASE_ANON_KEY + BOT_REPORT_TOKEN. */
  team: { supabaseUrl: string; anonKey: string; token: string } | null;
  /** ORG_ID: the session's org (names the S3 fallback file). */
  orgId: string | null;
  /** TRANSCRIPT_S3_BUCKET + AWS_REGION: where what reporting could not deliver is saved at the end. */
  archive: { bucket: string; region: string } | null;
  local: { host: string; port: number };
  /** CHROMIUM_PATH; null finds an installed Chrome, Chromium or Edge when the page is opened. */
  chromiumPath: string | null;
  /** More Chromium flags, space-separated (e.g. a proxy or host-resolver rules for the call page). */
  chromiumArgs: string[];
  /** Who shows the Daily page: `chromium` (headless, ours) or `external` (the desktop's hidden window). */
  mediaHost: 'chromium' | 'external';
  providers: ProviderSettings;
  behaviour: BehaviourSettings;
  /** How often the process prints a heartbeat line on stdout (the local runner's liveness check). */
  heartbeatMs: number;
  logLevel: string | undefined;
}

export class SettingsError extends Error {}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = text(env, name);
  if (value === undefined) throw new SettingsError(`${name} is required`);
  return value;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, scale = 1): number {
  const value = text(env, name);
  if (value === undefined) return fallback * scale;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new SettingsError(`${name} must be a number >= 0 (got "${value}")`);
  return parsed * scale;
}

function readConfig(raw: string): ConfigJson {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new SettingsError('BOT_CONFIG is not valid JSON');
  }
  const parsed = configJson.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`).join('; ');
    throw new SettingsError(`BOT_CONFIG is not a valid interview config: ${issues}`);
  }
  return parsed.data;
}

/** Semantic unless chosen, or unless a fixed wait is given (BOT_TURN_PATIENCE_MS alone keeps its old meaning). */
function readTurnPatience(env: NodeJS.ProcessEnv): 'semantic' | 'fixed' {
  const value = text(env, 'BOT_TURN_PATIENCE');
  if (value === undefined) return text(env, 'BOT_TURN_PATIENCE_MS') === undefined ? 'semantic' : 'fixed';
  if (value === 'semantic' || value === 'fixed') return value;
  throw new SettingsError(`BOT_TURN_PATIENCE must be semantic or fixed (got "${value}")`);
}

function between(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = number(env, name, fallback);
  if (value < min || value > max) throw new SettingsError(`${name} must be between ${min} and ${max} (got "${value}")`);
  return value;
}

function readMediaHost(value: string | undefined): 'chromium' | 'external' {
  if (value === undefined || value === 'chromium' || value === 'external') return value ?? 'chromium';
  throw new SettingsError(`BOT_MEDIA_HOST must be chromium or external (got "${value}")`);
}

export function readBotSettings(env: NodeJS.ProcessEnv = process.env): BotSettings {
  // The per-session part (ids, transport, room, where it reports, the S3 fallback) is the launch
  // environment the runners build with the same schema (contracts/bot-launch-env.ts).
  const parsed = botLaunchEnv.safeParse(env);
  if (!parsed.success) throw new SettingsError(parsed.error.issues[0]?.message ?? 'invalid launch environment');
  const launch = parsed.data;
  return {
    sessionId: launch.sessionId,
    orgId: launch.orgId,
    team: launch.team,
    archive: launch.archive,
    config: readConfig(launch.configText),
    transport: launch.transport,
    daily: launch.daily,
    live: launch.live,
    local: { host: text(env, 'BOT_LOCAL_HOST') ?? '127.0.0.1', port: number(env, 'BOT_LOCAL_PORT', 0) },
    chromiumPath: text(env, 'CHROMIUM_PATH') ?? null,
    chromiumArgs: (text(env, 'CHROMIUM_EXTRA_ARGS') ?? '').split(/\s+(?=--)/).filter(Boolean),
    mediaHost: readMediaHost(text(env, 'BOT_MEDIA_HOST')),
    providers: {
      deepgram: { apiKey: required(env, 'DEEPGRAM_API_KEY'), baseUrl: text(env, 'DEEPGRAM_API_URL') ?? 'wss://api.deepgram.com' },
      cartesia: {
        apiKey: required(env, 'CARTESIA_API_KEY'),
        baseUrl: text(env, 'CARTESIA_API_URL') ?? 'wss://api.cartesia.ai',
        version: text(env, 'CARTESIA_VERSION') ?? '2025-11-04',
        modelId: text(env, 'CARTESIA_MODEL') ?? 'sonic-3',
      },
      openai: { apiKey: required(env, 'OPENAI_API_KEY'), baseUrl: text(env, 'OPENAI_BASE_URL') ?? 'https://api.openai.com/v1' },
    },
    behaviour: {
      turnPatience: readTurnPatience(env),
      turnPatienceMs: number(env, 'BOT_TURN_PATIENCE_MS', 600),
      // Deepgram's ranges (protocols.md): eager 0.3-0.9, end of turn 0.5-1.0, timeout 500-60000 ms.
      flux: {
        eagerEotThreshold: between(env, 'BOT_FLUX_EAGER_EOT_THRESHOLD', 0.5, 0.3, 0.9),
        eotThreshold: between(env, 'BOT_FLUX_EOT_THRESHOLD', 0.7, 0.5, 1),
        eotTimeoutMs: between(env, 'BOT_FLUX_EOT_TIMEOUT_MS', 5000, 500, 60_000),
      },
      sttEndpointingMs: number(env, 'BOT_STT_ENDPOINTING_MS', 300),
      sttUtteranceEndMs: number(env, 'BOT_STT_UTTERANCE_END_MS', 1000),
      bargeInMinSpeechMs: number(env, 'BOT_BARGE_IN_MIN_SPEECH_MS', 90),
      llmFirstTokenTimeoutMs: number(env, 'BOT_LLM_FIRST_TOKEN_TIMEOUT_MS', 3000),
      llmTimeoutMs: number(env, 'BOT_LLM_TIMEOUT_MS', 15_000),
      llmMaxRetries: number(env, 'BOT_LLM_MAX_RETRIES', 0),
      idlePromptMs: number(env, 'BOT_IDLE_PROMPT_SECONDS', 15, 1000),
      idleEndMs: number(env, 'BOT_IDLE_END_SECONDS', 45, 1000),
      wrapUpLeadMs: text(env, 'BOT_WRAP_UP_LEAD_SECONDS') === undefined ? null : number(env, 'BOT_WRAP_UP_LEAD_SECONDS', 0, 1000),
      joinTimeoutMs: number(env, 'BOT_JOIN_TIMEOUT_SECONDS', 30, 1000),
      candidateWaitMs: number(env, 'BOT_CANDIDATE_WAIT_SECONDS', 600, 1000),
      rejoinGraceMs: number(env, 'BOT_REJOIN_GRACE_SECONDS', 60, 1000),
    },
    heartbeatMs: Math.max(100, number(env, 'BOT_HEARTBEAT_MS', 5000)),
    logLevel: text(env, 'BOT_LOG_LEVEL'),
  };
}
