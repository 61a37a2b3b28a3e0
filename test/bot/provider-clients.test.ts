import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartesiaTts, type TtsEvent } from '../../bot/providers/cartesia-tts.js';
import { DeepgramStt, type SttEvent } from '../../bot/providers/deepgram-stt.js';
import { LlmTimeoutError, OpenAiLlm, type LlmEvent } from '../../bot/providers/openai-llm.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { startFakeCartesia, type FakeCartesia } from '../fakes/fake-cartesia.js';
import { startFakeDeepgram, type FakeDeepgram } from '../fakes/fake-deepgram.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';
import { synthSpeech } from '../fakes/speech-audio.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const silence = (seconds: number): Int16Array => new Int16Array(Math.round(seconds * 16_000));

/** Feeds audio in 20 ms frames, yielding now and then so socket events interleave as they would live. */
async function feed(stt: DeepgramStt, samples: Int16Array): Promise<void> {
  for (let offset = 0; offset < samples.length; offset += 320) {
    stt.sendAudio(samples.subarray(offset, offset + 320));
    if ((offset / 320) % 5 === 0) await pause(1);
  }
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

describe('Deepgram live STT (official SDK) against the fake', () => {
  let deepgram: FakeDeepgram;
  beforeAll(async () => {
    deepgram = await startFakeDeepgram();
  });
  afterAll(() => deepgram.stop());

  const client = (): DeepgramStt =>
    new DeepgramStt({ apiKey: 'test-deepgram-key', baseUrl: deepgram.url, model: 'nova-3', language: 'en-US', endpointingMs: 300, utteranceEndMs: 1000, logger: silentLogger });

  it('streams PCM with the documented query and auth, and turns Results into session-timed events', async () => {
    deepgram.script('I built a queue.');
    const stt = client();
    const events: SttEvent[] = [];
    stt.events.add((event) => events.push(event));
    await stt.start();
    await feed(stt, silence(0.5));
    await feed(stt, synthSpeech(1));
    await feed(stt, silence(1.4));
    await waitUntil(() => events.some((event) => event.type === 'utterance-end'), 'UtteranceEnd');
    await stt.close();
    const connection = deepgram.connections.at(-1);
    await waitUntil(() => connection?.open === false, 'the stream to close');

    expect(connection?.authorization).toBe('Token test-deepgram-key');
    expect(connection?.query).toMatchObject({
      model: 'nova-3',
      language: 'en-US',
      encoding: 'linear16',
      sample_rate: '16000',
      channels: '1',
      interim_results: 'true',
      endpointing: '300',
      utterance_end_ms: '1000',
      vad_events: 'true',
    });
    expect(connection?.controls).toContain('CloseStream');
    const types = events.map((event) => event.type);
    expect(types.indexOf('speech-started')).toBeLessThan(types.indexOf('transcript'));
    const finals = events.filter((event): event is Extract<SttEvent, { type: 'transcript' }> => event.type === 'transcript' && event.isFinal);
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({ text: 'I built a queue.', speechFinal: true, confidence: 0.93 });
    expect(finals[0]?.start).toBeCloseTo(0.5, 1);
    expect(finals[0]?.end).toBeCloseTo(1.5, 1);
    expect(events.some((event) => event.type === 'transcript' && !event.isFinal)).toBe(true);
  });

  it('reconnects after the socket drops mid-answer and still transcribes that answer, on the session clock', async () => {
    deepgram.script('Scaling the database was the hard part.');
    const before = deepgram.connections.length;
    let dropped = false;
    deepgram.onSpeechStart(() => {
      if (dropped) return;
      dropped = true;
      setImmediate(() => deepgram.dropAll());
    });
    const stt = client();
    const events: SttEvent[] = [];
    stt.events.add((event) => events.push(event));
    await stt.start();
    await feed(stt, silence(2));
    await feed(stt, synthSpeech(1.2));
    await feed(stt, silence(0.8));
    await waitUntil(() => events.some((event) => event.type === 'transcript' && event.isFinal), 'the final after the drop');
    await stt.close();

    expect(dropped).toBe(true);
    expect(events).toContainEqual({ type: 'connection', state: 'reconnecting' });
    expect(deepgram.connections.length - before).toBe(2);
    const final = events.find((event): event is Extract<SttEvent, { type: 'transcript' }> => event.type === 'transcript' && event.isFinal);
    expect(final?.text).toBe('Scaling the database was the hard part.');
    // The new stream restarts its clock at the replayed audio; the client maps it back.
    expect(final?.start).toBeCloseTo(2, 1);
    expect(final?.end).toBeCloseTo(3.2, 1);
  });
});

describe('Cartesia TTS client against the fake', () => {
  let cartesia: FakeCartesia;
  let tts: CartesiaTts;
  beforeAll(async () => {
    cartesia = await startFakeCartesia({ msPerChar: 20 });
    tts = new CartesiaTts({
      apiKey: 'test-cartesia-key',
      baseUrl: cartesia.url,
      version: '2025-11-04',
      modelId: 'sonic-3',
      voiceId: 'voice-1',
      language: 'en',
      speed: 1.8,
      sampleRate: 16_000,
      logger: silentLogger,
    });
    await tts.connect();
  });
  afterAll(async () => {
    tts.close();
    await cartesia.stop();
  });

  function collect(events: TtsEvent[]): { samples: number; words: string[] } {
    let samples = 0;
    const words: string[] = [];
    for (const event of events) {
      if (event.type === 'audio') samples += event.samples.length;
      if (event.type === 'timestamps') words.push(...event.words);
    }
    return { samples, words };
  }

  it('streams text into one context and gets audio sized to it, word timestamps and done', async () => {
    const context = tts.createContext();
    const events: TtsEvent[] = [];
    context.events.add((event) => events.push(event));
    context.push('Tell me about ');
    context.push('a system you designed. ');
    context.end();
    await waitUntil(() => events.some((event) => event.type === 'done'), 'done');
    const { samples, words } = collect(events);
    expect(words).toEqual(['Tell', 'me', 'about', 'a', 'system', 'you', 'designed.']);
    // Each word lasts (letters + 1) * 20 ms in the fake.
    expect(samples).toBe(words.reduce((total, word) => total + Math.round(((word.length + 1) * 20 * 16_000) / 1000), 0));
    expect(cartesia.handshakes.at(-1)).toEqual({ authorization: 'Bearer test-cartesia-key', apiKey: null, version: '2025-11-04' });
    expect(cartesia.problems).toEqual([]);
    const requests = cartesia.requests.filter((request) => request.context_id === context.id);
    expect(requests.map((request) => [request.transcript, request.continue])).toEqual([
      ['Tell me about ', true],
      ['a system you designed. ', true],
      ['', false],
    ]);
    expect(requests[0]).toMatchObject({
      model_id: 'sonic-3',
      voice: { mode: 'id', id: 'voice-1' },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16_000 },
      add_timestamps: true,
      generation_config: { speed: 1.5 },
    });
  });

  it('cancels a context: the fake stops and no event follows', async () => {
    const context = tts.createContext();
    const events: TtsEvent[] = [];
    context.events.add((event) => events.push(event));
    context.push('This is a long answer that the candidate will interrupt before it ends. ');
    await waitUntil(() => events.some((event) => event.type === 'audio'), 'first audio');
    context.cancel();
    const seen = events.length;
    await pause(200);
    expect(events.length).toBe(seen);
    expect(cartesia.requests.at(-1)).toEqual({ context_id: context.id, cancel: true });
    expect(cartesia.contexts.get(context.id)).toMatchObject({ cancelled: true, done: false });
  });

  it('reports a service error on the context', async () => {
    cartesia.failNext({ afterChunks: 2, status: 500, message: 'generation failed' });
    const context = tts.createContext();
    const events: TtsEvent[] = [];
    context.events.add((event) => events.push(event));
    context.push('Hello there, how are you today? ');
    context.end();
    await waitUntil(() => events.some((event) => event.type === 'error'), 'error');
    expect(events.at(-1)).toEqual({ type: 'error', message: 'Internal Server Error: generation failed (500)' });
    expect(collect(events).samples).toBeGreaterThan(0);
  });
});

describe('OpenAI streaming LLM (official SDK) against the fake', () => {
  let openai: FakeOpenAi;
  beforeAll(async () => {
    openai = await startFakeOpenAi();
  });
  afterAll(() => openai.stop());

  const llm = (firstTokenTimeoutMs = 2000): OpenAiLlm =>
    new OpenAiLlm({ apiKey: openai.apiKey, baseUrl: openai.url, model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 300, firstTokenTimeoutMs, totalTimeoutMs: 5000, maxRetries: 0 });
  const tools = [{ type: 'function' as const, function: { name: 'ask_follow_up', parameters: { type: 'object', properties: {} } } }];
  const run = async (client: OpenAiLlm): Promise<LlmEvent[]> => {
    const events: LlmEvent[] = [];
    for await (const event of client.stream({ messages: [{ role: 'user', content: 'Hi' }], tools, signal: new AbortController().signal })) events.push(event);
    return events;
  };

  it('yields the tool name as soon as it is known, then its arguments piece by piece', async () => {
    openai.script({ kind: 'tool', name: 'ask_follow_up', arguments: { question: 'Why did you pick Go?' }, chunkChars: 6 });
    const events = await run(llm());
    expect(events[0]).toEqual({ type: 'tool', name: 'ask_follow_up' });
    const args = events.filter((event) => event.type === 'tool-args').map((event) => (event.type === 'tool-args' ? event.delta : ''));
    expect(args.length).toBeGreaterThan(3);
    expect(JSON.parse(args.join(''))).toEqual({ question: 'Why did you pick Go?' });
    expect(events.at(-1)).toEqual({ type: 'end', finishReason: 'tool_calls' });
    expect(openai.requests.at(-1)?.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_completion_tokens: 300,
    });
  });

  it('fails on a 500 at once (no SDK retry) and on a first token that never comes', async () => {
    openai.script({ kind: 'error', status: 500 });
    await expect(run(llm())).rejects.toThrow(/500/);
    openai.script({ kind: 'timeout' });
    const started = Date.now();
    await expect(run(llm(300))).rejects.toBeInstanceOf(LlmTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
