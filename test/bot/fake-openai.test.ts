import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';

/** The OpenAI fake is shared (the bot's LLM, AI analytics): its API is checked with the real SDK. */
const scoreSchema = {
  type: 'object',
  properties: { score: { type: 'number' }, strengths: { type: 'array', items: { type: 'string' } } },
  required: ['score', 'strengths'],
  additionalProperties: false,
};

let fake: FakeOpenAi;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAi({ port: 0 });
  client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, timeout: 1500 });
});
afterAll(() => fake.stop());

const structured = (schema: Record<string, unknown> = scoreSchema) =>
  client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'system', content: 'Score the interview.' }],
    response_format: { type: 'json_schema', json_schema: { name: 'scorecard', strict: true, schema } },
  });

describe('the fake OpenAI endpoint', () => {
  it('answers structured output (json_schema) without streaming, and records the request', async () => {
    fake.script({ kind: 'json', value: { score: 82, strengths: ['clear'] } });
    const reply = await structured();
    expect(JSON.parse(reply.choices[0]?.message.content ?? '')).toEqual({ score: 82, strengths: ['clear'] });
    expect(reply.choices[0]?.finish_reason).toBe('stop');
    const request = fake.requests.at(-1);
    expect(request?.stream).toBe(false);
    expect(request?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'scorecard', strict: true } });
    expect(request?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it("refuses a 'strict' schema that is not strict, as OpenAI does", async () => {
    const loose = { type: 'object', properties: { score: { type: 'number' }, note: { type: 'string' } }, required: ['score'] };
    await expect(structured(loose)).rejects.toMatchObject({ status: 400 });
    expect(fake.problems.join('\n')).toMatch(/additionalProperties must be false/);
    expect(fake.problems.join('\n')).toMatch(/"note" must be required/);
  });

  it('injects faults: invalid JSON content, a refusal, a 500, a 429 with retry headers, a reply that never comes', async () => {
    fake.script({ kind: 'raw', content: '{"score": 8' });
    const invalid = await structured();
    expect(() => JSON.parse(invalid.choices[0]?.message.content ?? '')).toThrow();

    fake.script({ kind: 'refusal', refusal: 'I cannot help with that.' });
    expect((await structured()).choices[0]?.message.refusal).toBe('I cannot help with that.');

    fake.script({ kind: 'error', status: 500 });
    await expect(structured()).rejects.toMatchObject({ status: 500 });

    fake.script({ kind: 'error', status: 429, type: 'rate_limit_exceeded', headers: { 'retry-after': '1' } });
    await expect(structured()).rejects.toMatchObject({ status: 429 });

    fake.script({ kind: 'timeout' });
    await expect(structured()).rejects.toThrow(/timed out/i);
  });

  it('answers from a responder when nothing is scripted, and with a 500 when nothing answers', async () => {
    fake.respondWith((request) => ({ kind: 'text', content: `model was ${String(request.body.model)}` }));
    const reply = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0]?.message.content).toBe('model was gpt-4.1');
    fake.respondWith(() => undefined);
    await expect(client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 500 });
  });

  it('streams text with a usage chunk and [DONE], and refuses a wrong key', async () => {
    fake.script({ kind: 'text', content: 'Hello there, candidate.', chunkChars: 4 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello there, candidate.');
    expect(usage).toMatchObject({ total_tokens: 120 });
    const stranger = new OpenAI({ apiKey: 'wrong', baseURL: fake.url, maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });
});
