import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { botFallbackKey } from '../../contracts/bot-fallback.js';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import type { ServerMessage } from '../../contracts/live-events.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { LiveSegment, Transcript } from '../../contracts/transcript.js';
import type { ModelAnalysis } from '../../server/analytics/analysis-schema.js';
import { startBotProcess, type BotEvent, type BotProcess } from '../bot/support/bot-process.js';
import { decide, startFakeProviders, type FakeProviders } from '../bot/support/fake-providers.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { EcsFake } from '../fakes/ecs-fake.js';
import { FakeBridgePage } from '../fakes/fake-bridge-page.js';
import { synthSpeech } from '../fakes/speech-audio.js';
import { ConsoleClient } from '../support/bot-client.js';
import { eventually } from '../support/eventually.js';
import { objectKeys } from '../support/fallback-files.js';
import { createConfig, createSession } from '../support/fixtures.js';
import { LocalS3 } from '../support/s3-server.js';
import type { ServerProcess } from '../support/server-process.js';
import { syncNow, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { DAILY_KEY, ecsConsoleEnv, startTeamConsole } from '../support/team-consoles.js';

/**
 * Issue 10 end to end: an interview on "ECS" that never depends on the desktop that started it.
 * The ECS fake runs the real bot process (`dist/bot/main.js`) for each RunTask, with the task
 * definition's environment (provider fakes, the local transport, the bucket's credentials) under
 * the console's overrides; StopTask signals it, DescribeTasks reports its real state. The bot
 * reports to the test project; two consoles are signed in (A starts, B watches). The candidate is
 * the Node stand-in for the bot's local page, answering each question once the bot has spoken.
 * Run `npm run build` first.
 */
const config: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You are a calm technical interviewer.',
  initial_message: 'Hi, I am Ada. Ready?',
  interview: {
    max_duration_minutes: 20,
    questions: [
      { id: 'q1', text: 'Tell me about a system you built.', type: 'technical', follow_up_enabled: false },
      { id: 'q2', text: 'Describe a conflict in your team.', type: 'behavioral', follow_up_enabled: false },
    ],
    scoring_rubric: { criteria: [{ name: 'communication', weight: 1 }] },
  },
};
const answers = ['Yes.', 'I built a queue with retries.', 'We talked it through.'];

const analysis: ModelAnalysis = {
  summary: 'Concrete about queues.',
  overall_score: 72,
  category_scores: [{ criterion: 'communication', score: 72, feedback: 'Clear', evidence: ['I built a queue with retries.'] }],
  strengths: ['Queues'],
  weaknesses: ['Depth'],
  recommendations: ['Ask about testing'],
  key_moments: [{ quote: 'a queue with retries', type: 'strength', description: 'Concrete' }],
  question_coverage: [
    { question_id: 'q1', status: 'answered', evidence: 'I built a queue with retries.' },
    { question_id: 'q2', status: 'answered', evidence: 'We talked it through.' },
  ],
};

let stack: SupabaseStack;
let daily: DailyRestFake;
let ecs: EcsFake;
let s3: LocalS3;
let fakes: FakeProviders;
let a: AppDesktop;
let b: AppDesktop;
let alice: TestUser;
let bob: TestUser;
let teamOrg: string;
let configId: string;
const bots = new Map<string, BotProcess>();
const pages: FakeBridgePage[] = [];
const watchers: ConsoleClient[] = [];

beforeAll(async () => {
  stack = await startSupabaseStack();
  [daily, s3, fakes] = await Promise.all([new DailyRestFake(DAILY_KEY).start(), new LocalS3('transcripts').start(), startFakeProviders({ deepgram: { answers: [] } })]);
  // The console's analysis and the bot's interview LLM share the OpenAI fake: scripted decisions for the bot, JSON for the analysis.
  fakes.openai.respondWith((request) => (request.body.response_format ? { kind: 'json', value: analysis } : undefined));
  ecs = await new EcsFake('interviews', 'us-east-1', {
    // What the task definition gives the container: provider keys (Secrets Manager), the task role's S3 access.
    taskDefinitionEnv: { ...fakes.env, ...s3.env, BOT_TRANSPORT: 'local', BOT_TURN_PATIENCE_MS: '300' },
    launch: (task, env) => {
      const bot = startBotProcess(env, JSON.parse(env.BOT_CONFIG as string) as ConfigJsonInput);
      bots.set(task.taskArn, bot);
      return { exited: bot.exited, kill: (signal) => void bot.child.kill(signal) };
    },
  }).start();
  [alice, bob] = await Promise.all([stack.createUser('alice'), stack.createUser('bob')]);
  teamOrg = await stack.createOrg('Team', [
    { user: alice, role: 'org_owner' },
    { user: bob, role: 'org_user' },
  ]);
  const env = { ...ecsConsoleEnv(ecs, s3, daily.url), OPENAI_BASE_URL: fakes.openai.url };
  [a, b] = await Promise.all([
    startTeamConsole(stack, alice, env, [
      { orgId: teamOrg, serviceName: 'daily', apiKey: DAILY_KEY },
      { orgId: teamOrg, serviceName: 'openai', apiKey: fakes.openai.apiKey },
    ]),
    startTeamConsole(stack, bob, env),
  ]);
  configId = (await createConfig(a.server, teamOrg, { name: 'Team loop', configJson: config })).id;
}, 120_000);

afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close()));
  await Promise.all(watchers.splice(0).map((watcher) => watcher.close()));
  stack.gateway.clearFaults();
  await stack.gateway.online();
});

afterAll(async () => {
  await ecs?.stop();
  await Promise.all([a?.stop(), b?.stop()]);
  await stack?.stop();
  await Promise.all([daily?.stop(), s3?.dispose(), fakes?.stop()]);
});

interface Interview {
  sessionId: string;
  bot: BotProcess;
  watcher: ConsoleClient;
  waitForTurn(turn: number): Promise<void>;
  answerAfter(turn: number): Promise<void>;
  ended(): Promise<{ code: number | null; line: BotEvent | undefined }>;
}

/** A starts a team session on ECS while B's Live tab watches it; the candidate joins the bot's page. */
async function startInterview(): Promise<Interview> {
  fakes.deepgram.script(...answers);
  fakes.openai.script(decide('next_question', { acknowledgement: 'Great.' }), decide('next_question', { acknowledgement: 'Thanks.' }), decide('next_question', { acknowledgement: 'Thank you.' }));
  const session = await createSession(a.server, teamOrg, { configId, candidateName: 'Grace Hopper' });
  await syncNow(a.server);
  await syncNow(b.server);
  const watcher = await ConsoleClient.connect(b.server.url, b.server.token);
  watchers.push(watcher);
  watcher.send({ type: 'subscribe', sessionId: session.id });
  await eventually(() => (watcher.messages.filter((m) => m.type === 'subscribed').length >= 2 ? true : undefined), 'B watching through the team feed');
  await eventually(() => (stack.realtime.joinedCount(`live:session:${session.id}`, { private: true }) >= 1 ? true : undefined), 'B joined the live channel');

  const started = await a.server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`);
  expect(started.status, started.text).toBe(200);
  const bot = bots.get(started.json.data.ecsTaskArn as string);
  if (!bot) throw new Error('RunTask started no bot');
  const ready = await bot.ready;
  const candidate = await FakeBridgePage.connect(String(ready.url));
  pages.push(candidate);
  const waitForTurn = (turn: number): Promise<void> =>
    candidate.waitFor(() => candidate.bursts.length >= turn && candidate.bursts[turn - 1]?.stoppedAt !== null && !candidate.botAudioPlaying, 60_000, `bot turn ${turn}`);
  return {
    sessionId: session.id,
    bot,
    watcher,
    waitForTurn,
    answerAfter: async (turn) => {
      await waitForTurn(turn);
      await candidate.say(synthSpeech(0.8));
    },
    ended: async () => {
      const code = await bot.exited;
      return { code, line: bot.events.find((event) => event.event === 'ended') };
    },
  };
}

const liveFinals = (watcher: ConsoleClient): LiveSegment[] =>
  watcher.messages
    .filter((m): m is Extract<ServerMessage, { type: 'transcript_segment' }> => m.type === 'transcript_segment' && m.segment.final)
    .map((m) => m.segment);

async function storedSegments(sessionId: string): Promise<{ seq: number; speaker: string; text: string }[]> {
  return (await stack.admin.query<{ seq: number; speaker: string; text: string }>('SELECT seq, speaker, text FROM public.voice_live_segments WHERE session_id = $1 ORDER BY seq', [sessionId])).rows;
}

async function projectTranscript(sessionId: string): Promise<{ seq: number; text: string }[] | undefined> {
  const row = await stack.admin.query<{ speaker_segments: { seq: number; text: string }[] }>('SELECT speaker_segments FROM public.voice_transcripts WHERE session_id = $1', [sessionId]);
  return row.rows[0]?.speaker_segments;
}

async function cachedTranscript(server: ServerProcess, sessionId: string): Promise<Transcript> {
  return eventually(async () => {
    const list = await server.call<ApiSuccess<Transcript[]>>('GET', `/api/voice/transcripts?orgId=${teamOrg}&sessionId=${sessionId}`);
    const id = list.json.data[0]?.id;
    return id ? (await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${id}`)).json.data : undefined;
  }, 'the transcript in the cache', 30_000);
}

const analysisRequests = (): number => fakes.openai.requests.filter((request) => request.body.response_format !== undefined).length;

/** Everything said is in the project, in both caches and in the transcript, once each and in order. */
async function expectWholeTranscript(sessionId: string, segments: number): Promise<{ seq: number; speaker: string; text: string }[]> {
  const stored = await storedSegments(sessionId);
  expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: segments }, (_, index) => index));
  expect(stored.filter((row) => row.speaker === 'candidate').map((row) => row.text)).toEqual(answers);
  expect((await projectTranscript(sessionId))?.map((segment) => [segment.seq, segment.text])).toEqual(stored.map((row) => [row.seq, row.text]));
  for (const server of [a.server, b.server]) {
    const cached = await cachedTranscript(server, sessionId);
    expect(cached.speakerSegments.map((segment) => [segment.seq, segment.text])).toEqual(stored.map((row) => [row.seq, row.text]));
  }
  return stored;
}

describe('an interview on ECS reporting to the team project', () => {
  it('survives the starting desktop dying: B watches every segment live, A catches up and analyses once', async () => {
    const interview = await startInterview();
    await interview.answerAfter(1);
    // A dies once the candidate's first answer is on record (B sees it live).
    await interview.watcher.waitFor((m) => m.type === 'transcript_segment' && m.segment.speaker === 'candidate', 30_000);
    await a.server.stop('SIGKILL');
    await interview.answerAfter(2);
    await interview.answerAfter(3);
    const { code, line } = await interview.ended();
    expect(code, interview.bot.stderr().slice(-3000)).toBe(0);
    expect(line).toMatchObject({ status: 'completed', saved: 'reported', lost: 0 });
    await interview.watcher.waitFor((m) => m.type === 'session_status' && m.status === 'completed', 30_000);

    // A comes back after the bot ended: sync brings the session and its transcript; A holds the key and analyses.
    await a.restart();
    const stored = await expectWholeTranscript(interview.sessionId, line?.segments ?? 0);
    const seen = liveFinals(interview.watcher);
    expect(seen.map((segment) => [segment.seq, segment.text])).toEqual(stored.map((row) => [row.seq, row.text]));
    const statuses = interview.watcher.messages.filter((m): m is Extract<ServerMessage, { type: 'session_status' }> => m.type === 'session_status');
    expect([...new Set(statuses.map((m) => m.status))]).toEqual(['ready', 'active', 'completed']);

    await eventually(async () => ((await a.server.call('GET', `/api/voice/analytics/${interview.sessionId}`)).status === 200 ? true : undefined), 'the analysis on A', 30_000);
    await eventually(async () => ((await b.server.call('GET', `/api/voice/analytics/${interview.sessionId}`)).status === 200 ? true : undefined), 'the analysis synced to B', 30_000);
    expect(analysisRequests()).toBe(1);
    expect((await stack.admin.query('SELECT 1 FROM public.voice_analytics WHERE session_id = $1', [interview.sessionId])).rowCount).toBe(1);
    // The task ran its course; nothing ended the session but the bot.
    const task = ecs.tasks.get([...bots.entries()].find(([, bot]) => bot === interview.bot)?.[0] ?? '');
    expect(task).toMatchObject({ lastStatus: 'STOPPED', exitCode: 0 });
  });

  it('loses nothing and duplicates nothing when PostgREST is unreachable for 20 s mid-interview', async () => {
    const interview = await startInterview();
    await interview.answerAfter(1);
    await interview.waitForTurn(2);
    await stack.gateway.offline();
    await interview.answerAfter(2);
    // An outage long enough for several of the bot's retries (a duration, not a measurement).
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await stack.gateway.online();
    await interview.answerAfter(3);
    const { code, line } = await interview.ended();
    expect(code, interview.bot.stderr().slice(-3000)).toBe(0);
    expect(line).toMatchObject({ status: 'completed', saved: 'reported', lost: 0 });
    await interview.watcher.waitFor((m) => m.type === 'session_status' && m.status === 'completed', 30_000);
    const stored = await expectWholeTranscript(interview.sessionId, line?.segments ?? 0);
    // B's live view caught up on what was stored while its channel was cut, each segment once.
    await eventually(() => (liveFinals(interview.watcher).length >= stored.length ? true : undefined), 'B caught up');
    const seen = liveFinals(interview.watcher).map((segment) => segment.seq);
    expect([...seen].sort((x, y) => x - y)).toEqual(stored.map((row) => row.seq));
  });

  it('with PostgREST down at the end, the transcript arrives through S3 and a console imports it', async () => {
    const interview = await startInterview();
    await interview.answerAfter(1);
    await interview.answerAfter(2);
    await interview.waitForTurn(3);
    await stack.gateway.offline();
    await interview.answerAfter(3);
    const { code, line } = await interview.ended();
    expect(code, interview.bot.stderr().slice(-3000)).toBe(3);
    expect(line).toMatchObject({ status: 'completed', saved: 's3', lost: 0 });
    const key = botFallbackKey(teamOrg, interview.sessionId);
    expect(await objectKeys(s3, key)).toEqual([key]);

    // The project is back: a console's watchdog finds the stopped task, imports the file and removes it.
    await stack.gateway.online();
    await eventually(async () => {
      const row = await stack.admin.query<{ status: string }>('SELECT status FROM public.voice_sessions WHERE id = $1', [interview.sessionId]);
      return row.rows[0]?.status === 'completed' ? true : undefined;
    }, 'the import completed the session', 60_000);
    await expectWholeTranscript(interview.sessionId, line?.segments ?? 0);
    await eventually(async () => ((await objectKeys(s3, key)).length === 0 ? true : undefined), 'the fallback file removed');
  });
});
