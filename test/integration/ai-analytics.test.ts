import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceAnalytics } from '../../contracts/analytics.js';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import type { ModelAnalysis } from '../../server/analytics/analysis-schema.js';
import { startFakeOpenAi, type FakeOpenAi, type FakeReply } from '../fakes/fake-openai.js';
import { BotClient } from '../support/bot-client.js';
import { createConfig, createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { startKeychainDaemon, type KeychainDaemon } from '../support/keychain-daemon.js';
import { eventually } from '../support/eventually.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

let keychain: KeychainDaemon;
let openai: FakeOpenAi;
let server: ServerProcess;
let orgId: string;
let configId: string;
/** What the fake model answers next; each test sets it. */
let nextAnswer: () => FakeReply;

const json = (value: unknown): FakeReply => ({ kind: 'json', value });

const goodAnalysis: ModelAnalysis = {
  summary: 'Explained caching well; vague about testing.',
  overall_score: 74,
  category_scores: [
    { criterion: 'communication', score: 80, feedback: 'Clear', evidence: [] },
    { criterion: 'technical_depth', score: 70, feedback: 'Solid caching', evidence: ['a write-through cache in front of Postgres'] },
    { criterion: 'problem_solving', score: 76, feedback: 'Reasonable', evidence: [] },
  ],
  strengths: ['Caching'],
  weaknesses: ['Testing'],
  recommendations: ['Probe testing practice'],
  key_moments: [
    { quote: 'we put a write-through cache in front of Postgres', type: 'strength', description: 'Concrete design' },
    { quote: 'I single-handedly rewrote the Linux kernel', type: 'strength', description: 'Hallucinated' },
  ],
  question_coverage: [
    { question_id: 'q1', status: 'answered', evidence: 'At Acme we put a write-through cache in front of Postgres' },
    { question_id: 'q2', status: 'not_asked', evidence: '' },
  ],
};


async function completedInterview(): Promise<string> {
  const session = await createSession(server, orgId, { configId });
  await moveSession(server, session.id, 'ready', 'active');
  const grant = await server.call<ApiSuccess<{ botToken: string }>>('POST', `/api/voice/sessions/${session.id}/bot-token`);
  const bot = await BotClient.connect(server.url, grant.json.data.botToken);
  await bot.segment({ seq: 0, speaker: 'bot', text: 'Tell me about a system you designed.', startTime: 0, endTime: 3, confidence: 0.95, final: true });
  await bot.segment({ seq: 1, speaker: 'candidate', text: 'At Acme we put a write-through cache in front of Postgres.', startTime: 61, endTime: 66, confidence: 0.9, final: true });
  await bot.close();
  await moveSession(server, session.id, 'completed');
  return session.id;
}

beforeAll(async () => {
  keychain = await startKeychainDaemon();
  openai = await startFakeOpenAi();
  openai.respondWith(() => nextAnswer());
  server = await startServerProcess({ env: { ...keychain.env, OPENAI_BASE_URL: openai.url, VOICE_ANALYTICS_TIMEOUT_MS: '1500' } });
  orgId = await myOrgId(server);
  configId = (await createConfig(server, orgId, { name: 'Analytics config' })).id;
  await server.call('POST', '/api/voice/credentials', { body: { orgId, serviceName: 'openai', apiKey: openai.apiKey } });
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  await Promise.all([openai?.stop(), keychain?.stop()]);
});

describe('AI analytics', () => {
  it('is generated when an interview completes, with a strict schema, and verified before it is stored', async () => {
    nextAnswer = () => json(goodAnalysis);
    const sessionId = await completedInterview();
    const analytics = await eventually(async () => {
      const reply = await server.call<ApiSuccess<VoiceAnalytics>>('GET', `/api/voice/analytics/${sessionId}`);
      return reply.status === 200 ? reply.json.data : undefined;
    }, 'analytics');

    const request = openai.requests.find((r) => r.path === '/v1/chat/completions')?.body as {
      model: string;
      messages: { role: string; content: string }[];
      response_format: { type: string; json_schema: { name: string; strict: boolean; schema: { required: string[]; additionalProperties: boolean } } };
    };
    expect(request.model).toBe('gpt-4o-mini');
    expect(request.response_format.type).toBe('json_schema');
    expect(request.response_format.json_schema.strict).toBe(true);
    expect(request.response_format.json_schema.schema.additionalProperties).toBe(false);
    expect(request.response_format.json_schema.schema.required).toContain('key_moments');
    expect(request.messages[1]?.content).toContain('[01:01] Candidate: At Acme we put a write-through cache in front of Postgres.');

    // Weighted: 80*0.25 + 70*0.5 + 76*0.25 = 74.
    expect(analytics.overallScore).toBe(74);
    expect(analytics.categoryScores.technical_depth).toEqual({ score: 70, weight: 0.5, feedback: 'Solid caching' });
    expect(analytics.keyMoments).toEqual([{ timestamp: 61, type: 'strength', description: 'Concrete design', quote: 'we put a write-through cache in front of Postgres' }]);
    expect(analytics.detailedAnalysis.rejectedKeyMoments).toHaveLength(1);
    expect(analytics.detailedAnalysis.unaskedQuestions).toEqual(['q2']);
    expect(analytics.modelUsed).toBe('gpt-4o-mini');
    // The fake checks the strict-schema rules OpenAI enforces; nothing it saw broke them.
    expect(openai.problems).toEqual([]);
    expect(analytics.processingTimeMs).toBeGreaterThanOrEqual(0);
    const session = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${sessionId}`);
    expect(session.json.data.sessionMetadata.analytics).toMatchObject({ status: 'completed' });
    expect(session.json.data.overallScore).toBe(74);
    const transcripts = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${sessionId}`);
    const transcript = await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${transcripts.json.data[0]?.id}`);
    expect(transcript.json.data.summary).toBe(goodAnalysis.summary);
  });

  it.each([
    ['invalid JSON', (): FakeReply => ({ kind: 'raw', content: '{"overall_score": 7' }), /invalid JSON/],
    ['a refusal', (): FakeReply => ({ kind: 'refusal', refusal: 'I cannot help with that.' }), /refused/],
    ['a skipped criterion', () => json({ ...goodAnalysis, category_scores: goodAnalysis.category_scores.slice(1) }), /did not score/],
    ['a 500', (): FakeReply => ({ kind: 'error', status: 500, message: 'boom', type: 'server_error' }), /OpenAI answered with an error \(500/],
    [
      'a 429',
      (): FakeReply => ({ kind: 'error', status: 429, message: 'slow down', type: 'requests', code: 'rate_limit_exceeded', headers: { 'retry-after-ms': '10' } }),
      /OpenAI is rate-limiting requests \(429 rate_limit_exceeded\)/,
    ],
    ['a timeout', (): FakeReply => ({ kind: 'timeout' }), /did not answer in time/],
  ])('records %s on the session, stores nothing, and can be retried', async (_name, answer, reason) => {
    nextAnswer = answer;
    const sessionId = await completedInterview();
    const failed = await eventually(async () => {
      const session = (await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${sessionId}`)).json.data;
      const state = session.sessionMetadata.analytics as { status: string; error?: string } | undefined;
      return state?.status === 'failed' ? state : undefined;
    }, 'the failure');
    expect(failed.error).toMatch(reason);
    expect((await server.call('GET', `/api/voice/analytics/${sessionId}`)).status).toBe(404);

    nextAnswer = () => json(goodAnalysis);
    const retried = await server.call<ApiSuccess<VoiceAnalytics>>('POST', `/api/voice/analytics/${sessionId}/generate`);
    expect(retried.status).toBe(200);
    expect(retried.json.data.overallScore).toBe(74);
  });

  it('regenerating replaces the single row', async () => {
    nextAnswer = () => json(goodAnalysis);
    const sessionId = await completedInterview();
    await eventually(async () => ((await server.call('GET', `/api/voice/analytics/${sessionId}`)).status === 200 ? true : undefined), 'first analytics');
    nextAnswer = () => json({ ...goodAnalysis, overall_score: 90, category_scores: goodAnalysis.category_scores.map((c) => ({ ...c, score: 90 })) });
    const again = await server.call<ApiSuccess<VoiceAnalytics>>('POST', `/api/voice/analytics/${sessionId}/generate`);
    expect(again.json.data.overallScore).toBe(90);
    const db = openStore(server.dataDir);
    expect(db.prepare('SELECT COUNT(*) AS n FROM voice_analytics WHERE session_id = ?').get(sessionId)).toEqual({ n: 1 });
    db.close();
  });

  it('says what is missing when there is no transcript or no key', async () => {
    const empty = await createSession(server, orgId);
    const reply = await server.call<ApiError>('POST', `/api/voice/analytics/${empty.id}/generate`);
    expect(reply.status).toBe(409);
    expect(reply.json.error.message).toContain('no transcript');

    const keys = await server.call<ApiSuccess<{ id: string; serviceName: string }[]>>('GET', `/api/voice/credentials?orgId=${orgId}`);
    const key = keys.json.data.find((k) => k.serviceName === 'openai');
    await server.call('DELETE', `/api/voice/credentials/${key?.id}`);
    try {
      const sessionId = await completedInterview();
      const failed = await eventually(async () => {
        const session = (await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${sessionId}`)).json.data;
        const state = session.sessionMetadata.analytics as { status: string; error?: string } | undefined;
        return state?.status === 'failed' ? state : undefined;
      }, 'the missing-key failure');
      expect(failed.error).toContain('No OpenAI API key');
    } finally {
      await server.call('POST', '/api/voice/credentials', { body: { orgId, serviceName: 'openai', apiKey: openai.apiKey } });
    }
  });
});
