import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { Me } from '../../contracts/identity.js';
import type { EcsFake } from '../fakes/ecs-fake.js';
import type { LocalS3 } from './s3-server.js';
import type { ServerProcess } from './server-process.js';
import { signIn, startAppDesktop, type AppDesktop } from './sync-app.js';
import type { SupabaseStack, TestUser } from './supabase-stack.js';

/**
 * Console servers of one team for the issue-10 tests: each is `npm run serve` with its own data
 * dir and keychain, ECS as its bot runner (the ECS fake), the transcript bucket on s3rver, signed
 * in to the test project.
 */
export const DAILY_KEY = 'daily-team-key-0123456789';
export const TASK_DEFINITION = 'arn:aws:ecs:us-east-1:123456789012:task-definition/interview-bot:9';

export function ecsConsoleEnv(ecs: EcsFake, s3: LocalS3 | null, dailyUrl: string): Record<string, string> {
  return {
    DAILY_API_URL: dailyUrl,
    VOICE_BOT_RUNNER: 'ecs',
    VOICE_BOT_WATCH_INTERVAL_MS: '300',
    VOICE_ARCHIVE_POLL_MS: '300',
    AWS_ENDPOINT_URL_ECS: ecs.url,
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'secret-test',
    AWS_REGION: 'us-east-1',
    ECS_CLUSTER_NAME: ecs.clusterName,
    ECS_TASK_DEFINITION_ARN: TASK_DEFINITION,
    ECS_SUBNETS: 'subnet-aaa',
    ECS_SECURITY_GROUPS: 'sg-123',
    ...(s3 ? { ...s3.env, TRANSCRIPT_S3_BUCKET: s3.bucket } : {}),
  };
}

/** A console signed in as `user`; its Daily key (and more keys) stored for the orgs given. */
export async function startTeamConsole(
  stack: SupabaseStack,
  user: TestUser,
  env: Record<string, string>,
  keys: { orgId: string; serviceName: string; apiKey: string }[] = [],
): Promise<AppDesktop> {
  const desktop = await startAppDesktop(env);
  try {
    const signedIn = await signIn(desktop.server, stack, user);
    if (signedIn.status !== 200) throw new Error(`sign-in failed: ${signedIn.status} ${signedIn.text}`);
    for (const key of keys) await storeKey(desktop.server, key.orgId, key.serviceName, key.apiKey);
    return desktop;
  } catch (error) {
    await desktop.stop();
    throw error;
  }
}

export async function storeKey(server: ServerProcess, orgId: string, serviceName: string, apiKey: string): Promise<void> {
  const reply = await server.call('POST', '/api/voice/credentials', { body: { orgId, serviceName, apiKey } });
  if (reply.status !== 201) throw new Error(`storing the ${serviceName} key failed: ${reply.status} ${reply.text}`);
}

/** The console's own local org (the one that is not the team's). */
export async function localOrgOf(server: ServerProcess, teamOrgId: string): Promise<string> {
  const me = await server.call<ApiSuccess<Me>>('GET', '/api/me');
  const org = me.json.data.orgs.find((candidate) => candidate.id !== teamOrgId);
  if (!org) throw new Error('no local org');
  return org.id;
}

/** The container overrides of a recorded RunTask, as a name -> value map. */
export function overridesOf(ecs: EcsFake, sessionId: string): Record<string, string> {
  for (const call of ecs.calls('RunTask')) {
    const body = call.body as { overrides: { containerOverrides: { environment: { name: string; value: string }[] }[] } };
    const env = Object.fromEntries((body.overrides.containerOverrides[0]?.environment ?? []).map((entry) => [entry.name, entry.value]));
    if (env.SESSION_ID === sessionId) return env;
  }
  throw new Error(`no RunTask for session ${sessionId}`);
}

/** A bot's RPC to the project: the anon key and nothing else (it has no user). */
export async function botRpc(stack: SupabaseStack, fn: string, args: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const reply = await fetch(`${stack.url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, authorization: `Bearer ${stack.anonKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const text = await reply.text();
  return { status: reply.status, body: text ? (JSON.parse(text) as unknown) : null };
}
