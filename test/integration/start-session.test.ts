import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { ObserverJoin } from '../../contracts/integrations.js';
import type { VoiceSession, VoiceSessionDetail } from '../../contracts/session.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { EcsFake } from '../fakes/ecs-fake.js';
import { BotClient } from '../support/bot-client.js';
import { createConfig, createSession, moveSession, myOrgId } from '../support/fixtures.js';
import { startKeychainDaemon, type KeychainDaemon } from '../support/keychain-daemon.js';
import { eventually } from '../support/eventually.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

const DAILY_KEY = 'daily-test-key-0123456789';
/** A local-org ECS bot needs an address it can reach from AWS (a tunnel to this console). */
const PUBLIC_WS_URL = 'wss://tunnel.example.com/api/voice/ws';
let keychain: KeychainDaemon;
let daily: DailyRestFake;
let ecs: EcsFake;
let server: ServerProcess;
let orgId: string;

const ecsEnv = (): Record<string, string> => ({
  AWS_ENDPOINT_URL_ECS: ecs.url,
  AWS_ACCESS_KEY_ID: 'AKIDTEST',
  AWS_SECRET_ACCESS_KEY: 'secret-test',
  AWS_REGION: 'us-east-1',
  ECS_CLUSTER_NAME: 'interviews',
  ECS_TASK_DEFINITION_ARN: 'arn:aws:ecs:us-east-1:123456789012:task-definition/interview-bot:7',
  ECS_SUBNETS: 'subnet-aaa, subnet-bbb',
  ECS_SECURITY_GROUPS: 'sg-123',
  VOICE_PUBLIC_WS_URL: PUBLIC_WS_URL,
});


async function storeDailyKey(target: ServerProcess, org: string, key = DAILY_KEY): Promise<void> {
  const reply = await target.call('POST', '/api/voice/credentials', { body: { orgId: org, serviceName: 'daily', apiKey: key } });
  expect(reply.status).toBe(201);
}

async function detail(id: string): Promise<VoiceSessionDetail> {
  return (await server.call<ApiSuccess<VoiceSessionDetail>>('GET', `/api/voice/sessions/${id}`)).json.data;
}

beforeAll(async () => {
  keychain = await startKeychainDaemon();
  daily = await new DailyRestFake(DAILY_KEY).start();
  ecs = await new EcsFake('interviews').start();
  server = await startServerProcess({
    env: { ...keychain.env, DAILY_API_URL: daily.url, VOICE_BOT_RUNNER: 'ecs', VOICE_BOT_WATCH_INTERVAL_MS: '200', ...ecsEnv() },
  });
  orgId = await myOrgId(server);
  await storeDailyKey(server, orgId);
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  await Promise.all([daily?.stop(), ecs?.stop(), keychain?.stop()]);
});

describe('POST /api/voice/sessions/{id}/start', () => {
  it('creates the room and tokens, dispatches the bot on ECS, and moves the session to ready', async () => {
    const config = await createConfig(server, orgId, { name: 'Backend loop' });
    const session = await createSession(server, orgId, { configId: config.id, candidateName: 'Alan Turing' });
    const startedAt = Math.floor(Date.now() / 1000);
    const reply = await server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`);
    expect(reply.status).toBe(200);
    const started = reply.json.data;
    expect(started.status).toBe('ready');
    expect(started.dailyRoomName).toBe(`voice-${session.id}`);
    expect(started.dailyRoomUrl).toBe(`https://fake-domain.daily.co/voice-${session.id}`);
    expect(started.ecsTaskArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/interviews\//);

    // The room, field by field against protocols.md.
    const roomCall = daily.http.requests.find((r) => r.method === 'POST' && r.path === '/rooms' && (r.body as { name: string }).name === started.dailyRoomName);
    expect(roomCall?.headers.authorization).toBe(`Bearer ${DAILY_KEY}`);
    const roomBody = roomCall?.body as { privacy: string; properties: Record<string, unknown> };
    expect(roomBody.privacy).toBe('private');
    expect(roomBody.properties).toMatchObject({ max_participants: 3, enable_chat: false, start_video_off: true, eject_at_room_exp: true });
    expect(roomBody.properties).not.toHaveProperty('enable_recording');
    expect(Math.abs((roomBody.properties.exp as number) - (startedAt + 24 * 3600))).toBeLessThan(10);

    // Three separate tokens: bot (owner), candidate, and the observer later.
    const tokens = daily.tokens.filter((t) => t.properties.room_name === started.dailyRoomName);
    expect(tokens.map((t) => t.properties.is_owner)).toEqual([true, false]);
    expect(tokens[0]?.properties.user_name).toBe('Ada');
    expect(tokens[1]?.properties.user_name).toBe('Alan Turing');
    expect(tokens[0]?.properties.exp).not.toBe(tokens[1]?.properties.exp);
    expect(started.dailyRoomToken).toBe(tokens[1]?.token);

    // RunTask, field by field.
    const run = ecs.calls('RunTask').at(-1)?.body as Record<string, unknown> & {
      networkConfiguration: { awsvpcConfiguration: Record<string, unknown> };
      overrides: { containerOverrides: { name: string; environment: { name: string; value: string }[] }[] };
      tags: { key: string; value: string }[];
    };
    expect(run).toMatchObject({ cluster: 'interviews', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/interview-bot:7', launchType: 'FARGATE', count: 1 });
    expect(run.networkConfiguration.awsvpcConfiguration).toEqual({ subnets: ['subnet-aaa', 'subnet-bbb'], securityGroups: ['sg-123'], assignPublicIp: 'ENABLED' });
    const container = run.overrides.containerOverrides[0];
    expect(container?.name).toBe('interview-bot');
    const env = Object.fromEntries((container?.environment ?? []).map((e) => [e.name, e.value]));
    expect(Object.keys(env).sort()).toEqual(['BOT_CONFIG', 'BOT_TOKEN', 'DAILY_ROOM_TOKEN', 'DAILY_ROOM_URL', 'SESSION_ID', 'WEBSOCKET_URL']);
    expect(env.SESSION_ID).toBe(session.id);
    expect(env.DAILY_ROOM_URL).toBe(started.dailyRoomUrl);
    expect(env.DAILY_ROOM_TOKEN).toBe(tokens[0]?.token);
    expect((JSON.parse(env.BOT_CONFIG as string) as { bot_name: string }).bot_name).toBe('Ada');
    expect(env.WEBSOCKET_URL).toBe(PUBLIC_WS_URL);
    expect(JSON.stringify(run)).not.toContain(DAILY_KEY);
    expect(run.tags).toEqual([
      { key: 'SessionId', value: session.id },
      { key: 'OrgId', value: orgId },
      { key: 'Module', value: 'voice' },
    ]);

    // The bot token handed to the task opens the live-events socket for this session.
    const bot = await BotClient.connect(server.url, env.BOT_TOKEN as string);
    const hello = await bot.waitFor((m) => m.type === 'hello');
    expect(hello).toEqual({ type: 'hello', role: 'bot', sessionId: session.id });
    await bot.close();
  });

  it('gives an observer its own muted token', async () => {
    const session = await createSession(server, orgId);
    await server.call('POST', `/api/voice/sessions/${session.id}/start`);
    const reply = await server.call<ApiSuccess<ObserverJoin>>('POST', `/api/voice/sessions/${session.id}/observer-token`);
    expect(reply.status).toBe(201);
    const issued = daily.tokens.find((t) => t.token === reply.json.data.token);
    expect(issued?.properties).toMatchObject({ is_owner: false, start_audio_off: true });
    expect(reply.json.data.roomUrl).toBe(`https://fake-domain.daily.co/voice-${session.id}`);
  });

  it('stops the task and deletes the room when the session is cancelled or completed', async () => {
    for (const ending of [['cancelled'], ['active', 'completed']]) {
      const session = await createSession(server, orgId);
      const started = (await server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`)).json.data;
      await moveSession(server, session.id, ...ending);
      await eventually(async () => (daily.rooms.has(started.dailyRoomName as string) ? undefined : true), 'room deletion');
      const stop = await eventually(async () => ecs.calls('StopTask').find((c) => (c.body as { task: string }).task === started.ecsTaskArn), 'StopTask');
      expect(stop.body).toMatchObject({ cluster: 'interviews' });
      expect(ecs.tasks.get(started.ecsTaskArn as string)?.lastStatus).toBe('STOPPED');
    }
  });

  it('fails the session when its task stops before the session ends', async () => {
    const session = await createSession(server, orgId);
    const started = (await server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`)).json.data;
    await moveSession(server, session.id, 'active');
    ecs.crash(started.ecsTaskArn as string, 'Essential container in task exited');
    const failed = await eventually(async () => {
      const current = await detail(session.id);
      return current.status === 'failed' ? current : undefined;
    }, 'the watchdog');
    expect(failed.statusHistory.at(-1)?.reason).toContain('Essential container in task exited');
    expect(ecs.calls('DescribeTasks').length).toBeGreaterThan(0);
  });

  it('cancels a session whose task stops before the candidate ever joined', async () => {
    const session = await createSession(server, orgId);
    const started = (await server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`)).json.data;
    ecs.crash(started.ecsTaskArn as string, 'CannotPullContainerError');
    // The lifecycle has no ready -> failed: the only ending left is cancelled, with the reason kept.
    const ended = await eventually(async () => {
      const current = await detail(session.id);
      return current.status === 'cancelled' ? current : undefined;
    }, 'the watchdog');
    expect(ended.statusHistory.at(-1)?.reason).toBe('bot stopped: CannotPullContainerError');
  });

  it('retries Daily 429 after Retry-After', async () => {
    const session = await createSession(server, orgId);
    daily.http.failNext((r) => r.path === '/rooms' && r.method === 'POST', { status: 429, body: { error: 'rate-limit' }, headers: { 'retry-after': '1' } });
    const before = Date.now();
    const reply = await server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`);
    expect(reply.status).toBe(200);
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
  });

  it.each([
    ['Daily 401', { status: 401, body: { error: 'authentication-error' } }, /Daily rejected the key \(401 authentication-error\)/],
    ['Daily 500', { status: 500, body: { error: 'server-error' } }, /Daily answered with an error \(500/],
  ])('fails the session cleanly on %s when creating the room', async (_name, fault, message) => {
    const session = await createSession(server, orgId);
    const runsBefore = ecs.calls('RunTask').length;
    daily.http.failNext((r) => r.path === '/rooms' && r.method === 'POST', fault);
    const reply = await server.call<ApiError>('POST', `/api/voice/sessions/${session.id}/start`);
    expect(reply.status).toBe(502);
    expect(reply.json.error.code).toBe('PROVIDER_ERROR');
    expect(reply.json.error.message).toMatch(message);
    expect(reply.text).not.toContain(DAILY_KEY);
    const after = await detail(session.id);
    expect(after.status).toBe('failed');
    expect(after.sessionMetadata.startError).toMatch(message);
    expect(ecs.calls('RunTask').length).toBe(runsBefore);
  });

  it('deletes the room and fails the session when RunTask fails', async () => {
    const session = await createSession(server, orgId);
    ecs.http.failNext((r) => String(r.headers['x-amz-target']).endsWith('RunTask'), {
      status: 200,
      body: { tasks: [], failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/x', reason: 'RESOURCE:MEMORY' }] },
    });
    const reply = await server.call<ApiError>('POST', `/api/voice/sessions/${session.id}/start`);
    expect(reply.status).toBe(502);
    expect(reply.json.error.message).toContain('RESOURCE:MEMORY');
    expect(daily.rooms.has(`voice-${session.id}`)).toBe(false);
    expect(daily.http.requests.some((r) => r.method === 'DELETE' && r.path === `/rooms/voice-${session.id}`)).toBe(true);
    const after = await detail(session.id);
    expect(after.status).toBe('failed');
    expect(after.dailyRoomUrl).toBeNull();
    expect(after.sessionMetadata.startError).toContain('RESOURCE:MEMORY');
  });

  it('refuses sessions that cannot be started', async () => {
    const done = await createSession(server, orgId);
    await moveSession(server, done.id, 'cancelled');
    const reply = await server.call<ApiError>('POST', `/api/voice/sessions/${done.id}/start`);
    expect(reply.status).toBe(409);
    const noCall = await createSession(server, orgId);
    const observer = await server.call<ApiError>('POST', `/api/voice/sessions/${noCall.id}/observer-token`);
    expect(observer.status).toBe(409);
    expect(observer.json.error.message).toContain('start it first');
  });
});

describe('health with the integrations configured', () => {
  it('checks the keychain, the Daily key and the ECS cluster', async () => {
    const reply = await server.call<{ status: string; checks: Record<string, string> }>('GET', '/api/voice/health');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: 'healthy', checks: { database: 'ok', keychain: 'ok', daily: 'ok', ecs: 'ok', s3: 'not_configured' } });
    expect(ecs.calls('DescribeClusters').at(-1)?.body).toEqual({ clusters: ['interviews'] });
  });
});

describe('start without the parts it needs', () => {
  it('answers 409 and leaves the session pending when no runner or no Daily key is configured', async () => {
    const bare = await startServerProcess({ env: { ...keychain.env, DAILY_API_URL: daily.url, VOICE_BOT_RUNNER: '' } });
    try {
      const org = await myOrgId(bare);
      const session = await createSession(bare, org);
      const noRunner = await bare.call<ApiError>('POST', `/api/voice/sessions/${session.id}/start`);
      expect(noRunner.status).toBe(409);
      expect(noRunner.json.error.code).toBe('NO_BOT_RUNNER');
      expect(noRunner.json.error.message).toContain('No bot runner configured');
      const saved = await bare.call('PUT', '/api/settings/integrations', {
        body: { botRunner: 'ecs', ecs: { region: 'us-east-1', cluster: 'interviews', taskDefinition: 'td', subnets: ['subnet-1'] } },
      });
      expect(saved.status).toBe(200);
      const noKey = await bare.call<ApiError>('POST', `/api/voice/sessions/${session.id}/start`);
      expect(noKey.status).toBe(409);
      expect(noKey.json.error.code).toBe('NOT_CONFIGURED');
      const after = await bare.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
      expect(after.json.data.status).toBe('pending');
    } finally {
      await bare.stop();
      removeDataDir(bare.dataDir);
    }
  });
});
