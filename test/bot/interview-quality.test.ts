import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import { interviewQuality, qualityOf, summarizeQuality } from '../../contracts/interview-quality.js';
import type { OrgStats } from '../../contracts/stats.js';
import type { VoiceSession } from '../../contracts/session.js';
import { LiveReporter } from '../../bot/live/live-reporter.js';
import { TurnQuality } from '../../bot/pipeline/turn-quality.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { decide } from './support/fake-providers.js';
import { startInProcessInterview, twoQuestions, type InProcessInterview } from './support/in-process-interview.js';
import { readySessionForBot } from './support/live-session.js';

/** Issue 14, section 3: the bot measures each interview and the figures are kept on the session. */
describe('the quality figures', () => {
  it('count latency per reply, barge-ins, silences over 2 s and cut-ins from how each line played', () => {
    const quality = new TurnQuality({ turnTaking: 'nova-semantic', sttModel: 'nova-2' });
    // The greeting: not a reply, no latency.
    quality.botLine({ startSeconds: 0, endSeconds: 2, played: true, interrupted: false, reply: false });
    quality.candidateSpoke(4);
    quality.botLine({ startSeconds: 4.7, endSeconds: 8, played: true, interrupted: false, reply: true });
    quality.candidateSpoke(10);
    // 2.5 s of silence, then talked over 0.4 s in: a long silence, a barge-in and a cut-in.
    quality.botLine({ startSeconds: 12.5, endSeconds: 12.9, played: true, interrupted: true, reply: true });
    quality.candidateSpoke(14);
    // Thrown away before it played: not a line the candidate lived through.
    quality.botLine({ startSeconds: 14.2, endSeconds: 14.2, played: false, interrupted: true, reply: true });
    quality.botLine({ startSeconds: 14.9, endSeconds: 18, played: true, interrupted: true, reply: true });

    const figures = quality.figures();
    expect(interviewQuality.parse(figures)).toEqual({
      version: 1,
      turnTaking: 'nova-semantic',
      sttModel: 'nova-2',
      replies: 3,
      voiceToVoiceP50Ms: 900,
      voiceToVoiceP95Ms: 2500,
      bargeIns: 2,
      longSilences: 1,
      cutIns: 1,
    });
    expect(new TurnQuality({ turnTaking: 'flux', sttModel: 'flux-general-en' }).figures()).toMatchObject({ replies: 0, voiceToVoiceP50Ms: null });
  });
});

describe('figures reported with the final status and stored on the session', () => {
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
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('measures a real interview (a talked-over question is a barge-in and a cut-in) and the session keeps the figures', async () => {
    const orgId = await myOrgId(server);
    const { session, botEnv } = await readySessionForBot(server, orgId);
    const reporter = new LiveReporter({ url: botEnv.WEBSOCKET_URL as string, token: botEnv.BOT_TOKEN as string, logger: silentLogger });
    interview = await startInProcessInterview({
      config: twoQuestions,
      answers: ['Yes.', 'Sorry, what was that?', 'I built a queue.', 'We talked it through.'],
      llm: [
        decide('next_question', { acknowledgement: 'Great.' }),
        decide('answer_candidate_question', { answer: 'Of course.' }),
        decide('next_question', { acknowledgement: 'Thanks.' }),
        decide('wrap_up', { acknowledgement: 'Thank you.', reason: 'all_questions_done' }),
      ],
      cartesia: { msPerChar: 40 },
      reporter,
    });
    const { page } = interview;
    await interview.botTurnsDone(1);
    await interview.answer();
    await page.waitFor(() => (page.bursts[1]?.samples ?? 0) >= 0.3 * 16_000, 20_000, 'the question to play');
    await interview.answer();
    for (const turn of [3, 4]) {
      await interview.botTurnsDone(turn);
      await interview.answer();
    }
    const outcome = await interview.outcome;

    expect(outcome.status).toBe('completed');
    expect(outcome.quality).toMatchObject({ turnTaking: 'nova-fixed', sttModel: 'nova-2', bargeIns: 1, cutIns: 1, replies: 4 });
    expect(outcome.quality.voiceToVoiceP50Ms).not.toBeNull();
    const stored = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
    expect(stored.json.data.status).toBe('completed');
    expect(qualityOf(stored.json.data.sessionMetadata)).toEqual(outcome.quality);
    // The Dashboard's figures: across interviews, per config, per speech model and turn-taking.
    const stats = (await server.call<ApiSuccess<OrgStats>>('GET', `/api/voice/stats?orgId=${orgId}`)).json.data;
    expect(stats.quality?.overall).toEqual(summarizeQuality([outcome.quality]));
    expect(stats.quality?.byConfig).toEqual([{ configId: null, configName: null, ...summarizeQuality([outcome.quality]) }]);
    expect(stats.quality?.byTurnTaking).toEqual([{ turnTaking: 'nova-fixed', sttModel: 'nova-2', ...summarizeQuality([outcome.quality]) }]);
  });
});
