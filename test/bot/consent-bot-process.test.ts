import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import { consentTemplates } from '../../contracts/consent.js';
import type { VoiceSessionDetail } from '../../contracts/session.js';
import { consentLines } from '../../bot/flow/consent-gate.js';
import { FakeBridgePage } from '../fakes/fake-bridge-page.js';
import { synthSpeech } from '../fakes/speech-audio.js';
import { eventually } from '../support/eventually.js';
import { myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { startBotProcess, type BotProcess } from './support/bot-process.js';
import { startFakeProviders, type FakeProviders } from './support/fake-providers.js';
import { readySessionForBot } from './support/live-session.js';
import { readyTeamSession } from './support/team-session.js';

/**
 * Consent through the built bot process (`dist/bot/main.js`, run `npm run build` first) with the
 * voice fakes, the candidate being the Node stand-in for its page: a refusal reported to the
 * desktop's live socket, a yes reported to the team project (Postgres + PostgREST).
 */
const consent = consentTemplates.eu_gdpr.settings;
const config: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You are a calm technical interviewer.',
  initial_message: 'Hi, I am Ada. Ready?',
  interview: { questions: [{ id: 'q1', text: 'Tell me about a system you built.', follow_up_enabled: false }] },
  consent,
};
const reading = (decision: 'yes' | 'no') => ({ kind: 'tool' as const, name: 'record_consent_answer', arguments: { decision, reply: '' } });

let server: ServerProcess;
let stack: SupabaseStack;
let member: TestUser;
let teamOrg: string;
let fakes: FakeProviders | null = null;
let bot: BotProcess | null = null;
let page: FakeBridgePage | null = null;

beforeAll(async () => {
  [server, stack] = await Promise.all([startServerProcess(), startSupabaseStack()]);
  member = await stack.createUser('recruiter');
  teamOrg = await stack.createOrg('Acme', [{ user: member, role: 'org_admin' }]);
}, 120_000);

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await page?.close();
  await fakes?.stop();
  bot = null;
  page = null;
  fakes = null;
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  await stack?.stop();
});

/** Runs the bot process, joins its page, and answers the consent question once it was said. */
async function answerConsent(env: Record<string, string>, answer: string, decision: 'yes' | 'no'): Promise<FakeBridgePage> {
  fakes = await startFakeProviders({ deepgram: { answers: [answer] } });
  fakes.openai.script(reading(decision));
  bot = startBotProcess({ ...fakes.env, ...env, BOT_TRANSPORT: 'local', BOT_TURN_PATIENCE_MS: '300' }, config);
  const ready = await bot.ready;
  const candidate = await FakeBridgePage.connect(String(ready.url));
  page = candidate;
  await candidate.waitFor(() => candidate.bursts.length >= 1 && candidate.bursts[0]?.stoppedAt !== null && !candidate.botAudioPlaying, 30_000, 'the disclosure');
  await candidate.say(synthSpeech(0.8));
  return candidate;
}

describe('consent through the bot process', () => {
  it('a refusal on the desktop: the bot says goodbye, exits, and the session is cancelled with the refusal on record', async () => {
    const { session, botEnv } = await readySessionForBot(server, await myOrgId(server));
    const candidate = await answerConsent(botEnv, 'No, I do not agree.', 'no');
    expect(await (bot as BotProcess).exited).toBe(0);
    expect(candidate.segments.filter((s) => s.speaker === 'bot' && s.final).map((s) => s.text)).toEqual([`${consent.disclosure} ${consent.question}`, consentLines.declined]);
    const ended = await eventually(async () => {
      const current = (await server.call<ApiSuccess<VoiceSessionDetail>>('GET', `/api/voice/sessions/${session.id}`)).json.data;
      return current.status === 'cancelled' ? current : undefined;
    }, 'the session to be cancelled');
    expect(ended.sessionMetadata.consent).toMatchObject({ given: false, words: 'No, I do not agree.', template: 'eu_gdpr' });
    expect((bot as BotProcess).events.find((event) => event.event === 'ended')).toMatchObject({ reason: 'consent declined', status: 'cancelled' });
  });

  it('a yes on a team session: the project keeps it while the interview goes on', async () => {
    const session = await readyTeamSession(stack, teamOrg, member);
    await answerConsent(session.env, 'Yes, that is fine.', 'yes');
    const consentRow = await eventually(async () => {
      const rows = await stack.admin.query<{ status: string; session_metadata: { consent?: Record<string, unknown> } }>(
        'SELECT status, session_metadata FROM public.voice_sessions WHERE id = $1',
        [session.sessionId],
      );
      const row = rows.rows[0];
      return row?.session_metadata.consent ? row : undefined;
    }, 'the consent on the project');
    expect(consentRow.status).toBe('active');
    expect(consentRow.session_metadata.consent).toMatchObject({ given: true, words: 'Yes, that is fine.', template: 'eu_gdpr' });
  });
});
