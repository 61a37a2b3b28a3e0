import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { RehearsalStarted, RehearsalStatus } from '../../contracts/rehearsal.js';
import type { VoiceSession } from '../../contracts/session.js';
import { startFakeProviders, type FakeProviders } from '../bot/support/fake-providers.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { createConfig, createSession, moveSession, myOrgId } from '../support/fixtures.js';
import { startKeychainDaemon, type KeychainDaemon } from '../support/keychain-daemon.js';
import { eventually } from '../support/eventually.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The server's own local bot runner (as the desktop uses it): rehearsals from the config editor,
 * and the start flow dispatching a bot process on this machine, with provider keys from the keychain.
 */
const DAILY_KEY = 'daily-local-runner-key-123';
let keychain: KeychainDaemon;
let fakes: FakeProviders;
let daily: DailyRestFake;
let server: ServerProcess;
let orgId: string;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}


beforeAll(async () => {
  [keychain, fakes, daily] = await Promise.all([startKeychainDaemon(), startFakeProviders(), new DailyRestFake(DAILY_KEY).start()]);
  server = await startServerProcess({
    env: {
      ...keychain.env,
      DAILY_API_URL: daily.url,
      DEEPGRAM_API_URL: fakes.env.DEEPGRAM_API_URL as string,
      CARTESIA_API_URL: fakes.env.CARTESIA_API_URL as string,
      OPENAI_BASE_URL: fakes.env.OPENAI_BASE_URL as string,
      VOICE_BOT_RUNNER: 'local',
    },
  });
  orgId = await myOrgId(server);
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  await Promise.all([fakes?.stop(), daily?.stop(), keychain?.stop()]);
});

describe('rehearsals', () => {
  it('need the provider keys first', async () => {
    const config = await createConfig(server, orgId);
    const reply = await server.call<ApiError>('POST', `/api/voice/configs/${config.id}/rehearse`);
    expect(reply.status).toBe(409);
    expect(reply.json.error.message).toBe('A rehearsal needs API keys for deepgram, cartesia, openai: add them in Settings > Keys');
  });

  it('run a local bot whose page opens in the browser, and stop on request', async () => {
    for (const [serviceName, apiKey] of [
      ['deepgram', fakes.env.DEEPGRAM_API_KEY],
      ['cartesia', fakes.env.CARTESIA_API_KEY],
      ['openai', fakes.env.OPENAI_API_KEY],
      ['daily', DAILY_KEY],
    ]) {
      expect((await server.call('POST', '/api/voice/credentials', { body: { orgId, serviceName, apiKey } })).status).toBe(201);
    }
    const config = await createConfig(server, orgId);
    const started = await server.call<ApiSuccess<RehearsalStarted>>('POST', `/api/voice/configs/${config.id}/rehearse`);
    expect(started.status).toBe(201);
    const { id, url } = started.json.data;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rehearse/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const pid = Number(id.replace('local:', ''));
    expect(processAlive(pid)).toBe(true);

    const path = `/api/voice/rehearsals/${encodeURIComponent(id)}`;
    expect((await server.call<ApiSuccess<RehearsalStatus>>('GET', path)).json.data).toEqual({ id, state: 'running', endedReason: null });

    const stopped = await server.call<ApiSuccess<RehearsalStatus>>('DELETE', path);
    expect(stopped.status).toBe(200);
    expect(stopped.json.data).toEqual({ id, state: 'ended', endedReason: 'rehearsal closed' });
    expect(processAlive(pid)).toBe(false);
    // Stopping it again is no error (it has ended); an id never seen is not found.
    expect((await server.call<ApiSuccess<RehearsalStatus>>('DELETE', path)).json.data.state).toBe('ended');
    expect((await server.call('GET', '/api/voice/rehearsals/local%3A1')).status).toBe(404);
  });

  it('report how one ended on its own, for the editor following it', async () => {
    const config = await createConfig(server, orgId);
    const started = await server.call<ApiSuccess<RehearsalStarted>>('POST', `/api/voice/configs/${config.id}/rehearse`);
    const { id } = started.json.data;
    process.kill(Number(id.replace('local:', '')), 'SIGKILL');
    const ended = await eventually(async () => {
      const reply = await server.call<ApiSuccess<RehearsalStatus>>('GET', `/api/voice/rehearsals/${encodeURIComponent(id)}`);
      return reply.json.data.state === 'ended' ? reply.json.data : undefined;
    }, 'the rehearsal to be reported ended');
    expect(ended.endedReason).toBe('the bot was killed (SIGKILL)');
  });
});

describe('the start flow with the local runner', () => {
  it('dispatches a bot process on this machine and stops it when the session is cancelled', async () => {
    const session = await createSession(server, orgId);
    const reply = await server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`);
    expect(reply.status).toBe(200);
    expect(reply.json.data.status).toBe('ready');
    expect(reply.json.data.ecsTaskArn).toMatch(/^local:\d+$/);
    expect(reply.json.data.sessionMetadata.botRunner).toBe('local');
    const pid = Number(reply.json.data.ecsTaskArn?.replace('local:', ''));
    await moveSession(server, session.id, 'cancelled');
    await eventually(() => (!processAlive(pid) ? true : undefined), 'the bot to be stopped');
    await eventually(() => (!daily.rooms.has(`voice-${session.id}`) ? true : undefined), 'the room to be deleted');
  });

  it('refuses a start beyond the runner limit, keeping the session pending and removing its room', async () => {
    // The default limit is two bots on this machine.
    const running = [await createSession(server, orgId), await createSession(server, orgId)];
    const pids: number[] = [];
    for (const session of running) {
      const reply = await server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`);
      expect(reply.status).toBe(200);
      pids.push(Number(reply.json.data.ecsTaskArn?.replace('local:', '')));
    }
    const third = await createSession(server, orgId);
    const refused = await server.call<ApiError>('POST', `/api/voice/sessions/${third.id}/start`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('BOT_RUNNER_BUSY');
    expect(refused.json.error.message).toBe('2 interview bot(s) already run on this machine (the limit is 2)');
    const after = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${third.id}`);
    expect(after.json.data.status).toBe('pending');
    expect(after.json.data.dailyRoomUrl).toBeNull();
    expect(daily.rooms.has(`voice-${third.id}`)).toBe(false);

    for (const session of running) await moveSession(server, session.id, 'cancelled');
    await eventually(() => (pids.every((pid) => !processAlive(pid)) ? true : undefined), 'the bots to be stopped');
    // With a bot slot free again, the refused session starts.
    const retried = await server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${third.id}/start`);
    expect(retried.status).toBe(200);
    await moveSession(server, third.id, 'cancelled');
    const pid = Number(retried.json.data.ecsTaskArn?.replace('local:', ''));
    await eventually(() => (!processAlive(pid) ? true : undefined), 'the third bot to be stopped');
  });
});
