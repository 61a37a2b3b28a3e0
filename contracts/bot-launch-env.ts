import { z } from 'zod';

/**
 * The bot's launch environment, written once: the per-session variables the local runner and the
 * ECS runner set (as a child process's environment or a task's container overrides) and the bot
 * reads (bot/config/bot-settings.ts). Provider keys and tuning knobs are not here: they come from
 * the runner's own configuration (the server's keychain, the task definition's secrets).
 * A failed parse names the first problem, in the words a person fixing a deployment needs.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `vbr_` + 32 random bytes in base64url (43 characters), as the desktop generates it. */
export const REPORT_TOKEN_PATTERN = /^vbr_[A-Za-z0-9_-]{43}$/;
/** S3's rules for a bucket name (lowercase letters, digits, dots, hyphens; 3..63). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Absent, empty and blank are the same: not set. */
const variable = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const launchVariables = z.object({
  SESSION_ID: variable,
  ORG_ID: variable,
  BOT_TRANSPORT: variable,
  DAILY_ROOM_URL: variable,
  DAILY_ROOM_TOKEN: variable,
  BOT_CONFIG: variable,
  WEBSOCKET_URL: variable,
  BOT_TOKEN: variable,
  SUPABASE_URL: variable,
  SUPABASE_ANON_KEY: variable,
  BOT_REPORT_TOKEN: variable,
  TRANSCRIPT_S3_BUCKET: variable,
  AWS_REGION: variable,
  AWS_DEFAULT_REGION: variable,
});

export const BOT_LAUNCH_VARIABLES = Object.keys(launchVariables.shape) as (keyof typeof launchVariables.shape)[];

/** What a bot is launched for, as the bot uses it. */
export interface BotLaunchSettings {
  sessionId: string | null;
  orgId: string | null;
  transport: 'daily' | 'local';
  daily: { roomUrl: string; roomToken: string } | null;
  /** The raw BOT_CONFIG text (the bot parses it with contracts/config-json.ts). */
  configText: string;
  /** The desktop's live-events socket: WEBSOCKET_URL + BOT_TOKEN. */
  live: { url: string; token: string } | null;
  /** The team's Supabase project: SUPABASE_URL + SUPABASE_ANON_KEY + BOT_REPORT_TOKEN. */
  team: { supabaseUrl: string; anonKey: string; token: string } | null;
  /** TRANSCRIPT_S3_BUCKET + AWS_REGION: where what reporting could not deliver is saved at the end. */
  archive: { bucket: string; region: string } | null;
}

type Variables = z.output<typeof launchVariables>;

/** The rules across variables, in the order a reader of the error should fix them; the first broken one is reported. */
function launchSettings(env: Variables): BotLaunchSettings | string {
  const transport = env.BOT_TRANSPORT ?? (env.DAILY_ROOM_URL ? 'daily' : 'local');
  if (transport !== 'daily' && transport !== 'local') return `BOT_TRANSPORT must be daily or local (got "${transport}")`;
  if ((env.WEBSOCKET_URL === undefined) !== (env.BOT_TOKEN === undefined)) return 'WEBSOCKET_URL and BOT_TOKEN go together';
  if (env.WEBSOCKET_URL && !env.SESSION_ID) return 'SESSION_ID is required with WEBSOCKET_URL';
  const teamGiven = [env.SUPABASE_URL, env.SUPABASE_ANON_KEY, env.BOT_REPORT_TOKEN].filter((value) => value !== undefined).length;
  let team: BotLaunchSettings['team'] = null;
  if (teamGiven > 0) {
    if (teamGiven < 3) return 'SUPABASE_URL, SUPABASE_ANON_KEY and BOT_REPORT_TOKEN go together';
    if (env.WEBSOCKET_URL) return 'set either SUPABASE_URL (team reporting) or WEBSOCKET_URL (the desktop socket), not both';
    const url = env.SUPABASE_URL as string;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `SUPABASE_URL is not a URL (got "${url}")`;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `SUPABASE_URL must be http(s) (got "${parsed.protocol}")`;
    // The token's value never goes into an error: errors are logged.
    if (!REPORT_TOKEN_PATTERN.test(env.BOT_REPORT_TOKEN as string)) return 'BOT_REPORT_TOKEN must be vbr_ followed by 43 base64url characters';
    team = { supabaseUrl: url.replace(/\/+$/, ''), anonKey: env.SUPABASE_ANON_KEY as string, token: env.BOT_REPORT_TOKEN as string };
  }
  let archive: BotLaunchSettings['archive'] = null;
  if (env.TRANSCRIPT_S3_BUCKET !== undefined) {
    if (!BUCKET.test(env.TRANSCRIPT_S3_BUCKET)) return `TRANSCRIPT_S3_BUCKET is not a valid bucket name (got "${env.TRANSCRIPT_S3_BUCKET}")`;
    // ECS always sets AWS_REGION; elsewhere the server's default, rather than a bot that will not start.
    archive = { bucket: env.TRANSCRIPT_S3_BUCKET, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1' };
  }
  // Team reporting and the S3 fallback name the session and org in what they write.
  const needsIds = team !== null || archive !== null;
  const why = team !== null ? 'with SUPABASE_URL' : 'with TRANSCRIPT_S3_BUCKET';
  const ids: { SESSION_ID: string | null; ORG_ID: string | null } = { SESSION_ID: env.SESSION_ID ?? null, ORG_ID: env.ORG_ID ?? null };
  if (needsIds) {
    for (const name of ['SESSION_ID', 'ORG_ID'] as const) {
      const value = env[name];
      if (value === undefined) return `${name} is required ${why}`;
      if (!UUID.test(value)) return `${name} must be a UUID (got "${value}")`;
      ids[name] = value.toLowerCase();
    }
  }
  if (env.BOT_CONFIG === undefined) return 'BOT_CONFIG is required';
  let daily: BotLaunchSettings['daily'] = null;
  if (transport === 'daily') {
    if (env.DAILY_ROOM_URL === undefined) return 'DAILY_ROOM_URL is required';
    if (env.DAILY_ROOM_TOKEN === undefined) return 'DAILY_ROOM_TOKEN is required';
    daily = { roomUrl: env.DAILY_ROOM_URL, roomToken: env.DAILY_ROOM_TOKEN };
  }
  return {
    sessionId: ids.SESSION_ID,
    orgId: ids.ORG_ID,
    transport,
    daily,
    configText: env.BOT_CONFIG,
    live: env.WEBSOCKET_URL && env.BOT_TOKEN ? { url: env.WEBSOCKET_URL, token: env.BOT_TOKEN } : null,
    team,
    archive,
  };
}

/** The one schema: the launch variables, checked together, as the bot's launch settings. */
export const botLaunchEnv = launchVariables.transform((env, ctx): BotLaunchSettings => {
  const settings = launchSettings(env);
  if (typeof settings === 'string') {
    ctx.addIssue({ code: 'custom', message: settings });
    return z.NEVER;
  }
  return settings;
});

/** The first problem of a launch environment, or null when the bot can be launched with it. */
export function botLaunchEnvProblem(env: Record<string, string | undefined>): string | null {
  const result = botLaunchEnv.safeParse(env);
  return result.success ? null : (result.error.issues[0]?.message ?? 'invalid launch environment');
}
