import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { CredentialValidation, VoiceCredential } from '../../contracts/credentials.js';
import { FakeHttpServer } from '../fakes/fake-http-server.js';
import { myOrgId } from '../support/fixtures.js';
import { startKeychainDaemon, type KeychainDaemon } from '../support/keychain-daemon.js';
import { makeDataDir, removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * A key whose check failed shows that failure (issue 9, section 3): the server keeps the outcome of
 * the last check, across restarts, until a check passes or the key is replaced.
 */
const GOOD = 'GOODdeepgram4c1d9e2f7a6b';
const BAD = 'BADdeepgram0e9d8c7b6a5f4';

let keychain: KeychainDaemon;
let emptyKeychain: KeychainDaemon;
let deepgram: FakeHttpServer;
const dataDir = makeDataDir();
let server: ServerProcess | null = null;
let orgId: string;

async function start(withKeychain: KeychainDaemon): Promise<ServerProcess> {
  await server?.stop();
  server = await startServerProcess({ dataDir, env: { ...withKeychain.env, DEEPGRAM_API_URL: deepgram.url } });
  orgId = await myOrgId(server);
  return server;
}

async function deepgramKey(running: ServerProcess): Promise<VoiceCredential | undefined> {
  const list = await running.call<ApiSuccess<VoiceCredential[]>>('GET', `/api/voice/credentials?orgId=${orgId}`);
  expect(list.status).toBe(200);
  return list.json.data.find((credential) => credential.serviceName === 'deepgram');
}

beforeAll(async () => {
  keychain = await startKeychainDaemon();
  emptyKeychain = await startKeychainDaemon();
  deepgram = await new FakeHttpServer((r) =>
    r.path === '/v1/projects' && r.headers.authorization === `Token ${GOOD}`
      ? { status: 200, body: { projects: [] } }
      : { status: 401, body: { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: 'r1' } },
  ).start();
});

afterAll(async () => {
  await server?.stop();
  removeDataDir(dataDir);
  await Promise.all([deepgram?.stop(), keychain?.stop(), emptyKeychain?.stop()]);
});

describe('credential checks', () => {
  it('keeps a rejected key as rejected, with the reason, across a restart', async () => {
    const running = await start(keychain);
    const created = await running.call<ApiSuccess<VoiceCredential>>('POST', '/api/voice/credentials', { body: { orgId, serviceName: 'deepgram', apiKey: BAD } });
    expect(created.status).toBe(201);
    expect(created.json.data.lastCheck).toBeNull();

    const check = await running.call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${created.json.data.id}/validate`);
    expect(check.json.data).toMatchObject({ valid: false, problem: 'rejected' });
    const stored = await deepgramKey(running);
    expect(stored?.lastCheck).toMatchObject({ ok: false, problem: 'rejected' });
    expect(stored?.lastCheck?.error).toContain('rejected the key (401');
    expect(stored?.lastValidatedAt).toBeNull();

    const restarted = await start(keychain);
    expect((await deepgramKey(restarted))?.lastCheck).toEqual(stored?.lastCheck);
    // The single-key reply says the same.
    const one = await restarted.call<ApiSuccess<VoiceCredential>>('GET', `/api/voice/credentials/${created.json.data.id}`);
    expect(one.json.data.lastCheck).toEqual(stored?.lastCheck);
  });

  it('forgets the failure when the key is replaced, and records a passing check', async () => {
    const running = await start(keychain);
    const replaced = await running.call<ApiSuccess<VoiceCredential>>('POST', '/api/voice/credentials', { body: { orgId, serviceName: 'deepgram', apiKey: GOOD } });
    expect(replaced.json.data.lastCheck).toBeNull();
    expect((await deepgramKey(running))?.lastCheck).toBeNull();
    const check = await running.call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${replaced.json.data.id}/validate`);
    expect(check.json.data.valid).toBe(true);
    const passed = await deepgramKey(running);
    expect(passed?.lastCheck).toMatchObject({ ok: true, problem: null, error: null });
    expect(passed?.lastValidatedAt).toBe(passed?.lastCheck?.checkedAt);
  });

  it('records a key missing from this computer\'s keychain as missing', async () => {
    const running = await start(emptyKeychain);
    const key = await deepgramKey(running);
    const check = await running.call<ApiSuccess<CredentialValidation>>('POST', `/api/voice/credentials/${key?.id}/validate`);
    expect(check.json.data).toMatchObject({ valid: false, problem: 'missing' });
    const after = await deepgramKey(running);
    expect(after?.lastCheck).toMatchObject({ ok: false, problem: 'missing', error: 'The key is missing from the OS keychain; add it again' });
    // The last good check's time is kept: it says when the key last worked.
    expect(after?.lastValidatedAt).toBe(key?.lastValidatedAt);
  });

  it('never writes a key into the data folder', async () => {
    await server?.stop();
    server = null;
    for (const file of readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const bytes = readFileSync(join(file.parentPath, file.name));
      expect(bytes.includes(BAD), file.name).toBe(false);
      expect(bytes.includes(GOOD), file.name).toBe(false);
    }
  });
});
