import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import { configJson } from '../../contracts/config-json.js';
import type { ServerMessage } from '../../contracts/live-events.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import type { BotHandle, BotLaunch } from '../../server/bot-runner/bot-runner.js';
import { utilityBotSpawner } from '../../main/utility-bot-spawner.js';
import type { BotSpawner } from '../../server/bot-runner/bot-process.js';
import { BotCapacityError, LocalBotRunner, type BotStoppedEvent } from '../../server/bot-runner/local-bot-runner.js';
import { botScript } from '../bot/support/bot-process.js';
import { decide, startFakeProviders, type FakeProviders } from '../bot/support/fake-providers.js';
import { readySessionForBot } from '../bot/support/live-session.js';
import { FakeBridgePage } from '../fakes/fake-bridge-page.js';
import { fakeUtilityFork } from '../fakes/fake-utility-process.js';
import { synthSpeech } from '../fakes/speech-audio.js';
import { ConsoleClient } from '../support/bot-client.js';
import { moveSession, myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The desktop's local runner with real bot processes, the real server and the provider fakes. The
 * runner uses the bot's local transport here (Daily needs a room); the page stand-in is the candidate.
 */
const config = configJson.parse({
  bot_name: 'Ada',
  system_prompt: 'Interview well.',
  initial_message: 'Hi, I am Ada. Ready?',
  interview: { questions: [{ id: 'q1', text: 'Tell me about a system you built.' }, { id: 'q2', text: 'Describe a conflict.' }] },
});

let server: ServerProcess;
let fakes: FakeProviders;
let logDir: string;
let orgId: string;
let runner: LocalBotRunner | null = null;
const pages: FakeBridgePage[] = [];

beforeAll(async () => {
  [server, fakes] = await Promise.all([startServerProcess(), startFakeProviders()]);
  orgId = await myOrgId(server);
  logDir = mkdtempSync(join(tmpdir(), 'bot-logs-'));
});

afterEach(async () => {
  await runner?.close();
  runner = null;
  for (const page of pages.splice(0)) await page.close();
});

afterAll(async () => {
  await fakes.stop();
  await server.stop();
  removeDataDir(server.dataDir);
  rmSync(logDir, { recursive: true, force: true });
});

function newRunner(options: { maxConcurrent?: number; heartbeatTimeoutMs?: number; spawner?: BotSpawner } = {}): { runner: LocalBotRunner; stopped: BotStoppedEvent[] } {
  const stopped: BotStoppedEvent[] = [];
  runner = new LocalBotRunner({
    botEntry: botScript,
    logDir,
    transport: 'local',
    providerEnv: ({ orgId: forOrg }) => {
      if (forOrg !== orgId) throw new Error(`keys asked for another org: ${forOrg}`);
      return fakes.env;
    },
    env: { BOT_TURN_PATIENCE_MS: '300', BOT_LOG_LEVEL: 'debug' },
    onStopped: (event) => stopped.push(event),
    ...options,
  });
  return { runner, stopped };
}

async function launchFor(): Promise<{ launch: BotLaunch; sessionId: string }> {
  const { session, botEnv } = await readySessionForBot(server, orgId);
  const launch: BotLaunch = {
    sessionId: session.id,
    orgId,
    roomUrl: 'https://acme.daily.co/unused-with-the-local-transport',
    roomToken: 'unused',
    config,
    reporting: { kind: 'socket', websocketUrl: botEnv.WEBSOCKET_URL as string, botToken: botEnv.BOT_TOKEN as string },
  };
  return { launch, sessionId: session.id };
}

async function candidateFor(started: LocalBotRunner, handle: BotHandle): Promise<FakeBridgePage> {
  const url = await started.pageUrl(handle);
  if (!url) throw new Error('the bot serves no page');
  const page = await FakeBridgePage.connect(url);
  pages.push(page);
  return page;
}

const waitFor = async (check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('the local bot runner', () => {
  it('runs one bot per session within its limit, files its log under the session, and stops it on cancel', async () => {
    const { runner: started, stopped } = newRunner({ maxConcurrent: 1 });
    const { launch, sessionId } = await launchFor();
    const watcher = await ConsoleClient.connect(server.url, server.token);
    await watcher.subscribe(sessionId);
    const handle = await started.start(launch);
    expect(handle.id).toMatch(/^local:\d+$/);
    expect(started.activeCount).toBe(1);
    await candidateFor(started, handle);
    await watcher.waitFor((m) => m.type === 'session_status' && m.status === 'active', 15_000);

    const second = await launchFor();
    await expect(started.start(second.launch)).rejects.toBeInstanceOf(BotCapacityError);
    expect((await started.describe([handle])).get(handle.id)).toEqual({ kind: 'running' });

    // The start flow's cancel: the server moves the session, then asks the runner to stop its bot.
    await moveSession(server, sessionId, 'cancelled');
    await started.stop(handle, 'session cancelled');
    expect(stopped).toEqual([expect.objectContaining({ sessionId, handle, reason: 'session cancelled', expected: true })]);
    expect((await started.describe([handle, { id: 'local:1' }])).get(handle.id)).toEqual({ kind: 'stopped', reason: 'session cancelled' });
    expect((await started.describe([{ id: 'local:1' }])).get('local:1')).toEqual({ kind: 'stopped', reason: 'not running on this machine' });
    const log = readFileSync(started.logPath(sessionId), 'utf8');
    expect(log).toContain(`"message":"bot starting","sessionId":"${sessionId}"`);
    expect(log).toContain('"message":"bot stopped","reason":"session cancelled"');
    expect(log).not.toContain(launch.reporting.kind === 'socket' ? launch.reporting.botToken : launch.reporting.reportToken);
    await watcher.close();
  });

  it('reports a killed bot as stopped unexpectedly; the segments it streamed are kept', async () => {
    fakes.deepgram.script('I built a queue.');
    fakes.openai.script(decide('next_question', { acknowledgement: 'Great.' }));
    const { runner: started, stopped } = newRunner();
    const { launch, sessionId } = await launchFor();
    const watcher = await ConsoleClient.connect(server.url, server.token);
    await watcher.subscribe(sessionId);
    const handle = await started.start(launch);
    const page = await candidateFor(started, handle);
    await page.waitFor(() => page.bursts[0]?.stoppedAt != null && !page.botAudioPlaying, 15_000, 'the greeting');
    await page.say(synthSpeech(0.8));
    const stored = (): number => watcher.messages.filter((m) => m.type === 'transcript_segment' && m.segment.final).length;
    await waitFor(() => stored() >= 3, 'three stored segments');

    process.kill(Number(handle.id.slice('local:'.length)), 'SIGKILL');
    await waitFor(() => stopped.length === 1, 'the runner to notice');
    expect(stopped[0]).toMatchObject({ sessionId, reason: 'the bot was killed (SIGKILL)', expected: false, signal: 'SIGKILL' });
    expect((await started.describe([handle])).get(handle.id)).toEqual({ kind: 'stopped', reason: 'the bot was killed (SIGKILL)' });

    // What the start flow does on an unexpected stop: the session fails, and keeps what was said.
    const failed = await moveSession(server, sessionId, 'failed');
    expect(failed.status).toBe('failed');
    const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${sessionId}`);
    const transcript = await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${list.json.data[0]?.id}`);
    const streamed = watcher.messages
      .filter((m): m is Extract<ServerMessage, { type: 'transcript_segment' }> => m.type === 'transcript_segment' && m.segment.final)
      .map((m) => m.segment.text);
    expect(transcript.json.data.speakerSegments.map((segment) => segment.text)).toEqual(streamed);
    expect(streamed.slice(0, 3)).toEqual(['Hi, I am Ada. Ready?', 'I built a queue.', 'Great. Tell me about a system you built.']);
    await watcher.close();
  });

  it('kills a bot that stops sending heartbeats and reports it', async () => {
    // 3 s (a beat a second): wide enough that a busy CI machine delaying a beat is not a hang.
    const { runner: started, stopped } = newRunner({ heartbeatTimeoutMs: 3000 });
    const { launch, sessionId } = await launchFor();
    const handle = await started.start(launch);
    await started.pageUrl(handle);
    // Longer than the timeout: only the beats keep it alive.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(stopped).toEqual([]);
    // A hung process: alive, but its event loop never runs.
    process.kill(Number(handle.id.slice('local:'.length)), 'SIGSTOP');
    await waitFor(() => stopped.length === 1, 'the watchdog', 10_000);
    expect(stopped[0]).toMatchObject({ sessionId, reason: 'no heartbeat for 3 s', expected: false });
    const session = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${sessionId}`);
    expect(session.json.data.status).toBe('ready');
  });

  it('starts a rehearsal bot for the config editor and serves its page', async () => {
    const { runner: started, stopped } = newRunner();
    const rehearsal = await started.startRehearsal(config, orgId);
    expect(rehearsal.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rehearse#key=/);
    const page = await FakeBridgePage.connect(rehearsal.url);
    pages.push(page);
    await page.waitFor(() => page.segments.some((segment) => segment.text === 'Hi, I am Ada. Ready?' && segment.final), 15_000, 'the greeting on the page');
    await rehearsal.stop();
    expect((await rehearsal.exited).expected).toBe(true);
    expect(stopped.map((event) => event.reason)).toEqual(['rehearsal closed']);
  });

  it('runs bots as the desktop does, through utility processes: same log, graceful stop, and a hard kill for a hung bot', async () => {
    const fork = fakeUtilityFork();
    const { runner: started, stopped } = newRunner({ spawner: utilityBotSpawner(fork), heartbeatTimeoutMs: 1500 });
    const rehearsal = await started.startRehearsal(config, orgId);
    expect(fork.calls).toEqual([expect.objectContaining({ modulePath: botScript, serviceName: 'Interview bot' })]);
    // The bot gets the runner's environment and nothing of the server's own.
    expect(fork.calls[0]?.env).toMatchObject({ BOT_TRANSPORT: 'local', ...fakes.env });
    expect(fork.calls[0]?.env).not.toHaveProperty('VOICE_API_TOKEN');
    const page = await FakeBridgePage.connect(rehearsal.url);
    pages.push(page);
    await page.waitFor(() => page.segments.some((segment) => segment.final), 15_000, 'the greeting on the page');
    await rehearsal.stop();
    expect(await rehearsal.exited).toMatchObject({ expected: true, reason: 'rehearsal closed', exitCode: 0 });
    // Stopped with SIGTERM, the bot had time to say goodbye in its log before the runner closed it.
    const firstLog = readFileSync(started.logPath(stopped[0]?.sessionId ?? ''), 'utf8');
    expect(firstLog).toContain('"message":"stopping","signal":"SIGTERM"');
    expect(firstLog.trimEnd().split('\n').at(-1)).toContain('"message":"bot stopped","reason":"rehearsal closed"');

    const { launch, sessionId } = await launchFor();
    const handle = await started.start(launch);
    await started.pageUrl(handle);
    process.kill(Number(handle.id.slice('local:'.length)), 'SIGSTOP');
    await waitFor(() => stopped.length === 2, 'the watchdog', 10_000);
    // SIGKILL reached the stopped process (a SIGTERM would have waited for it forever).
    expect(stopped[1]).toMatchObject({ sessionId, reason: 'no heartbeat for 2 s', expected: false, exitCode: 137 });
  });
});
