import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { VoiceSession } from '../../contracts/session.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { EcsFake } from '../fakes/ecs-fake.js';
import { eventually } from '../support/eventually.js';
import { createConfig, createSession, myOrgId } from '../support/fixtures.js';
import { LocalS3 } from '../support/s3-server.js';
import { signIn, startAppDesktop, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { botRpc, DAILY_KEY, ecsConsoleEnv, overridesOf, storeKey } from '../support/team-consoles.js';

// Start rules for ECS bots: a team org's bot reports to the team project with its own credential;
// a local org's bot needs a public address of this console; no bot gets an address it cannot reach.
let stack: SupabaseStack;
let daily: DailyRestFake;
let ecs: EcsFake;
let s3: LocalS3;
let app: AppDesktop;
let alice: TestUser;
let teamOrg: string;
let localOrg: string;

beforeAll(async () => {
  stack = await startSupabaseStack();
  [daily, ecs, s3] = await Promise.all([new DailyRestFake(DAILY_KEY).start(), new EcsFake('interviews').start(), new LocalS3('transcripts').start()]);
  alice = await stack.createUser('alice');
  teamOrg = await stack.createOrg('Team', [{ user: alice, role: 'org_owner' }]);
  // Signed out first: the local org is the only one (the team's orgs replace it once signed in).
  app = await startAppDesktop(ecsConsoleEnv(ecs, s3, daily.url));
  localOrg = await myOrgId(app.server);
  await storeKey(app.server, localOrg, 'daily', DAILY_KEY);
});

afterAll(async () => {
  await app?.stop();
  await stack?.stop();
  await Promise.all([daily?.stop(), ecs?.stop(), s3?.dispose()]);
});

async function start(sessionId: string): Promise<{ status: number; error?: ApiError['error']; session?: VoiceSession }> {
  const reply = await app.server.call<ApiSuccess<VoiceSession> | ApiError>('POST', `/api/voice/sessions/${sessionId}/start`);
  const body = reply.json;
  return body.success ? { status: reply.status, session: body.data } : { status: reply.status, error: body.error };
}

async function statusOf(sessionId: string): Promise<string> {
  return (await app.server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${sessionId}`)).json.data.status;
}

describe('an ECS start in the local org', () => {
  it('answers 409 without a public address, says what to set up, and changes nothing', async () => {
    const session = await createSession(app.server, localOrg);
    const runs = ecs.calls('RunTask').length;
    const reply = await start(session.id);
    expect(reply.status).toBe(409);
    expect(reply.error?.code).toBe('PUBLIC_ADDRESS_REQUIRED');
    expect(reply.error?.message).toContain('Sign in to your team project');
    expect(reply.error?.message).toContain('public WebSocket address');
    expect(await statusOf(session.id)).toBe('pending');
    expect(daily.rooms.has(`voice-${session.id}`)).toBe(false);
    expect(ecs.calls('RunTask').length).toBe(runs);
  });

  it.each([
    'ws://127.0.0.1:4780/api/voice/ws',
    'ws://127.9.8.7/api/voice/ws',
    'ws://localhost:4780/api/voice/ws',
    'wss://app.localhost/api/voice/ws',
    'ws://[::1]:4780/api/voice/ws',
    'ws://0.0.0.0:4780/api/voice/ws',
  ])('answers 409 for the loopback address %s', async (address) => {
    const saved = await app.server.call('PUT', '/api/settings/integrations', { body: { botRunner: 'ecs', publicWebSocketUrl: address } });
    expect(saved.status).toBe(200);
    const session = await createSession(app.server, localOrg);
    const runs = ecs.calls('RunTask').length;
    const reply = await start(session.id);
    expect(reply.status).toBe(409);
    expect(reply.error?.code).toBe('PUBLIC_ADDRESS_REQUIRED');
    expect(reply.error?.message).toContain('only reaches the machine that dials it');
    expect(await statusOf(session.id)).toBe('pending');
    expect(ecs.calls('RunTask').length).toBe(runs);
  });

  it('hands a public address to the bot, with the fallback bucket', async () => {
    await app.server.call('PUT', '/api/settings/integrations', { body: { botRunner: 'ecs', publicWebSocketUrl: 'wss://tunnel.example.com/api/voice/ws' } });
    const session = await createSession(app.server, localOrg);
    const reply = await start(session.id);
    expect(reply.status).toBe(200);
    const env = overridesOf(ecs, session.id);
    expect(env.WEBSOCKET_URL).toBe('wss://tunnel.example.com/api/voice/ws');
    expect(env.BOT_TOKEN).toBeTruthy();
    expect(env).toMatchObject({ ORG_ID: localOrg, TRANSCRIPT_S3_BUCKET: 'transcripts', AWS_REGION: 'us-east-1' });
    expect(env).not.toHaveProperty('SUPABASE_URL');
    await app.server.call('PUT', '/api/settings/integrations', { body: { botRunner: 'ecs', publicWebSocketUrl: '' } });
  });
});

describe('an ECS start in a team org', () => {
  beforeAll(async () => {
    expect((await signIn(app.server, stack, alice)).status).toBe(200);
    await storeKey(app.server, teamOrg, 'daily', DAILY_KEY);
  });

  it('reports to the team project: its env, a credential that works through PostgREST, only its hash stored', async () => {
    const config = await createConfig(app.server, teamOrg);
    const session = await createSession(app.server, teamOrg, { configId: config.id });
    const reply = await start(session.id);
    expect(reply.status).toBe(200);
    expect(reply.session?.status).toBe('ready');

    const env = overridesOf(ecs, session.id);
    expect(Object.keys(env).sort()).toEqual([
      'AWS_REGION',
      'BOT_CONFIG',
      'BOT_REPORT_TOKEN',
      'DAILY_ROOM_TOKEN',
      'DAILY_ROOM_URL',
      'ORG_ID',
      'SESSION_ID',
      'SUPABASE_ANON_KEY',
      'SUPABASE_URL',
      'TRANSCRIPT_S3_BUCKET',
    ]);
    expect(env).toMatchObject({ SUPABASE_URL: stack.url, SUPABASE_ANON_KEY: stack.anonKey, ORG_ID: teamOrg, TRANSCRIPT_S3_BUCKET: 'transcripts' });
    const token = env.BOT_REPORT_TOKEN as string;
    expect(token).toMatch(/^vbr_[A-Za-z0-9_-]{43}$/);

    // The project has the session as ready before the start answered, and only the token's hash.
    const server = await stack.admin.query<{ status: string }>('SELECT status FROM public.voice_sessions WHERE id = $1', [session.id]);
    expect(server.rows[0]?.status).toBe('ready');
    const credentials = await stack.admin.query<{ token_hash: string; row: string }>(
      'SELECT token_hash, row_to_json(c)::text AS row FROM public.voice_bot_credentials c WHERE session_id = $1',
      [session.id],
    );
    expect(credentials.rows.map((row) => row.token_hash)).toEqual([createHash('sha256').update(token, 'utf8').digest('hex')]);
    expect(credentials.rows[0]?.row).not.toContain(token);
    expect(app.server.stderrText()).not.toContain(token);

    // The credential reports through PostgREST with the anon key alone; a wrong one is refused.
    const active = await botRpc(stack, 'voice_bot_report_status', { p_token: token, p_status: 'active' });
    expect(active.status).toBe(200);
    const appended = await botRpc(stack, 'voice_bot_append_segments', {
      p_token: token,
      p_segments: [{ seq: 0, speaker: 'bot', text: 'Hello, I am Ada.', startTime: 0, endTime: 1.2, confidence: null }],
    });
    expect(appended).toEqual({ status: 200, body: { stored: [0] } });
    const wrong = await botRpc(stack, 'voice_bot_append_segments', {
      p_token: `${token.slice(0, -2)}xx`,
      p_segments: [{ seq: 1, speaker: 'bot', text: 'Not me.', startTime: 2, endTime: 3, confidence: null }],
    });
    expect(wrong.status).toBe(401);

    // Cancelling here stops the task; the terminal status syncs up and the project revokes the credential.
    const taskArn = reply.session?.ecsTaskArn as string;
    await eventually(async () => ((await statusOf(session.id)) === 'active' ? true : undefined), 'the bot-reported status to sync down');
    const cancelled = await app.server.call('PUT', `/api/voice/sessions/${session.id}`, { body: { status: 'cancelled' } });
    expect(cancelled.status).toBe(200);
    await eventually(() => (ecs.tasks.get(taskArn)?.lastStatus === 'STOPPED' ? true : undefined), 'StopTask');
    await eventually(async () => {
      const revoked = await stack.admin.query('SELECT 1 FROM public.voice_bot_credentials WHERE session_id = $1 AND revoked_at IS NOT NULL', [session.id]);
      return revoked.rowCount === 1 ? true : undefined;
    }, 'the credential revoked');
    expect((await botRpc(stack, 'voice_bot_report_status', { p_token: token, p_status: 'completed' })).status).toBe(401);
  });

  it('answers 503 and changes nothing while the team project is unreachable', async () => {
    const session = await createSession(app.server, teamOrg);
    const runs = ecs.calls('RunTask').length;
    await stack.gateway.offline();
    try {
      const reply = await start(session.id);
      expect(reply.status).toBe(503);
      expect(reply.error?.code).toBe('TEAM_UNREACHABLE');
      expect(reply.error?.message).toContain('team project cannot be reached');
    } finally {
      await stack.gateway.online();
    }
    expect(await statusOf(session.id)).toBe('pending');
    expect(daily.rooms.has(`voice-${session.id}`)).toBe(false);
    expect(ecs.calls('RunTask').length).toBe(runs);
    const credentials = await stack.admin.query('SELECT 1 FROM public.voice_bot_credentials WHERE session_id = $1', [session.id]);
    expect(credentials.rowCount).toBe(0);
  });
});
