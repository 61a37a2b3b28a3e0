import { afterEach, describe, expect, it } from 'vitest';
import { scriptedLines } from '../../bot/flow/scripted-lines.js';
import type { InterviewOutcome } from '../../bot/interview-bot.js';
import { decide } from './support/fake-providers.js';
import { startInProcessInterview, twoQuestions, type InProcessInterview } from './support/in-process-interview.js';

/** The faults the issue names, each against the whole pipeline in one process: the interview goes on. */
let interview: InProcessInterview | null = null;
afterEach(async () => {
  await interview?.stop();
  interview = null;
});

const botTexts = (outcome: InterviewOutcome): string[] => outcome.segments.filter((segment) => segment.speaker === 'bot').map((segment) => segment.text);

describe('faults', () => {
  it('falls back to the script when the LLM answers 500 or times out', async () => {
    interview = await startInProcessInterview({
      config: twoQuestions,
      answers: ['Yes.', 'I built a queue.', 'We talked.'],
      llm: [{ kind: 'error', status: 500 }, { kind: 'timeout' }, decide('next_question', { acknowledgement: 'Thanks.' })],
      env: { BOT_LLM_FIRST_TOKEN_TIMEOUT_MS: '500' },
    });
    for (let turn = 1; turn <= 3; turn++) {
      await interview.botTurnsDone(turn);
      await interview.answer();
    }
    const outcome = await interview.outcome;
    expect(outcome.reason).toBe('interview complete');
    expect(botTexts(outcome)).toEqual([
      'Hi, I am Ada. Ready?',
      `${scriptedLines.firstQuestionLead} Tell me about a system you built.`,
      `${scriptedLines.fallbackAcknowledgement} Describe a conflict in your team.`,
      `Thanks. ${scriptedLines.closing}`,
    ]);
  });

  it('retries a turn the TTS failed, so the question is still asked', async () => {
    interview = await startInProcessInterview({
      config: twoQuestions,
      answers: ['Yes.'],
      llm: [decide('next_question', { acknowledgement: 'Great.' })],
    });
    await interview.botTurnsDone(1);
    interview.fakes.cartesia.failNext({ afterChunks: 0 });
    await interview.answer();
    await interview.botTurnsDone(2);
    const { page } = interview;
    await page.waitFor(() => interview?.botSegments().length === 2, 5000, 'the second bot segment');
    expect(interview.botSegments().map((segment) => segment.text)).toEqual(['Hi, I am Ada. Ready?', 'Great. Tell me about a system you built.']);
    const contexts = [...interview.fakes.cartesia.contexts.values()];
    expect(contexts.filter((context) => context.failed)).toHaveLength(1);
    expect(contexts.at(-1)).toMatchObject({ done: true, failed: false });
  });

  it('keeps going when the STT socket drops mid-answer: reconnects, transcribes the answer, moves on', async () => {
    interview = await startInProcessInterview({
      config: twoQuestions,
      answers: ['Yes.', 'I built a queue that survived a dropped socket.', 'We talked.'],
      llm: [decide('next_question', { acknowledgement: 'Great.' }), decide('next_question', { acknowledgement: 'Thanks.' }), decide('next_question', { acknowledgement: 'Thank you.' })],
    });
    const { deepgram } = interview.fakes;
    deepgram.onSpeechStart((_connection, utterance) => {
      if (utterance === 1) setTimeout(() => deepgram.dropAll(), 300);
    });
    for (let turn = 1; turn <= 3; turn++) {
      await interview.botTurnsDone(turn);
      await interview.answer(1.2);
    }
    const outcome = await interview.outcome;
    expect(deepgram.connections.length).toBeGreaterThanOrEqual(2);
    expect(outcome.reason).toBe('interview complete');
    expect(outcome.segments.filter((segment) => segment.speaker === 'candidate').map((segment) => segment.text)).toEqual([
      'Yes.',
      'I built a queue that survived a dropped socket.',
      'We talked.',
    ]);
  });
});

