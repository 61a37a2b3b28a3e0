import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { ServerMessage } from '../../contracts/live-events.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { Transcript } from '../../contracts/transcript.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { EcsFake } from '../fakes/ecs-fake.js';
import { ConsoleClient } from '../support/bot-client.js';
import { eventually } from '../support/eventually.js';
import { createConfig, createSession } from '../support/fixtures.js';
import { syncNow, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { botRpc, DAILY_KEY, ecsConsoleEnv, overridesOf, startTeamConsole } from '../support/team-consoles.js';

// The Live tab of a team session on a desktop that did not start it: the bot reports to the project
// (its RPCs), the project broadcasts on the session's private Realtime channel, and desktop B's live
// socket relays it as the messages the Live tab already handles.
let stack: SupabaseStack;
let daily: DailyRestFake;
let ecs: EcsFake;
let a: AppDesktop;
let b: AppDesktop;
let alice: TestUser;
let bob: TestUser;
let teamOrg: string;
const watchers: ConsoleClient[] = [];

type Subscribed = Extract<ServerMessage, { type: 'subscribed' }>;

beforeAll(async () => {
  stack = await startSupabaseStack();
  [daily, ecs] = await Promise.all([new DailyRestFake(DAILY_KEY).start(), new EcsFake('interviews').start()]);
  [alice, bob] = await Promise.all([stack.createUser('alice'), stack.createUser('bob')]);
  teamOrg = await stack.createOrg('Team', [
    { user: alice, role: 'org_owner' },
    { user: bob, role: 'org_user' },
  ]);
  const env = ecsConsoleEnv(ecs, null, daily.url);
  [a, b] = await Promise.all([
    startTeamConsole(stack, alice, env, [{ orgId: teamOrg, serviceName: 'daily', apiKey: DAILY_KEY }]),
    startTeamConsole(stack, bob, env),
  ]);
});

afterAll(async () => {
  await Promise.all(watchers.map((watcher) => watcher.close()));
  await Promise.all([a?.stop(), b?.stop()]);
  await stack?.stop();
  await Promise.all([daily?.stop(), ecs?.stop()]);
});

async function watch(desktop: AppDesktop, sessionId: string): Promise<{ watcher: ConsoleClient; snapshot: Subscribed }> {
  const watcher = await ConsoleClient.connect(desktop.server.url, desktop.server.token);
  watchers.push(watcher);
  watcher.send({ type: 'subscribe', sessionId });
  // The desktop's own answer comes first; the team feed's, from the project's store, second.
  await eventually(() => (watcher.messages.filter((m) => m.type === 'subscribed').length >= 2 ? true : undefined), 'the team snapshot');
  const snapshot = watcher.messages.filter((m): m is Subscribed => m.type === 'subscribed')[1] as Subscribed;
  return { watcher, snapshot };
}

const segment = (seq: number, text: string): Record<string, unknown> => ({
  seq,
  speaker: seq % 2 === 0 ? 'bot' : 'candidate',
  text,
  startTime: seq * 2,
  endTime: seq * 2 + 1.5,
  confidence: seq % 2 === 0 ? null : 0.93,
});

describe('the live view of a team session on another desktop', () => {
  it('relays segments, statuses and bot states stored through the RPCs, and pulls the completed session', async () => {
    const config = await createConfig(a.server, teamOrg);
    const session = await createSession(a.server, teamOrg, { configId: config.id, candidateName: 'Ada Lovelace' });
    expect((await a.server.call('POST', `/api/voice/sessions/${session.id}/start`)).status).toBe(200);
    const token = overridesOf(ecs, session.id).BOT_REPORT_TOKEN as string;
    await syncNow(b.server);

    const { watcher, snapshot } = await watch(b, session.id);
    expect(snapshot).toMatchObject({ sessionId: session.id, status: 'ready', segments: [] });
    await eventually(() => (stack.realtime.joinedCount(`live:session:${session.id}`, { private: true }) === 1 ? true : undefined), 'B joined the channel');

    expect((await botRpc(stack, 'voice_bot_report_status', { p_token: token, p_status: 'active' })).status).toBe(200);
    await watcher.waitFor((m) => m.type === 'session_status' && m.status === 'active' && m.previousStatus === 'ready');
    expect((await botRpc(stack, 'voice_bot_report_state', { p_token: token, p_state: 'speaking' })).status).toBe(204);
    await watcher.waitFor((m) => m.type === 'bot_state' && m.state === 'speaking');
    const said = ['Hello, I am Ada.', 'Hi, I am ready.', 'Tell me about a system you built.', 'A queue with retries.'];
    for (const [seq, text] of said.entries()) {
      expect((await botRpc(stack, 'voice_bot_append_segments', { p_token: token, p_segments: [segment(seq, text)] })).body).toEqual({ stored: [seq] });
    }
    await watcher.waitFor((m) => m.type === 'transcript_segment' && m.segment.seq === said.length - 1);
    const relayed = watcher.messages.filter((m): m is Extract<ServerMessage, { type: 'transcript_segment' }> => m.type === 'transcript_segment');
    expect(relayed.map((m) => [m.segment.seq, m.segment.text, m.segment.final])).toEqual(said.map((text, seq) => [seq, text, true]));
    expect(relayed[1]?.segment).toMatchObject({ speaker: 'candidate', startTime: 2, endTime: 3.5, confidence: 0.93 });

    // A console that opens the Live tab mid-interview gets what was said so far, and the bot's state.
    const late = await watch(b, session.id);
    expect(late.snapshot.status).toBe('active');
    expect(late.snapshot.segments.map((s) => s.text)).toEqual(said);
    expect(late.snapshot.botState?.state).toBe('speaking');

    expect((await botRpc(stack, 'voice_bot_report_status', { p_token: token, p_status: 'completed' })).status).toBe(200);
    await watcher.waitFor((m) => m.type === 'session_status' && m.status === 'completed');
    // The status broadcast made B pull: the session row and the transcript the project assembled.
    const pulled = await eventually(async () => {
      const reply = await b.server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
      return reply.json.data.status === 'completed' ? reply.json.data : undefined;
    }, 'B pulled the completed session');
    expect(pulled.status).toBe('completed');
    const transcripts = await eventually(async () => {
      const reply = await b.server.call<ApiSuccess<Transcript[]>>('GET', `/api/voice/transcripts?orgId=${teamOrg}&sessionId=${session.id}`);
      return reply.json.data.length === 1 ? reply.json.data : undefined;
    }, 'B pulled the transcript');
    const transcript = (await b.server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${transcripts[0]?.id}`)).json.data;
    expect(transcript.speakerSegments.map((s) => s.text)).toEqual(said);
    expect(transcript.candidateName).toBe('Ada Lovelace');

    // No console watches any more: B leaves the channel.
    await Promise.all([watcher.close(), late.watcher.close()]);
    await eventually(() => (stack.realtime.joinedCount(`live:session:${session.id}`) === 0 ? true : undefined), 'B left the channel');
  });
});
