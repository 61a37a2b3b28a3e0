import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { CredentialValidation, VoiceCredential } from '../../contracts/credentials.js';
import type { HttpReply, RequestOptions, ServerProcess } from '../support/server-process.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { FakeHttpServer } from '../fakes/fake-http-server.js';
import { createSession, myOrgId, openStore } from '../support/fixtures.js';
import { startKeychainDaemon, type KeychainDaemon } from '../support/keychain-daemon.js';
import { removeDataDir, startServerProcess } from '../support/server-process.js';

// Canary keys: if any of these strings shows up anywhere outside the keychain, a secret leaked.
const CANARY = {
  daily: 'CANARYdaily9f2c41e07b5d4a3e',
  deepgram: 'CANARYdeepgram58d0a7c1e2f3',
  cartesia: 'CANARYcartesia3b9e1d2c4a5f',
  openai: 'sk-CANARYopenai71c2e9d8b4a6',
  replaced: 'CANARYreplaced0d9e8f7a6b5c',
} as const;
const allCanaries = Object.values(CANARY);

let keychain: KeychainDaemon;
let daily: DailyRestFake;
let deepgram: FakeHttpServer;
let cartesia: FakeHttpServer;
let openai: FakeHttpServer;
let server: ServerProcess;
let orgId: string;
const replies: string[] = [];

/** Every reply of the test is kept, to be searched for canaries at the end. */
async function call<T>(method: string, path: string, options: RequestOptions = {}): Promise<HttpReply<T>> {
  const reply = await server.call<T>(method, path, options);
  replies.push(JSON.stringify(reply.headers), reply.text);
  return reply;
}

beforeAll(async () => {
  keychain = await startKeychainDaemon();
  daily = await new DailyRestFake(CANARY.daily).start();
  deepgram = await new FakeHttpServer((r) =>
    r.path === '/v1/projects' && r.headers.authorization === `Token ${CANARY.deepgram}`
      ? { status: 200, body: { projects: [] } }
      : { status: 401, body: { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: 'r1' } },
  ).start();
  // A provider that echoes the key back in its error must not get it into our replies or logs.
  cartesia = await new FakeHttpServer((r) => ({
    status: 401,
    body: { title: 'Unauthorized', message: `Invalid API key: ${String(r.headers.authorization).replace('Bearer ', '')}` },
  })).start();
  openai = await new FakeHttpServer(() => ({
    status: 429,
    body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
    headers: { 'retry-after': '20' },
  })).start();
  server = await startServerProcess({
    env: {
      ...keychain.env,
      DAILY_API_URL: daily.url,
      DEEPGRAM_API_URL: deepgram.url,
      CARTESIA_API_URL: cartesia.url,
      OPENAI_BASE_URL: `${openai.url}/v1`,
      VOICE_LOG_LEVEL: 'debug',
    },
  });
  orgId = await myOrgId(server);
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  await Promise.all([daily?.stop(), deepgram?.stop(), cartesia?.stop(), openai?.stop(), keychain?.stop()]);
});

describe('credentials', () => {
  const ids: Partial<Record<keyof typeof CANARY, string>> = {};

  it('stores each key in the keychain and only metadata in the database', async () => {
    for (const service of ['daily', 'deepgram', 'cartesia', 'openai'] as const) {
      const reply = await call<ApiSuccess<VoiceCredential>>('POST', '/api/voice/credentials', {
        body: { orgId, serviceName: service, apiKey: CANARY[service], configMetadata: { note: `${service} key` } },
      });
      expect(reply.status).toBe(201);
      expect(reply.json.data).toMatchObject({ orgId, serviceName: service, isActive: true, lastValidatedAt: null, configMetadata: { note: `${service} key` } });
      expect(Object.keys(reply.json.data)).not.toContain('apiKey');
      ids[service] = reply.json.data.id;
    }
    const list = await call<ApiSuccess<VoiceCredential[]>>('GET', `/api/voice/credentials?orgId=${orgId}`);
    expect(list.json.data.map((c) => c.serviceName)).toEqual(['cartesia', 'daily', 'deepgram', 'openai']);
    const one = await call<ApiSuccess<VoiceCredential>>('GET', `/api/voice/credentials/${ids.daily}`);
    expect(one.json.data.serviceName).toBe('daily');
  });

  it('validates against each provider and reports its reason', async () => {
    const dailyCheck = await call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${ids.daily}/validate`);
    expect(dailyCheck.json.data.valid).toBe(true);
    expect(dailyCheck.json.data.lastValidatedAt).not.toBeNull();
    expect(daily.http.requests.at(-1)).toMatchObject({ method: 'GET', path: '/' });

    const deepgramCheck = await call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${ids.deepgram}/validate`);
    expect(deepgramCheck.json.data).toMatchObject({ valid: true });
    expect(deepgram.requests.at(-1)?.headers.authorization).toBe(`Token ${CANARY.deepgram}`);

    const cartesiaCheck = await call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${ids.cartesia}/validate`);
    expect(cartesiaCheck.json.data).toMatchObject({ valid: false, lastValidatedAt: null });
    expect(cartesiaCheck.json.data.error).toContain('Cartesia rejected the key (401');
    expect(cartesia.requests.at(-1)).toMatchObject({ method: 'GET', path: '/voices?limit=1' });
    expect(cartesia.requests.at(-1)?.headers['cartesia-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const openaiCheck = await call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${ids.openai}/validate`);
    expect(openaiCheck.json.data.valid).toBe(false);
    expect(openaiCheck.json.data.error).toContain('OpenAI is rate-limiting requests (429 rate_limit_exceeded');
    expect(openai.requests.at(-1)?.path).toBe('/v1/models');

  });

  it('reports an unreachable provider as a network failure, never a fake "valid"', async () => {
    const gone = await new FakeHttpServer(() => ({ status: 200, body: {} })).start();
    await gone.stop();
    const offline = await startServerProcess({ env: { ...keychain.env, DEEPGRAM_API_URL: gone.url } });
    try {
      const org = await myOrgId(offline);
      const created = await offline.call<ApiSuccess<VoiceCredential>>('POST', '/api/voice/credentials', { body: { orgId: org, serviceName: 'deepgram', apiKey: CANARY.deepgram } });
      const check = await offline.call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${created.json.data.id}/validate`);
      replies.push(created.text, check.text);
      expect(check.json.data.valid).toBe(false);
      expect(check.json.data.error).toMatch(/Could not reach Deepgram/);
    } finally {
      await offline.stop();
      replies.push(offline.stderrText());
      removeDataDir(offline.dataDir);
    }
  });

  it('replaces the key for the same org and service', async () => {
    const reply = await call<ApiSuccess<VoiceCredential>>('POST', '/api/voice/credentials', { body: { orgId, serviceName: 'deepgram', apiKey: CANARY.replaced } });
    expect(reply.status).toBe(201);
    expect(reply.json.data.id).toBe(ids.deepgram);
    const check = await call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${ids.deepgram}/validate`);
    expect(check.json.data.valid).toBe(false);
    expect(deepgram.requests.at(-1)?.headers.authorization).toBe(`Token ${CANARY.replaced}`);
  });

  it('uses the stored key for Daily calls and keeps it out of every failure', async () => {
    const session = await createSession(server, orgId);
    daily.http.failNext((r) => r.path === '/rooms', { status: 400, body: { error: 'invalid-request-error', info: `bad key ${CANARY.daily}` } });
    await call('PUT', '/api/settings/integrations', {
      body: { botRunner: 'ecs', ecs: { region: 'us-east-1', cluster: 'c', taskDefinition: 't', subnets: ['s'] }, publicWebSocketUrl: 'wss://console.example.com/api/voice/ws' },
    });
    const failed = await call<ApiError>('POST', `/api/voice/sessions/${session.id}/start`);
    expect(failed.status).toBe(502);
    expect(failed.json.error.message).toContain('[redacted]');
    await call('POST', `/api/voice/sessions/${session.id}/observer-token`);
  });

  it('refuses bad credential requests without echoing the key', async () => {
    const cases: [RequestOptions['body'], number][] = [
      [{ orgId, serviceName: 'twilio', apiKey: CANARY.daily }, 400],
      [{ orgId, serviceName: 'daily', apiKey: `${CANARY.daily} with spaces` }, 400],
      [{ orgId, serviceName: 'daily', apiKey: CANARY.daily, secret: CANARY.daily }, 400],
      [{ orgId: '00000000-0000-4000-8000-000000000000', serviceName: 'daily', apiKey: CANARY.daily }, 403],
    ];
    for (const [body, status] of cases) {
      const reply = await call<ApiError>('POST', '/api/voice/credentials', { body });
      expect(reply.status).toBe(status);
    }
    const wrongType = await call<ApiError>('POST', '/api/voice/credentials', { rawBody: `apiKey=${CANARY.daily}`, headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    const broken = await call<ApiError>('POST', '/api/voice/credentials', { rawBody: `{"apiKey":"${CANARY.daily}"`, headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
  });

  it('is for org owners and admins only', async () => {
    const db = openStore(server.dataDir);
    const me = (await call<ApiSuccess<{ user: { id: string } }>>('GET', '/api/me')).json.data.user.id;
    try {
      db.prepare("UPDATE org_members SET role = 'org_user' WHERE user_id = ?").run(me);
      for (const [method, path, options] of [
        ['GET', `/api/voice/credentials?orgId=${orgId}`, {}],
        ['GET', `/api/voice/credentials/${ids.daily}`, {}],
        ['POST', '/api/voice/credentials', { body: { orgId, serviceName: 'daily', apiKey: CANARY.daily } }],
        ['POST', `/api/voice/credentials/${ids.daily}/validate`, {}],
        ['DELETE', `/api/voice/credentials/${ids.daily}`, {}],
        ['GET', '/api/settings/integrations', {}],
      ] as [string, string, RequestOptions][]) {
        const reply = await call<ApiError>(method, path, options);
        expect(reply.status, `${method} ${path}`).toBe(403);
      }
    } finally {
      db.prepare("UPDATE org_members SET role = 'org_owner' WHERE user_id = ?").run(me);
      db.close();
    }
  });

  it('deletes the key from the keychain and the reference from the database', async () => {
    const reply = await call('DELETE', `/api/voice/credentials/${ids.cartesia}`);
    expect(reply.status).toBe(200);
    expect((await call('GET', `/api/voice/credentials/${ids.cartesia}`)).status).toBe(404);
    expect((await call('POST', `/api/voice/credentials/${ids.cartesia}/validate`)).status).toBe(404);
  });
});

describe('a missing keychain', () => {
  it('is a clear, actionable error and not a crash', async () => {
    const noKeyring = await startServerProcess({ env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', HOME: keychain.home } });
    try {
      const org = await myOrgId(noKeyring);
      const reply = await noKeyring.call<ApiError>('POST', '/api/voice/credentials', { body: { orgId: org, serviceName: 'daily', apiKey: CANARY.daily } });
      replies.push(reply.text);
      expect(reply.status).toBe(503);
      expect(reply.json.error.code).toBe('KEYCHAIN_UNAVAILABLE');
      expect(reply.json.error.message).toMatch(/keychain is not available.*Secret Service/);
      const list = await noKeyring.call<ApiSuccess<VoiceCredential[]>>('GET', `/api/voice/credentials?orgId=${org}`);
      expect(list.json.data).toEqual([]);
      expect((await noKeyring.call('GET', '/api/me')).status).toBe(200);
      replies.push(noKeyring.stderrText());
    } finally {
      await noKeyring.stop();
      removeDataDir(noKeyring.dataDir);
    }
  });
});

describe('the canary check', () => {
  it('finds no key in any reply, log line, or database file', async () => {
    await server.stop();
    const leaks: string[] = [];
    for (const text of [...replies, server.stderrText()]) {
      for (const canary of allCanaries) if (text.includes(canary)) leaks.push(`reply/log contains ${canary}: ${text.slice(0, 200)}`);
    }
    // Every file under the data folder: the database, its WAL, and the bots' logs.
    const files = readdirSync(server.dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.some((entry) => entry.name === 'voice.sqlite3')).toBe(true);
    for (const entry of files) {
      const file = join(entry.parentPath, entry.name);
      const bytes = readFileSync(file);
      for (const canary of allCanaries) if (bytes.includes(Buffer.from(canary))) leaks.push(`${file} contains ${canary}`);
    }
    expect(leaks).toEqual([]);
    // The check itself can fail: the keys did reach the providers, so they were really used.
    expect(daily.http.requests.some((r) => r.headers.authorization === `Bearer ${CANARY.daily}`)).toBe(true);
    expect(replies.length).toBeGreaterThan(30);
  });
});
