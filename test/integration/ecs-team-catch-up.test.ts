import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import { qualityFigures } from '../support/quality-figures.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { Transcript } from '../../contracts/transcript.js';
import type { ModelAnalysis } from '../../server/analytics/analysis-schema.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { EcsFake } from '../fakes/ecs-fake.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';
import { eventually } from '../support/eventually.js';
import { objectKeys, putFallbackFile, spoken } from '../support/fallback-files.js';
import { createConfig, createSession, myOrgId, openStore } from '../support/fixtures.js';
import { LocalS3 } from '../support/s3-server.js';
import type { ServerProcess } from '../support/server-process.js';
import { startAppDesktop, syncNow, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { botRpc, DAILY_KEY, ecsConsoleEnv, overridesOf, startTeamConsole, storeKey } from '../support/team-consoles.js';

// After an interview on ECS ends, whichever desktops of the team are online archive it and analyse
// it exactly once (leases on the project); only a desktop with the OpenAI key tries the analysis.
// A bot that could not report leaves its transcript in S3, and the watchdog brings it in.
let stack: SupabaseStack;
let daily: DailyRestFake;
let ecs: EcsFake;
let s3: LocalS3;
let openai: FakeOpenAi;
let a: AppDesktop;
let b: AppDesktop;
let c: AppDesktop;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let teamOrg: string;

const analysis: ModelAnalysis = {
  summary: 'Clear about queues.',
  overall_score: 70,
  category_scores: [
    { criterion: 'communication', score: 70, feedback: 'Clear' },
    { criterion: 'technical_depth', score: 70, feedback: 'Solid' },
    { criterion: 'problem_solving', score: 70, feedback: 'Fine' },
  ],
  strengths: ['Queues'],
  weaknesses: ['Testing'],
  recommendations: ['Ask about tests'],
  key_moments: [{ quote: 'a queue with retries', type: 'strength', description: 'Concrete' }],
  question_coverage: [
    { question_id: 'q1', status: 'answered' },
    { question_id: 'q2', status: 'not_asked' },
  ],
};

const analysisRequests = (): number => openai.requests.filter((request) => request.body.response_format !== undefined).length;

beforeAll(async () => {
  stack = await startSupabaseStack();
  [daily, ecs, s3, openai] = await Promise.all([
    new DailyRestFake(DAILY_KEY).start(),
    new EcsFake('interviews').start(),
    new LocalS3('transcripts').start(),
    startFakeOpenAi(),
  ]);
  openai.respondWith(() => ({ kind: 'json', value: analysis }));
  [alice, bob, carol] = await Promise.all([stack.createUser('alice'), stack.createUser('bob'), stack.createUser('carol')]);
  teamOrg = await stack.createOrg('Team', [
    { user: alice, role: 'org_owner' },
    { user: bob, role: 'org_admin' },
    { user: carol, role: 'org_user' },
  ]);
  const env = { ...ecsConsoleEnv(ecs, s3, daily.url), OPENAI_BASE_URL: openai.url };
  a = await startTeamConsole(stack, alice, env, [
    { orgId: teamOrg, serviceName: 'daily', apiKey: DAILY_KEY },
    { orgId: teamOrg, serviceName: 'openai', apiKey: openai.apiKey },
  ]);
  await syncNow(a.server);
  [b, c] = await Promise.all([startTeamConsole(stack, bob, env), startTeamConsole(stack, carol, env)]);
  // B files its own copy of the key under the credential A shared (keys never leave a machine).
  await syncNow(b.server);
  await storeKey(b.server, teamOrg, 'openai', openai.apiKey);
  await syncNow(b.server);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), c?.stop()]);
  await stack?.stop();
  await Promise.all([daily?.stop(), ecs?.stop(), s3?.dispose(), openai?.stop()]);
});

function installIdOf(desktop: AppDesktop): string {
  const db = openStore(desktop.dataDir);
  try {
    return JSON.parse((db.prepare("SELECT value FROM app_settings WHERE key = 'install_id'").get() as { value: string }).value) as string;
  } finally {
    db.close();
  }
}

async function leases(sessionId: string): Promise<Record<string, { holder: string; done: boolean }>> {
  const rows = await stack.admin.query<{ kind: string; holder: string; done: boolean }>(
    'SELECT kind, holder, done_at IS NOT NULL AS done FROM public.voice_session_leases WHERE session_id = $1',
    [sessionId],
  );
  return Object.fromEntries(rows.rows.map((row) => [row.kind, { holder: row.holder, done: row.done }]));
}

async function startedTeamSession(): Promise<{ session: VoiceSession; token: string; taskArn: string }> {
  const config = await createConfig(a.server, teamOrg);
  const session = await createSession(a.server, teamOrg, { configId: config.id, candidateName: 'Grace Hopper' });
  const started = await a.server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`);
  expect(started.status).toBe(200);
  return { session, token: overridesOf(ecs, session.id).BOT_REPORT_TOKEN as string, taskArn: started.json.data.ecsTaskArn as string };
}

async function transcriptOn(server: ServerProcess, sessionId: string): Promise<Transcript | undefined> {
  const list = await server.call<ApiSuccess<Transcript[]>>('GET', `/api/voice/transcripts?orgId=${teamOrg}&sessionId=${sessionId}`);
  const id = list.json.data[0]?.id;
  return id ? (await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${id}`)).json.data : undefined;
}

describe('catch-up after an interview the bot reported to the team project', () => {
  it('archives once and analyses once across the team, only where the OpenAI key is', async () => {
    const { session, token } = await startedTeamSession();
    // A and B go offline (quit) while the bot runs; only carol's desktop, without the OpenAI key, stays.
    await Promise.all([a.server.stop(), b.server.stop()]);
    expect((await botRpc(stack, 'voice_bot_report_status', { p_token: token, p_status: 'active' })).status).toBe(200);
    const said = spoken(['Tell me about a system you built.', 'I built a queue with retries.']);
    expect((await botRpc(stack, 'voice_bot_append_segments', { p_token: token, p_segments: said })).body).toEqual({ stored: [0, 1] });
    expect((await botRpc(stack, 'voice_bot_report_status', { p_token: token, p_status: 'completed' })).status).toBe(200);

    // Carol's desktop pulls the completed session and archives it (under the lease); it never asks for the analysis.
    await syncNow(c.server);
    await eventually(async () => ((await leases(session.id)).archive?.done ? true : undefined), 'the archive lease finished');
    expect((await leases(session.id)).archive?.holder).toBe(installIdOf(c));
    expect(await objectKeys(s3, `transcripts/${teamOrg}/2`)).toEqual([expect.stringMatching(new RegExp(`/${session.id}\\.json$`))]);
    await syncNow(c.server);
    expect((await leases(session.id)).analytics).toBeUndefined();
    expect(analysisRequests()).toBe(0);

    // A and B come back together: both can analyse, one does; the archive is not repeated.
    await Promise.all([a.restart(), b.restart()]);
    await eventually(async () => ((await leases(session.id)).analytics?.done ? true : undefined), 'the analytics lease finished');
    const holder = (await leases(session.id)).analytics?.holder;
    expect([installIdOf(a), installIdOf(b)]).toContain(holder);
    for (const desktop of [a, b, c]) {
      await eventually(async () => {
        const reply = await desktop.server.call('GET', `/api/voice/analytics/${session.id}`);
        return reply.status === 200 ? true : undefined;
      }, 'the analysis synced to every desktop');
    }
    await Promise.all([syncNow(a.server), syncNow(b.server)]);
    expect(analysisRequests()).toBe(1);
    const analytics = await stack.admin.query('SELECT 1 FROM public.voice_analytics WHERE session_id = $1', [session.id]);
    expect(analytics.rowCount).toBe(1);
    expect((await leases(session.id)).archive?.holder).toBe(installIdOf(c));
    expect(await objectKeys(s3, `transcripts/${teamOrg}/2`)).toHaveLength(1);
    const url = await stack.admin.query<{ transcript_s3_url: string }>('SELECT transcript_s3_url FROM public.voice_transcripts WHERE session_id = $1', [session.id]);
    expect(url.rows[0]?.transcript_s3_url).toMatch(new RegExp(`^s3://transcripts/transcripts/${teamOrg}/.+/${session.id}\\.json$`));
  });
});

const fallbackQuality = qualityFigures({ turnTaking: 'nova-semantic', sttModel: 'nova-3' });

describe('the S3 fallback import', () => {
  it('brings a team bot\'s undelivered transcript into the project when its task stopped', async () => {
    const { session, token, taskArn } = await startedTeamSession();
    expect((await botRpc(stack, 'voice_bot_report_status', { p_token: token, p_status: 'active' })).status).toBe(200);
    const said = spoken(['Hello.', 'Hi there.', 'Why queues?', 'Back pressure.']);
    expect((await botRpc(stack, 'voice_bot_append_segments', { p_token: token, p_segments: said.slice(0, 1) })).status).toBe(200);
    // The project went unreachable for the bot: the rest, and its end, went to S3; then its task stopped.
    const key = await putFallbackFile(s3, {
      version: 1,
      sessionId: session.id,
      orgId: teamOrg,
      status: 'completed',
      reason: 'interview finished',
      segments: said,
      // What would have gone with the final status: figures and the consent outcome.
      quality: fallbackQuality,
      consent: { given: true, at: '2026-12-03T09:00:05.000Z', words: 'Hi there.' },
      writtenAt: new Date().toISOString(),
    });
    ecs.crash(taskArn, 'Essential container in task exited');
    const server = await eventually(async () => {
      const row = await stack.admin.query<{ status: string }>('SELECT status FROM public.voice_sessions WHERE id = $1', [session.id]);
      return row.rows[0]?.status === 'completed' ? row.rows[0] : undefined;
    }, 'the watchdog imported the file');
    expect(server.status).toBe('completed');
    const stored = await stack.admin.query<{ text: string }>('SELECT text FROM public.voice_live_segments WHERE session_id = $1 ORDER BY seq', [session.id]);
    expect(stored.rows.map((row) => row.text)).toEqual(said.map((segment) => segment.text));
    await eventually(async () => ((await objectKeys(s3, key)).length === 0 ? true : undefined), 'the file removed');
    const metadata = await stack.admin.query<{ quality: unknown; consent: { given: boolean; words: string } }>(
      "SELECT session_metadata->'quality' AS quality, session_metadata->'consent' AS consent FROM public.voice_sessions WHERE id = $1",
      [session.id],
    );
    expect(metadata.rows[0]?.quality).toEqual(fallbackQuality);
    expect(metadata.rows[0]?.consent).toMatchObject({ given: true, words: 'Hi there.' });
    for (const desktop of [a, b]) {
      const transcript = await eventually(() => transcriptOn(desktop.server, session.id), 'the transcript in the cache');
      expect(transcript.speakerSegments.map((segment) => segment.text)).toEqual(said.map((segment) => segment.text));
      const cached = await eventually(async () => {
        const reply = await desktop.server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
        return reply.json.data.sessionMetadata.quality ? reply.json.data : undefined;
      }, 'the figures in the cache');
      expect(cached.sessionMetadata.quality).toEqual(fallbackQuality);
    }
  });

  it('imports a local-org bot\'s file through the local store', async () => {
    const solo = await startAppDesktop({ ...ecsConsoleEnv(ecs, s3, daily.url), VOICE_PUBLIC_WS_URL: 'wss://tunnel.example.com/api/voice/ws' });
    try {
      const orgId = await myOrgId(solo.server);
      await storeKey(solo.server, orgId, 'daily', DAILY_KEY);
      const session = await createSession(solo.server, orgId);
      const started = await solo.server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`);
      expect(started.status).toBe(200);
      const said = spoken(['Hello.', 'Hi.', 'Tell me more.']);
      const key = await putFallbackFile(s3, {
        version: 1,
        sessionId: session.id,
        orgId,
        status: 'completed',
        reason: 'interview finished',
        segments: said,
        quality: fallbackQuality,
        consent: { given: true, at: '2026-12-03T09:00:05.000Z', words: 'Hi.' },
        writtenAt: new Date().toISOString(),
      });
      ecs.crash(started.json.data.ecsTaskArn as string, 'Essential container in task exited');
      await eventually(async () => {
        const reply = await solo.server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
        return reply.json.data.status === 'completed' ? true : undefined;
      }, 'the local import');
      const list = await solo.server.call<ApiSuccess<Transcript[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
      const transcript = (await solo.server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${list.json.data[0]?.id}`)).json.data;
      expect(transcript.speakerSegments.map((segment) => segment.text)).toEqual(said.map((segment) => segment.text));
      await eventually(async () => ((await objectKeys(s3, key)).length === 0 ? true : undefined), 'the file removed');
      const imported = (await solo.server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`)).json.data;
      expect(imported.sessionMetadata.quality).toEqual(fallbackQuality);
      expect(imported.sessionMetadata.consent).toMatchObject({ given: true, words: 'Hi.' });
    } finally {
      await solo.stop();
    }
  });
});
