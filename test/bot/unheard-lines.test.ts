import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import { scriptedLines } from '../../bot/flow/scripted-lines.js';
import type { InterviewOutcome } from '../../bot/interview-bot.js';
import type { FakeReply, RecordedChatRequest } from '../fakes/fake-openai.js';
import { decide } from './support/fake-providers.js';
import { startInProcessInterview, type InProcessInterview } from './support/in-process-interview.js';

/**
 * Section 1b of issue 14: a line the candidate did not hear was not said. Through the real bot
 * pipeline and the provider fakes, the candidate talks over each kind of line (a question, a
 * follow-up, an answer to their own question, the closing) and, in the outside interview's shape,
 * pauses 1.2 s mid-answer under today's fixed patience. Every configured question must end up said
 * whole, the plan must not run past what was heard, and the LLM must see only what was heard.
 */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let interview: InProcessInterview | null = null;
afterEach(async () => {
  await interview?.stop();
  interview = null;
});

const threeQuestions: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You are a calm technical interviewer.',
  initial_message: 'Hi, I am Ada. Ready?',
  interview: {
    questions: [
      { id: 'q1', text: 'Tell me about a system you built from the ground up.', max_follow_ups: 1 },
      { id: 'q2', text: 'Describe a conflict in your team and how it was resolved.', follow_up_enabled: false },
      { id: 'q3', text: 'What would you change about how your last team shipped software?', follow_up_enabled: false },
    ],
  },
};
const questionTexts = (threeQuestions.interview?.questions ?? []).map((question) => question.text);

type Messages = { role: string; content: string }[];
const messagesOf = (request: RecordedChatRequest): Messages => request.body.messages as Messages;
const toolsOf = (request: RecordedChatRequest): string[] => (request.body.tools as { function: { name: string } }[]).map((tool) => tool.function.name);
const lastCandidateWords = (request: RecordedChatRequest): string => messagesOf(request).filter((message) => message.role === 'user').at(-1)?.content ?? '';
const botTexts = (outcome: InterviewOutcome): string[] => outcome.segments.filter((segment) => segment.speaker === 'bot').map((segment) => segment.text);

/**
 * The LLM's decisions, keyed by the candidate's last words (so a reply prepared and thrown away in
 * a pause does not shift a script); after an interruption it responds in a few words.
 */
function decisions(byWords: Record<string, FakeReply>): (request: RecordedChatRequest) => FakeReply {
  return (request) => {
    if (toolsOf(request).includes('resume_after_interruption')) {
      const words = lastCandidateWords(request);
      return byWords[words]?.kind === 'tool' && toolsOf(request).includes((byWords[words] as { name: string }).name)
        ? (byWords[words] as FakeReply)
        : decide('resume_after_interruption', { words: 'Sorry for cutting in.' });
    }
    return byWords[lastCandidateWords(request)] ?? decide('next_question', { acknowledgement: 'Thanks.' });
  };
}

/** The request made for the reply after the candidate said `words` (the last one, if prepared twice). */
function requestAfter(words: string): RecordedChatRequest {
  const request = interview?.fakes.openai.requests.filter((candidate) => lastCandidateWords(candidate) === words).at(-1);
  if (!request) throw new Error(`no LLM request after "${words}"`);
  return request;
}

/** Talks over bot turn `turn` (1-based) once `seconds` of it have played; resolves when the words are sent. */
async function talkOver(turn: number, seconds: number, speechSeconds = 1): Promise<void> {
  const page = (interview as InProcessInterview).page;
  await page.waitFor(() => (page.bursts[turn - 1]?.samples ?? 0) >= seconds * 16_000, 20_000, `bot turn ${turn} to play ${seconds} s`);
  const clears = page.clears.length;
  await (interview as InProcessInterview).answer(speechSeconds);
  await page.waitFor(() => page.clears.length > clears, 10_000, 'the bot to stop');
}

function expectEveryQuestionSaidWhole(outcome: InterviewOutcome): void {
  for (const question of questionTexts) expect(botTexts(outcome).some((text) => text.includes(question))).toBe(true);
}

describe('a line the candidate talked over stays open', () => {
  it('a question: said again once they finish, with their words answered first', async () => {
    interview = await startInProcessInterview({
      config: threeQuestions,
      answers: ['Yes.', 'Sorry, is this about work projects only?', 'I built a billing queue.', 'We disagreed on testing.', 'Release trains.'],
      cartesia: { msPerChar: 40 },
    });
    interview.fakes.openai.respondWith(
      decisions({
        'Yes.': decide('next_question', { acknowledgement: 'Great.' }),
        'Sorry, is this about work projects only?': decide('answer_candidate_question', { answer: 'Any project is fine.' }),
        'I built a billing queue.': decide('next_question', { acknowledgement: 'Thanks.' }),
        'Release trains.': decide('wrap_up', { acknowledgement: 'Thank you.', reason: 'all_questions_done' }),
      }),
    );
    await interview.botTurnsDone(1);
    await interview.answer();
    // Over "Great. Tell me about..." before the question itself was heard.
    await talkOver(2, 0.3);
    for (const turn of [3, 4, 5]) {
      await interview.botTurnsDone(turn);
      await interview.answer();
    }
    const outcome = await interview.outcome;

    expect(outcome.reason).toBe('interview complete');
    const bot = botTexts(outcome);
    expect(bot[1]).not.toContain(questionTexts[0]);
    expect(bot[2]).toBe(`Any project is fine. So: ${questionTexts[0]}`);
    expectEveryQuestionSaidWhole(outcome);
    const afterInterruption = requestAfter('Sorry, is this about work projects only?');
    expect(toolsOf(afterInterruption)).toEqual(['resume_after_interruption', 'answer_candidate_question', 'wrap_up']);
    expect(messagesOf(afterInterruption)[0]?.content).toContain(`did not hear it: "${questionTexts[0]}"`);
    // The LLM's own turn is what was heard, not what was sent.
    const ownTurn = messagesOf(afterInterruption).filter((message) => message.role === 'assistant').at(-1)?.content ?? '';
    expect(ownTurn).toBe(`${bot[1]} [interrupted by the candidate]`);
    expect(ownTurn).not.toContain(questionTexts[0]);
    expect(bot.at(-1)).toBe(`Thank you. ${scriptedLines.closing}`);
  });

  it('a follow-up: asked again, and the question it belongs to is not left behind', async () => {
    const followUp = 'What was the hardest part of building it, and why did it matter so much to your team?';
    interview = await startInProcessInterview({
      config: threeQuestions,
      answers: ['Yes.', 'I built a billing queue.', 'Oh, and it ran on Kafka.', 'Scaling the consumers.', 'We disagreed on testing.', 'Release trains.'],
      cartesia: { msPerChar: 40 },
    });
    interview.fakes.openai.respondWith(
      decisions({
        'Yes.': decide('next_question', { acknowledgement: 'Great.' }),
        'I built a billing queue.': decide('ask_follow_up', { question: followUp }),
        'Scaling the consumers.': decide('next_question', { acknowledgement: 'Thanks.' }),
        'Release trains.': decide('wrap_up', { acknowledgement: 'Thank you.', reason: 'all_questions_done' }),
      }),
    );
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    await talkOver(3, 0.4);
    for (const turn of [4, 5, 6]) {
      await interview.botTurnsDone(turn);
      await interview.answer();
    }
    const outcome = await interview.outcome;

    expect(outcome.reason).toBe('interview complete');
    const bot = botTexts(outcome);
    expect(bot[2]).not.toBe(followUp);
    expect(bot[3]).toBe(`Sorry for cutting in. So: ${followUp}`);
    expectEveryQuestionSaidWhole(outcome);
    expect(messagesOf(requestAfter('Oh, and it ran on Kafka.'))[0]?.content).toContain(`your last follow-up and did not hear it: "${followUp}"`);
  });

  it('an answer to their own question: said again after they finish', async () => {
    const answer = 'Sure. I mean any system, at work or on your own, that you designed and built yourself.';
    interview = await startInProcessInterview({
      config: threeQuestions,
      answers: ['Yes.', 'Could you clarify what counts?', 'Right, okay.', 'I built a billing queue.', 'We disagreed on testing.', 'Release trains.'],
      cartesia: { msPerChar: 40 },
    });
    interview.fakes.openai.respondWith(
      decisions({
        'Yes.': decide('next_question', { acknowledgement: 'Great.' }),
        'Could you clarify what counts?': decide('answer_candidate_question', { answer }),
        'Right, okay.': decide('resume_after_interruption', { words: 'Sorry.' }),
        'I built a billing queue.': decide('next_question', { acknowledgement: 'Thanks.' }),
        'Release trains.': decide('wrap_up', { acknowledgement: 'Thank you.', reason: 'all_questions_done' }),
      }),
    );
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    await talkOver(3, 0.4);
    for (const turn of [4, 5, 6]) {
      await interview.botTurnsDone(turn);
      await interview.answer();
    }
    const outcome = await interview.outcome;

    expect(outcome.reason).toBe('interview complete');
    const bot = botTexts(outcome);
    expect(bot[2]).not.toBe(answer);
    expect(bot[3]).toBe(`Sorry. ${scriptedLines.sayAgainLead.answer} ${answer}`);
    expectEveryQuestionSaidWhole(outcome);
  });

  it('the closing: the bot stops, and closes once the candidate has finished', async () => {
    interview = await startInProcessInterview({
      config: threeQuestions,
      answers: ['Yes.', 'I built a billing queue.', 'We disagreed on testing.', 'Release trains.', 'Thank you, this was great!'],
      cartesia: { msPerChar: 40 },
    });
    interview.fakes.openai.respondWith(
      decisions({
        'Yes.': decide('next_question', { acknowledgement: 'Great.' }),
        'Release trains.': decide('wrap_up', { acknowledgement: 'Thank you.', reason: 'all_questions_done' }),
        'Thank you, this was great!': decide('resume_after_interruption', { words: 'You are welcome.' }),
      }),
    );
    for (const turn of [1, 2, 3, 4]) {
      await interview.botTurnsDone(turn);
      await interview.answer();
    }
    await talkOver(5, 0.5);
    const outcome = await interview.outcome;

    expect(outcome.reason).toBe('interview complete');
    const bot = botTexts(outcome);
    expect(bot[4]).not.toContain(scriptedLines.closing);
    expect(bot[5]).toBe(`You are welcome. ${scriptedLines.closing}`);
    expect(interview.page.bursts[4]?.cleared).toBe(true);
    expectEveryQuestionSaidWhole(outcome);
  });
});

describe('the outside interview with a thinking pause (fixed patience, 600 ms)', () => {
  it('takes the first half as a turn, is talked over, and still asks the last question and answers the candidate', async () => {
    interview = await startInProcessInterview({
      config: threeQuestions,
      answers: [
        'Yes.',
        'I built a billing queue.',
        'We disagreed on',
        'whether to write integration tests first.',
        'Can I ask what the team works on?',
        'I would ship smaller changes.',
      ],
      env: { BOT_TURN_PATIENCE_MS: '600', BOT_STT_ENDPOINTING_MS: '300' },
    });
    interview.fakes.openai.respondWith(
      decisions({
        'Yes.': decide('next_question', { acknowledgement: 'Great.' }),
        'We disagreed on': decide('next_question', { acknowledgement: "Thank you, that's helpful." }),
        'Can I ask what the team works on?': decide('answer_candidate_question', { answer: 'The team builds payment systems.' }),
        'I would ship smaller changes.': decide('wrap_up', { acknowledgement: 'Thank you.', reason: 'all_questions_done' }),
      }),
    );
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    await interview.botTurnsDone(3);
    // The answer to question 2, with a 1.2 s thinking pause in the middle.
    await interview.answer(1);
    await pause(1200);
    await interview.answer(1);
    for (const turn of [5, 6]) {
      await interview.botTurnsDone(turn);
      await interview.answer();
    }
    const outcome = await interview.outcome;

    expect(outcome.reason).toBe('interview complete');
    expectEveryQuestionSaidWhole(outcome);
    const bot = botTexts(outcome);
    // The reply to the first half never got question 3 across; the reply to the second half did.
    expect(bot[3]).not.toContain(questionTexts[2]);
    expect(bot[4]).toBe(`Sorry for cutting in. So: ${questionTexts[2]}`);
    expect(bot[5]).toBe('The team builds payment systems.');
    expect(bot.at(-1)).toBe(`Thank you. ${scriptedLines.closing}`);
    const afterSecondHalf = requestAfter('whether to write integration tests first.');
    expect(messagesOf(afterSecondHalf)[0]?.content).toContain('Current question (3 of 3');
    expect(messagesOf(afterSecondHalf).filter((message) => message.role === 'assistant').at(-1)?.content).not.toContain(questionTexts[2]);
  });
});
