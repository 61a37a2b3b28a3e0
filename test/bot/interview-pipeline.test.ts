import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BotState, ServerMessage } from '../../contracts/live-events.js';
import { scriptedLines } from '../../bot/flow/scripted-lines.js';
import type { InterviewOutcome } from '../../bot/interview-bot.js';
import { LiveReporter } from '../../bot/live/live-reporter.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { ConsoleClient } from '../support/bot-client.js';
import { myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { decide } from './support/fake-providers.js';
import { startInProcessInterview, twoQuestions, type InProcessInterview } from './support/in-process-interview.js';
import { readySessionForBot } from './support/live-session.js';

/**
 * The whole pipeline in one process (real sockets to the provider fakes, the page stand-in as the
 * candidate): turn-taking, barge-in, time and silence. Faults are in interview-faults.test.ts.
 */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let interview: InProcessInterview | null = null;
afterEach(async () => {
  await interview?.stop();
  interview = null;
});

const botTexts = (outcome: InterviewOutcome): string[] => outcome.segments.filter((segment) => segment.speaker === 'bot').map((segment) => segment.text);

function lastUserMessage(body: Record<string, unknown>): string {
  const messages = body.messages as { role: string; content: string }[];
  return messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
}

describe('turn-taking', () => {
  it('lets the candidate pause mid-thought: one turn, both parts, no reply in between', async () => {
    interview = await startInProcessInterview({
      config: { ...twoQuestions, interview: { questions: [{ id: 'q1', text: 'Tell me about a system you built.' }] } },
      answers: ['Yes.', 'I built a queue,', 'and then we sharded it.'],
      llm: [
        decide('next_question', { acknowledgement: 'Great.' }),
        decide('next_question', { acknowledgement: 'Prepared, never said.' }),
        decide('next_question', { acknowledgement: 'Thanks.' }),
      ],
      env: { BOT_TURN_PATIENCE_MS: '1200' },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer(0.8);
    await pause(700); // past Deepgram's endpoint (300 ms), inside the patience window
    const burstsDuringPause = interview.page.bursts.length;
    await interview.answer(0.8);
    const outcome = await interview.outcome;

    expect(burstsDuringPause).toBe(2);
    expect(outcome.reason).toBe('interview complete');
    // A reply was prepared at the first endpoint (that is what hides the patience), then dropped.
    const requests = interview.fakes.openai.requests;
    expect(requests.map((request) => lastUserMessage(request.body))).toEqual(['Yes.', 'I built a queue,', 'I built a queue, and then we sharded it.']);
    const speakers = outcome.segments.map((segment) => `${segment.speaker}:${segment.text}`);
    expect(speakers).toEqual([
      'bot:Hi, I am Ada. Ready?',
      'candidate:Yes.',
      'bot:Great. Tell me about a system you built.',
      'candidate:I built a queue,',
      'candidate:and then we sharded it.',
      `bot:Thanks. ${scriptedLines.closing}`,
    ]);
  });
});

describe('interruptions', () => {
  it('stops the bot when the candidate talks over it: audio cleared, TTS cancelled, LLM aborted, only the heard words recorded', async () => {
    const longFollowUp =
      'That is interesting, and I would like to understand the trade-offs you weighed when you chose that design over the simpler alternatives your team had.';
    interview = await startInProcessInterview({
      config: twoQuestions,
      answers: ['Yes.', 'I built a queue.', 'Sorry, could you repeat that?'],
      llm: [
        decide('next_question', { acknowledgement: 'Great.' }),
        // Slow enough that the LLM is still streaming when the candidate cuts in.
        { kind: 'tool', name: 'ask_follow_up', arguments: { question: longFollowUp }, chunkChars: 6, chunkDelayMs: 60 },
        decide('answer_candidate_question', { answer: 'Of course.' }),
      ],
      cartesia: { msPerChar: 30 },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    const { page } = interview;
    await page.waitFor(() => page.bursts.length >= 3 && (page.bursts[2]?.samples ?? 0) > 16_000 * 0.6, 10_000, 'the follow-up to play for a while');
    const clearsBefore = page.clears.length;
    const speechStart = performance.now();
    void interview.answer(1);
    await page.waitFor(() => page.clears.length > clearsBefore, 5000, 'the bot to stop');
    const stopMs = (page.clears[clearsBefore] as number) - speechStart;
    await interview.botTurnsDone(4);
    const followUp = interview.botSegments().find((segment) => longFollowUp.startsWith(segment.text.slice(0, 20)));

    expect(stopMs).toBeLessThan(1000);
    expect(page.bursts[2]?.cleared).toBe(true);
    expect(followUp).toBeDefined();
    const heard = followUp?.text ?? '';
    expect(heard.length).toBeGreaterThan(0);
    expect(longFollowUp.startsWith(heard)).toBe(true);
    expect(heard.split(' ').length).toBeLessThan(longFollowUp.split(' ').length);
    // The segment's duration is what was played, not the whole question.
    expect((followUp?.endTime ?? 0) - (followUp?.startTime ?? 0)).toBeLessThan((page.bursts[2]?.samples ?? 0) / 16_000 + 0.2);
    const cancelled = [...interview.fakes.cartesia.contexts.values()].filter((context) => context.cancelled);
    expect(cancelled).toHaveLength(1);
    expect(interview.fakes.openai.requests[1]?.aborted).toBe(true);
    // The interrupted words are what the LLM sees of its own turn.
    const messages = interview.fakes.openai.requests[2]?.body.messages as { role: string; content: string }[];
    expect(messages.filter((message) => message.role === 'assistant').at(-1)?.content).toBe(`${heard} [interrupted by the candidate]`);
  });
});

describe('time and silence', () => {
  it('wraps up gracefully once the wrap-up window opens, offering the LLM only wrap_up', async () => {
    interview = await startInProcessInterview({
      config: { ...twoQuestions, interview: { ...twoQuestions.interview, max_duration_minutes: 1 } },
      answers: ['Yes.', 'I built a queue.'],
      llm: [decide('next_question', { acknowledgement: 'Great.' }), decide('wrap_up', { reason: 'all_questions_done', acknowledgement: 'Thanks for that.' })],
      env: { BOT_WRAP_UP_LEAD_SECONDS: '56' },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await pause(Math.max(0, 4500 - performance.now() + (interview.page.bursts[0]?.startedAt ?? performance.now())));
    await interview.answer();
    const outcome = await interview.outcome;
    expect(outcome).toMatchObject({ reason: 'time limit reached', status: 'completed' });
    const tools = (interview.fakes.openai.requests[1]?.body.tools as { function: { name: string } }[]).map((tool) => tool.function.name);
    expect(tools).toEqual(['wrap_up']);
    expect(botTexts(outcome).at(-1)).toBe(`Thanks for that. ${scriptedLines.closing}`);
    // Question 2 was never reached: the time was up.
    expect(botTexts(outcome).some((text) => text.includes('conflict'))).toBe(false);
  });

  it('stops hard at the limit, even mid-sentence, keeping what was said', async () => {
    interview = await startInProcessInterview({
      config: { ...twoQuestions, initial_message: 'Hello and welcome. '.repeat(12).trim() },
      timeLimitMs: 1500,
    });
    const outcome = await interview.outcome;
    expect(outcome.reason).toBe('max duration reached');
    expect(outcome.status).toBe('completed');
    expect(interview.page.bursts[0]?.cleared).toBe(true);
    const greeting = outcome.segments[0]?.text ?? '';
    expect(greeting.length).toBeGreaterThan(0);
    expect(greeting.length).toBeLessThan('Hello and welcome. '.repeat(12).trim().length);
  });

  it('checks in after a silence and ends after a longer one', async () => {
    interview = await startInProcessInterview({ config: twoQuestions, env: { BOT_IDLE_PROMPT_SECONDS: '1', BOT_IDLE_END_SECONDS: '3' } });
    const outcome = await interview.outcome;
    expect(outcome.reason).toBe('candidate idle');
    expect(botTexts(outcome)).toEqual(['Hi, I am Ada. Ready?', scriptedLines.idlePrompt, scriptedLines.idleEnd]);
  });

  it('never ends early on the LLM alone, but ends when the candidate asks to', async () => {
    interview = await startInProcessInterview({
      config: twoQuestions,
      answers: ['Yes.', 'Actually I need to stop here.'],
      llm: [
        decide('wrap_up', { reason: 'all_questions_done', acknowledgement: 'Alright.' }),
        decide('wrap_up', { reason: 'candidate_requested_end', acknowledgement: 'Of course.' }),
      ],
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    const outcome = await interview.outcome;
    expect(outcome.reason).toBe('candidate asked to end');
    expect(botTexts(outcome)).toEqual([
      'Hi, I am Ada. Ready?',
      'Alright. Tell me about a system you built.',
      `Of course. ${scriptedLines.closing}`,
    ]);
  });
});

describe('reporting its state', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('tells a watching console it is thinking, then speaking, then listening, turn by turn', async () => {
    const { session, botEnv } = await readySessionForBot(server, await myOrgId(server));
    const watcher = await ConsoleClient.connect(server.url, server.token);
    expect((await watcher.subscribe(session.id)).botState).toBeNull();
    const reporter = new LiveReporter({ url: botEnv.WEBSOCKET_URL as string, token: botEnv.BOT_TOKEN as string, logger: silentLogger });
    interview = await startInProcessInterview({
      config: twoQuestions,
      answers: ['Yes.'],
      // Slower than the patience window, so the reply is not ready when the turn ends: the bot thinks.
      llm: [{ ...decide('next_question', { acknowledgement: 'Great.' }), firstTokenMs: 1200 }],
      reporter,
    });
    const states = (): (BotState | null)[] =>
      watcher.messages.flatMap((message: ServerMessage) => (message.type === 'bot_state' ? [message.state] : []));

    await interview.botTurnsDone(1);
    await watcher.waitFor((message) => message.type === 'bot_state' && message.state === 'listening');
    expect(states()).toEqual(['thinking', 'speaking', 'listening']);
    const answeredAt = interview.page.bursts.length;
    await interview.answer();
    await interview.botTurnsDone(answeredAt + 1);
    await watcher.waitFor((message) => message.type === 'bot_state' && message.state === 'listening' && states().length >= 6);
    expect(states()).toEqual(['thinking', 'speaking', 'listening', 'thinking', 'speaking', 'listening']);
    // The thinking was real: it spanned the LLM's delay before the reply's first audio.
    const stamps = watcher.messages.flatMap((message) => (message.type === 'bot_state' ? [Date.parse(message.at)] : []));
    expect((stamps[4] as number) - (stamps[3] as number)).toBeGreaterThanOrEqual(400);

    // A console that arrives now sees the state at once.
    const late = await ConsoleClient.connect(server.url, server.token);
    expect((await late.subscribe(session.id)).botState?.state).toBe('listening');
    // A bot that stops for good takes its state with it.
    await interview.stop();
    interview = null;
    await watcher.waitFor((message) => message.type === 'bot_state' && message.state === null);
    late.messages.length = 0;
    expect((await late.subscribe(session.id)).botState).toBeNull();
    await Promise.all([watcher.close(), late.close()]);
  });
});
