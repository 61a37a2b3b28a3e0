import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { botFallbackFile, botFallbackKey, type BotFallbackFile } from '../../contracts/bot-fallback.js';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import { qualityOf } from '../../contracts/interview-quality.js';
import { FakeBridgePage } from '../fakes/fake-bridge-page.js';
import { synthSpeech } from '../fakes/speech-audio.js';
import { LocalS3 } from '../support/s3-server.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { startBotProcess, type BotEvent, type BotProcess } from './support/bot-process.js';
import { decide, startFakeProviders, type FakeProviders } from './support/fake-providers.js';
import { liveBroadcasts, readyTeamSession, rpcAsUser, sessionRow, storedSegments, transcriptRow, type TeamSession } from './support/team-session.js';

/**
 * The built bot process (`dist/bot/main.js`) on ECS terms: it reports to the team's project (real
 * Postgres + PostgREST behind the fault-injecting gateway), with s3rver as its transcript bucket.
 * The candidate is the Node stand-in for the page on the local transport; the providers are the
 * voice fakes. Run `npm run build` first.
 */
const BUCKET = 'team-transcripts';

const config: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You are a calm technical interviewer.',
  initial_message: 'Hi, I am Ada. Ready?',
  interview: {
    questions: [
      { id: 'q1', text: 'Tell me about a system you built.', follow_up_enabled: false },
      { id: 'q2', text: 'Describe a conflict in your team.', follow_up_enabled: false },
    ],
  },
};
const answers = ['Yes.', 'I built a queue.', 'We talked it through.'];

let stack: SupabaseStack;
let s3: LocalS3;
let member: TestUser;
let orgId: string;
let fakes: FakeProviders | null = null;
let bot: BotProcess | null = null;
let page: FakeBridgePage | null = null;

beforeAll(async () => {
  [stack, s3] = await Promise.all([startSupabaseStack(), new LocalS3(BUCKET).start()]);
  member = await stack.createUser('recruiter');
  orgId = await stack.createOrg('Acme', [{ user: member, role: 'org_admin' }]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await s3?.dispose();
});

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await page?.close();
  await fakes?.stop();
  bot = null;
  page = null;
  fakes = null;
  stack.gateway.clearFaults();
  await stack.gateway.online();
});

interface Interview {
  session: TeamSession;
  /** The candidate answers the bot's turn `turn` (1-based) once it has been played out. */
  answerAfter(turn: number): Promise<void>;
  waitForTurn(turn: number): Promise<void>;
}

/** Starts the bot for a ready team session and joins its page as the candidate. */
async function startInterview(env: Record<string, string>): Promise<Interview> {
  fakes = await startFakeProviders({ deepgram: { answers } });
  fakes.openai.script(decide('next_question', { acknowledgement: 'Great.' }), decide('next_question', { acknowledgement: 'Thanks.' }), decide('next_question', { acknowledgement: 'Thank you.' }));
  const session = await readyTeamSession(stack, orgId, member);
  bot = startBotProcess({ ...fakes.env, ...session.env, BOT_TRANSPORT: 'local', BOT_TURN_PATIENCE_MS: '300', ...env }, config);
  const ready = await bot.ready;
  const candidate = await FakeBridgePage.connect(String(ready.url));
  page = candidate;
  const waitForTurn = (turn: number): Promise<void> =>
    candidate.waitFor(() => candidate.bursts.length >= turn && candidate.bursts[turn - 1]?.stoppedAt !== null && !candidate.botAudioPlaying, 30_000, `bot turn ${turn}`);
  return {
    session,
    waitForTurn,
    answerAfter: async (turn) => {
      await waitForTurn(turn);
      await candidate.say(synthSpeech(0.8));
    },
  };
}

async function ended(process: BotProcess): Promise<{ code: number | null; line: BotEvent | undefined }> {
  const code = await process.exited;
  return { code, line: process.events.find((event) => event.event === 'ended') };
}

async function fallbackObject(orgIdOf: string, sessionId: string): Promise<BotFallbackFile> {
  const client = new S3Client({ region: 'us-east-1', endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: botFallbackKey(orgIdOf, sessionId) }));
    return botFallbackFile.parse(JSON.parse((await object.Body?.transformToString('utf8')) ?? ''));
  } finally {
    client.destroy();
  }
}

const s3Env = (): Record<string, string> => ({ TRANSCRIPT_S3_BUCKET: BUCKET, ...s3.env });

describe('the bot process reporting to the team project', () => {
  it('runs the interview through an outage of the project: nothing lost, nothing twice, exit 0, saved "reported"', async () => {
    const interview = await startInterview(s3Env());
    await interview.answerAfter(1);
    await interview.waitForTurn(2);
    // The project goes away while the candidate answers and the bot asks its next question.
    await stack.gateway.offline();
    await interview.answerAfter(2);
    await interview.waitForTurn(3);
    await stack.gateway.online();
    await interview.answerAfter(3);
    const { code, line } = await ended(bot as BotProcess);
    expect(code, (bot as BotProcess).stderr().slice(-3000)).toBe(0);
    expect(line).toMatchObject({ reason: 'interview complete', status: 'completed', delivered: true, saved: 'reported', lost: 0 });

    const { sessionId } = interview.session;
    const stored = await storedSegments(stack, sessionId);
    expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: line?.segments ?? 0 }, (_, index) => index));
    expect(stored.filter((row) => row.speaker === 'candidate').map((row) => row.text)).toEqual(answers);
    expect((await sessionRow(stack, sessionId)).status).toBe('completed');
    expect((await transcriptRow(stack, sessionId))?.speaker_segments).toHaveLength(stored.length);
    // The interview's quality figures came ahead of the final status, kept on the session (migration 012).
    const metadata = await stack.admin.query<{ session_metadata: Record<string, unknown> }>('SELECT session_metadata FROM public.voice_sessions WHERE id = $1', [sessionId]);
    const quality = qualityOf(metadata.rows[0]?.session_metadata ?? {});
    expect(quality).toMatchObject({ version: 1, sttModel: 'nova-2', bargeIns: 0 });
    expect(quality?.replies).toBeGreaterThanOrEqual(2);
    // Each segment was broadcast once, all of them between active and completed.
    const order = (await liveBroadcasts(stack, sessionId)).filter((message) => message.event !== 'bot_state').map((message) => message.event);
    expect(order).toEqual(['status', ...stored.map(() => 'segment'), 'status']);
    // No fallback was needed.
    await expect(fallbackObject(orgId, sessionId)).rejects.toThrow();
    // The credential never reached the logs.
    expect((bot as BotProcess).stderr()).not.toContain(interview.session.token);
  });

  it('with the project down at the end, saves the whole transcript through S3 (exit 3), and the import completes the session', async () => {
    const interview = await startInterview(s3Env());
    await interview.answerAfter(1);
    await interview.answerAfter(2);
    await interview.waitForTurn(3);
    await stack.gateway.offline();
    await interview.answerAfter(3);
    const { code, line } = await ended(bot as BotProcess);
    expect(code, (bot as BotProcess).stderr().slice(-3000)).toBe(3);
    expect(line).toMatchObject({ reason: 'interview complete', status: 'completed', delivered: false, saved: 's3', lost: 0 });
    // stderr stays JSON lines with the AWS SDK loaded (its Node-version warning is not printed).
    for (const logLine of (bot as BotProcess).stderr().split('\n').filter(Boolean)) expect(() => JSON.parse(logLine), logLine).not.toThrow();

    const { sessionId } = interview.session;
    const file = await fallbackObject(orgId, sessionId);
    expect(file).toMatchObject({ version: 1, sessionId, orgId, status: 'completed', reason: 'interview complete' });
    expect(file.segments.map((segment) => segment.seq)).toEqual(Array.from({ length: line?.segments ?? 0 }, (_, index) => index));
    expect(file.segments.filter((segment) => segment.speaker === 'candidate').map((segment) => segment.text)).toEqual(answers);

    // The project still lacks the end of it; the console's import (the project's RPC) makes it whole.
    await stack.gateway.online();
    expect((await sessionRow(stack, sessionId)).status).toBe('active');
    const imported = await rpcAsUser(stack, member, 'voice_import_bot_transcript', { p_session_id: sessionId, p_segments: file.segments, p_status: file.status, p_reason: file.reason });
    expect(imported.status).toBe(200);
    expect((await sessionRow(stack, sessionId)).status).toBe('completed');
    expect((await transcriptRow(stack, sessionId))?.speaker_segments.map((segment) => segment.seq)).toEqual(file.segments.map((segment) => segment.seq));
  });

  it('with the project and the bucket both unreachable at the end, says what was lost (exit 4)', async () => {
    const gone = await new LocalS3(BUCKET).start();
    const env = { TRANSCRIPT_S3_BUCKET: BUCKET, ...gone.env };
    await gone.dispose();
    const interview = await startInterview(env);
    await interview.answerAfter(1);
    await interview.answerAfter(2);
    await interview.waitForTurn(3);
    await stack.gateway.offline();
    await interview.answerAfter(3);
    const { code, line } = await ended(bot as BotProcess);
    expect(code, (bot as BotProcess).stderr().slice(-3000)).toBe(4);
    // At least the last answer, the closing line and the completion were saved nowhere.
    expect(line).toMatchObject({ reason: 'interview complete', status: 'completed', saved: 'none' });
    expect(line?.lost).toBeGreaterThanOrEqual(3);
    expect((bot as BotProcess).stderr()).toContain('could be saved nowhere');
    await expect(fallbackObject(orgId, interview.session.sessionId)).rejects.toThrow();
  });

  it('refuses a bad environment with exit 2 and never echoes the credential', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    bot = startBotProcess({ DEEPGRAM_API_KEY: 'k', CARTESIA_API_KEY: 'k', OPENAI_API_KEY: 'k', ...session.env, WEBSOCKET_URL: 'ws://127.0.0.1:1/api/voice/ws', BOT_TOKEN: 'vbt_x' }, config);
    expect(await bot.exited).toBe(2);
    expect(bot.stderr()).toContain('not both');
    expect(bot.stderr()).not.toContain(session.token);
  });
});
