import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import { consentTemplates } from '../../contracts/consent.js';
import type { VoiceSessionDetail } from '../../contracts/session.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { consentLines } from '../../bot/flow/consent-gate.js';
import { LiveReporter } from '../../bot/live/live-reporter.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { eventually } from '../support/eventually.js';
import { myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { startInProcessInterview, twoQuestions, type InProcessInterview } from './support/in-process-interview.js';
import { readySessionForBot } from './support/live-session.js';

// The consent outcome reaches the session through the bot's live socket to the real server: a yes
// at once, a refusal with the session's end (cancelled, only the consent exchange on record).
const consent = consentTemplates.nyc.settings;
let server: ServerProcess;
let interview: InProcessInterview | null = null;

beforeAll(async () => {
  server = await startServerProcess();
});
afterEach(async () => {
  await interview?.stop();
  interview = null;
});
afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

const reading = (decision: 'yes' | 'no') => ({ kind: 'tool' as const, name: 'record_consent_answer', arguments: { decision, reply: '' } });

async function sessionOf(id: string): Promise<VoiceSessionDetail> {
  return (await server.call<ApiSuccess<VoiceSessionDetail>>('GET', `/api/voice/sessions/${id}`)).json.data;
}

describe('the consent outcome on the session', () => {
  it('a yes is recorded while the interview goes on', async () => {
    const { session, botEnv } = await readySessionForBot(server, await myOrgId(server));
    const reporter = new LiveReporter({ url: botEnv.WEBSOCKET_URL as string, token: botEnv.BOT_TOKEN as string, logger: silentLogger });
    interview = await startInProcessInterview({ config: { ...twoQuestions, consent }, answers: ['Yes, go ahead.'], llm: [reading('yes')], reporter, cartesia: { msPerChar: 1 } });
    await interview.botTurnsDone(1);
    await interview.answer();
    const recorded = await eventually(async () => {
      const current = await sessionOf(session.id);
      return current.sessionMetadata.consent ? current : undefined;
    }, 'the consent on the session');
    expect(recorded.status).toBe('active');
    expect(recorded.sessionMetadata.consent).toMatchObject({ given: true, words: 'Yes, go ahead.', template: 'nyc', configVersion: null });
  });

  it('a no ends the session cancelled, with the refusal on record and only the consent exchange in the transcript', async () => {
    const orgId = await myOrgId(server);
    const { session, botEnv } = await readySessionForBot(server, orgId);
    const reporter = new LiveReporter({ url: botEnv.WEBSOCKET_URL as string, token: botEnv.BOT_TOKEN as string, logger: silentLogger });
    interview = await startInProcessInterview({ config: { ...twoQuestions, consent }, answers: ['No thanks.'], llm: [reading('no')], reporter, cartesia: { msPerChar: 1 } });
    await interview.botTurnsDone(1);
    await interview.answer();
    const outcome = await interview.outcome;
    expect(outcome.status).toBe('cancelled');
    const ended = await eventually(async () => {
      const current = await sessionOf(session.id);
      return current.status === 'cancelled' ? current : undefined;
    }, 'the session to end');
    expect(ended.sessionMetadata.consent).toMatchObject({ given: false, words: 'No thanks.' });
    expect(ended.statusHistory.at(-1)?.reason).toBe('the candidate did not consent to the AI interview');
    const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
    const transcript = (await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${(list.json.data[0] as TranscriptSummary).id}`)).json.data;
    expect(transcript.speakerSegments.map((segment) => `${segment.speaker}:${segment.text}`)).toEqual([
      `bot:${consent.disclosure} ${consent.question}`,
      'candidate:No thanks.',
      `bot:${consentLines.declined}`,
    ]);
    const analytics = await server.call('GET', `/api/voice/analytics/${session.id}`);
    expect(analytics.status).toBe(404);
  });
});
