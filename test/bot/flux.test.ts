import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FluxTurnTaking } from '../../bot/pipeline/flux-turn-taking.js';
import type { TurnEvent } from '../../bot/pipeline/turn-taking.js';
import { DeepgramStt, type SttEvent } from '../../bot/providers/deepgram-stt.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { startFakeDeepgram, type FakeDeepgram } from '../fakes/fake-deepgram.js';
import { synthSpeech } from '../fakes/speech-audio.js';
import { decide } from './support/fake-providers.js';
import { startInProcessInterview, twoQuestions, type InProcessInterview } from './support/in-process-interview.js';

/**
 * Deepgram Flux (issue 14, section 1): the client on `/v2/listen` against the fake's Flux, the
 * turn-taking on its events (prepare at EagerEndOfTurn, drop at TurnResumed, speak at EndOfTurn),
 * and an interview through the real bot with the config's transcription model set to Flux.
 */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const silence = (seconds: number): Int16Array => new Int16Array(Math.round(seconds * 16_000));

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

type Turn = Extract<SttEvent, { type: 'turn' }>;
const turnsOf = (events: SttEvent[]): string[] => events.filter((event): event is Turn => event.type === 'turn').map((event) => `${event.phase}:${event.text}`);

describe('the Flux client against the fake', () => {
  let deepgram: FakeDeepgram;
  beforeAll(async () => {
    deepgram = await startFakeDeepgram();
  });
  afterAll(() => deepgram.stop());

  const client = (): DeepgramStt =>
    new DeepgramStt({
      apiKey: 'test-deepgram-key',
      baseUrl: deepgram.url,
      model: 'flux-general-en',
      language: 'en-US',
      endpointingMs: 300,
      utteranceEndMs: 1000,
      flux: { eagerEotThreshold: 0.5, eotThreshold: 0.7, eotTimeoutMs: 5000 },
      logger: silentLogger,
    });

  it('dials /v2/listen with eager end of turn, and a pause after "and" is an eager end, a resumption, then one turn', async () => {
    deepgram.script('I built a queue, and', 'then we sharded it.');
    const stt = client();
    const events: SttEvent[] = [];
    stt.events.add((event) => events.push(event));
    await stt.start();
    await feed(stt, silence(0.3));
    await feed(stt, synthSpeech(0.8));
    await feed(stt, silence(0.9));
    await feed(stt, synthSpeech(0.8));
    await feed(stt, silence(0.6));
    await waitUntil(() => events.some((event) => event.type === 'turn' && event.phase === 'end'), 'EndOfTurn');
    await stt.close();
    const connection = deepgram.connections.at(-1);

    expect(connection?.query).toMatchObject({ model: 'flux-general-en', encoding: 'linear16', sample_rate: '16000', eager_eot_threshold: '0.5', eot_threshold: '0.7', eot_timeout_ms: '5000' });
    expect(connection?.authorization).toBe('Token test-deepgram-key');
    expect(turnsOf(events)).toEqual([
      'start:',
      'eager-end:I built a queue, and',
      'resumed:I built a queue, and',
      'eager-end:I built a queue, and then we sharded it.',
      'end:I built a queue, and then we sharded it.',
    ]);
    // The turn's transcript is kept once, as one final, on the session clock.
    const finals = events.filter((event) => event.type === 'transcript' && event.isFinal);
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({ text: 'I built a queue, and then we sharded it.', start: expect.closeTo(0.3, 1) as number });
    // Flux's messages follow its state machine: numbered, TurnResumed only after an eager end.
    const sent = (connection?.sent ?? []).map((message) => message.event ?? message.type);
    expect(sent[0]).toBe('Connected');
    expect(sent.indexOf('TurnResumed')).toBeGreaterThan(sent.indexOf('EagerEndOfTurn'));
  });
});

describe('turn-taking on Flux', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const turn = (phase: Turn['phase'], text: string): SttEvent => ({ type: 'turn', phase, text, start: 0, end: 1 });
  function detector(holdFor?: (text: string) => number): { turns: FluxTurnTaking; events: TurnEvent[] } {
    const turns = new FluxTurnTaking({ resumeGraceMs: 2000, holdFor });
    const events: TurnEvent[] = [];
    turns.events.add((event) => events.push(event));
    return { turns, events };
  }
  const kinds = (events: TurnEvent[]): string[] => events.filter((event) => event.type !== 'candidate-speech').map((event) => ('text' in event ? `${event.type}:${event.text}` : event.type));

  it('prepares at the eager end, drops it when the turn resumes, and speaks at the end of turn', () => {
    const { turns, events } = detector();
    turns.onStt(turn('start', ''));
    expect(events).toEqual([{ type: 'candidate-speech' }]);
    turns.onStt(turn('eager-end', 'I built a queue.'));
    turns.onStt(turn('resumed', 'I built a queue.'));
    turns.onStt(turn('eager-end', 'I built a queue. It was fast.'));
    turns.onStt(turn('end', 'I built a queue. It was fast.'));
    expect(kinds(events)).toEqual(['endpoint:I built a queue.', 'resumed', 'endpoint:I built a queue. It was fast.', 'committed:I built a queue. It was fast.']);
  });

  it('holds an end of turn whose words are plainly unfinished, and joins the next turn to it', () => {
    const { turns, events } = detector((text) => (text.endsWith('and') ? 1500 : 0));
    turns.onStt(turn('start', ''));
    turns.onStt(turn('end', 'We moved to Kafka and'));
    vi.advanceTimersByTime(1000);
    turns.onStt(turn('start', ''));
    turns.onStt(turn('eager-end', 'it worked.'));
    turns.onStt(turn('end', 'it worked.'));
    expect(kinds(events)).toEqual(['endpoint:We moved to Kafka and', 'resumed', 'endpoint:We moved to Kafka and it worked.', 'committed:We moved to Kafka and it worked.']);
  });

  it('takes a held turn as over when nothing follows, or when the sound that followed was not speech', () => {
    const { turns, events } = detector(() => 1500);
    turns.onStt(turn('end', 'Well,'));
    vi.advanceTimersByTime(1500);
    expect(kinds(events)).toEqual(['endpoint:Well,', 'committed:Well,']);
    turns.onStt(turn('end', 'So,'));
    vi.advanceTimersByTime(500);
    turns.onVoiceActivity('speech-start');
    vi.advanceTimersByTime(2000);
    expect(kinds(events)).toEqual(['endpoint:Well,', 'committed:Well,', 'endpoint:So,', 'resumed', 'endpoint:So,', 'committed:So,']);
  });
});

describe('an interview on Flux through the real bot', () => {
  let interview: InProcessInterview | null = null;
  afterEach(async () => {
    await interview?.stop();
    interview = null;
  });

  it('asks, hears a thinking pause as one turn, and completes with the transcript kept', async () => {
    interview = await startInProcessInterview({
      config: { ...twoQuestions, transcription: { model: 'flux-general-en' } },
      answers: ['Yes.', 'I built a billing queue, and', 'then we sharded it by customer.', 'We disagreed on testing, and we settled it with data.'],
      llm: [
        decide('next_question', { acknowledgement: 'Great.' }),
        decide('next_question', { acknowledgement: 'Prepared at the eager end, never said.' }),
        decide('next_question', { acknowledgement: 'Thanks.' }),
        decide('wrap_up', { acknowledgement: 'Thank you.', reason: 'all_questions_done' }),
      ],
      env: { BOT_TURN_PATIENCE: 'semantic' },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer(0.8);
    await pause(1200);
    const burstsDuringPause = interview.page.bursts.length;
    await interview.answer(0.8);
    await interview.botTurnsDone(3);
    await interview.answer();
    const outcome = await interview.outcome;

    expect(burstsDuringPause).toBe(2);
    expect(outcome.reason).toBe('interview complete');
    expect(interview.fakes.deepgram.connections[0]?.query.model).toBe('flux-general-en');
    expect(outcome.segments.map((segment) => `${segment.speaker}:${segment.text}`)).toEqual([
      'bot:Hi, I am Ada. Ready?',
      'candidate:Yes.',
      'bot:Great. Tell me about a system you built.',
      'candidate:I built a billing queue, and then we sharded it by customer.',
      'bot:Thanks. Describe a conflict in your team.',
      'candidate:We disagreed on testing, and we settled it with data.',
      expect.stringMatching(/^bot:Thank you\. That brings us to the end/) as string,
    ]);
    // A reply was prepared at the eager end of the first half, and thrown away when the turn resumed.
    const asked = interview.fakes.openai.requests.map((request) => (request.body.messages as { role: string; content: string }[]).filter((message) => message.role === 'user').at(-1)?.content);
    expect(asked).toEqual(['Yes.', 'I built a billing queue, and', 'I built a billing queue, and then we sharded it by customer.', 'We disagreed on testing, and we settled it with data.']);
  });
});
