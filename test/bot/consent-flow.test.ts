import { afterEach, describe, expect, it } from 'vitest';
import { consentTemplates } from '../../contracts/consent.js';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import { consentLines } from '../../bot/flow/consent-gate.js';
import type { InterviewOutcome } from '../../bot/interview-bot.js';
import type { FakeReply } from '../fakes/fake-openai.js';
import { decide } from './support/fake-providers.js';
import { startInProcessInterview, twoQuestions, type InProcessInterview } from './support/in-process-interview.js';

/**
 * The consent opening through the real bot pipeline with the voice fakes: the bot says the
 * disclosure and the question, the LLM reads each answer (yes / no / unclear / a question about the
 * AI), and only a yes lets the interview begin.
 */
const consent = { ...consentTemplates.illinois.settings, question: 'Do you agree to this AI interview?' };
const config: ConfigJsonInput = { ...twoQuestions, consent };
const opening = `${consent.disclosure} ${consent.question}`;

const reading = (decision: 'yes' | 'no' | 'unclear' | 'question', reply = ''): FakeReply => ({
  kind: 'tool',
  name: 'record_consent_answer',
  arguments: { decision, reply },
  chunkChars: 12,
});

let interview: InProcessInterview | null = null;
afterEach(async () => {
  await interview?.stop();
  interview = null;
});

/** The bot's lines once `count` of them have reached the page (a segment follows its audio). */
async function botLines(count: number): Promise<string[]> {
  const current = interview as InProcessInterview;
  await current.page.waitFor(() => current.botSegments().length >= count, 60_000, `${count} bot segments`);
  return current.botSegments().map((segment) => segment.text);
}

const lines = (outcome: InterviewOutcome): string[] => outcome.segments.map((segment) => `${segment.speaker}:${segment.text}`);

describe('consent spoken by the bot', () => {
  it('yes: recorded with the words and the time, then the interview begins with its greeting', async () => {
    interview = await startInProcessInterview({ config, answers: ['Yes, that is fine.'], llm: [reading('yes')], cartesia: { msPerChar: 1 } });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(3);
    expect(await botLines(3)).toEqual([opening, consentLines.thanks, 'Hi, I am Ada. Ready?']);
    await interview.stop();
    const outcome = await interview.outcome;
    expect(outcome.consent).toMatchObject({ given: true, reason: 'yes', words: 'Yes, that is fine.', proceed: true });
    expect(Date.parse(outcome.consent?.at ?? '')).not.toBeNaN();
    // The classifier saw the disclosure and the answer, and was offered its one tool.
    const request = interview.fakes.openai.requests[0];
    expect((request?.body.tools as { function: { name: string } }[]).map((tool) => tool.function.name)).toEqual(['record_consent_answer']);
    interview = null;
  });

  it('no: thanks the candidate and ends cancelled; the transcript keeps only the consent exchange', async () => {
    interview = await startInProcessInterview({ config, answers: ['No, I would rather not.'], llm: [reading('no')], cartesia: { msPerChar: 1 } });
    await interview.botTurnsDone(1);
    await interview.answer();
    const outcome = await interview.outcome;
    expect(outcome).toMatchObject({ reason: 'consent declined', status: 'cancelled', consent: { given: false, reason: 'no', words: 'No, I would rather not.' } });
    expect(lines(outcome)).toEqual([`bot:${opening}`, 'candidate:No, I would rather not.', `bot:${consentLines.declined}`]);
    expect(interview.fakes.openai.requests).toHaveLength(1);
  });

  it('unclear, then yes: asks once more in other words, then begins', async () => {
    const rephrased = 'Is it all right with you if an AI runs and assesses this interview?';
    interview = await startInProcessInterview({
      config,
      answers: ['Hmm, what time is it?', 'Oh, yes, sure.'],
      llm: [reading('unclear', rephrased), reading('yes')],
      cartesia: { msPerChar: 1 },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    await interview.botTurnsDone(4);
    expect(await botLines(4)).toEqual([opening, rephrased, consentLines.thanks, 'Hi, I am Ada. Ready?']);
    await interview.stop();
    expect((await interview.outcome).consent).toMatchObject({ given: true, words: 'Hmm, what time is it? Oh, yes, sure.' });
    interview = null;
  });

  it('unclear twice: lets the candidate go, cancelled, without consent', async () => {
    interview = await startInProcessInterview({
      config,
      answers: ['Maybe, I do not know.', 'Can we talk about the weather?'],
      llm: [reading('unclear', 'Just to check: do you agree, yes or no?'), reading('unclear')],
      cartesia: { msPerChar: 1 },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    const outcome = await interview.outcome;
    expect(outcome).toMatchObject({ reason: 'consent declined', status: 'cancelled', consent: { given: false, reason: 'unclear twice' } });
    expect(lines(outcome).at(-1)).toBe(`bot:${consentLines.unclearTwice}`);
    expect(lines(outcome).some((line) => line.includes('Hi, I am Ada'))).toBe(false);
  });

  it('a question about the AI first: answered, the question asked again, then yes', async () => {
    const answer = 'No, I am an AI interviewer, not a person. A recruiter reviews every result.';
    interview = await startInProcessInterview({
      config,
      answers: ['Wait, is this a real person?', 'Okay then, yes.'],
      llm: [reading('question', answer), reading('yes')],
      cartesia: { msPerChar: 1 },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    await interview.botTurnsDone(4);
    expect(await botLines(4)).toEqual([opening, `${answer} ${consent.question}`, consentLines.thanks, 'Hi, I am Ada. Ready?']);
    await interview.stop();
    expect((await interview.outcome).consent).toMatchObject({ given: true, reason: 'yes' });
    interview = null;
  });

  it('a barge-in during the disclosure stops the bot; an answer to an unheard question does not count, and the disclosure is said again in full', async () => {
    interview = await startInProcessInterview({
      config,
      answers: ['Yes yes, go on.', 'Yes.'],
      llm: [reading('yes'), reading('yes')],
      cartesia: { msPerChar: 30 },
    });
    const { page } = interview;
    await page.waitFor(() => page.bursts.length >= 1 && (page.bursts[0]?.samples ?? 0) > 16_000 * 0.8, 10_000, 'the disclosure to play for a while');
    const clearsBefore = page.clears.length;
    void interview.answer(1);
    await page.waitFor(() => page.clears.length > clearsBefore, 5000, 'the bot to stop');
    expect(page.bursts[0]?.cleared).toBe(true);
    // "Let me say that again in full." then the whole disclosure and question again.
    await interview.botTurnsDone(3, 60_000);
    await interview.answer();
    await interview.botTurnsDone(5, 60_000);
    const said = await botLines(5);
    expect(opening.startsWith(said[0] ?? 'x')).toBe(true);
    expect((said[0] ?? '').length).toBeLessThan(opening.length);
    expect(said.slice(1)).toEqual([consentLines.beforeWeGoOn, opening, consentLines.thanks, 'Hi, I am Ada. Ready?']);
    await interview.stop();
    expect((await interview.outcome).consent).toMatchObject({ given: true, words: 'Yes yes, go on. Yes.' });
    interview = null;
  }, 90_000);

  it('the LLM failing reads plain words: a clear yes is a yes, anything doubtful is unclear', async () => {
    interview = await startInProcessInterview({
      config,
      answers: ['Yes, I agree.'],
      llm: [{ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 }],
      cartesia: { msPerChar: 1 },
      env: { BOT_LLM_MAX_RETRIES: '0' },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(3);
    await interview.stop();
    expect((await interview.outcome).consent).toMatchObject({ given: true });
    interview = null;
  });

  it('consent not required: no clear answer twice still goes on (only a no would end it), recorded as not given', async () => {
    interview = await startInProcessInterview({
      config: { ...twoQuestions, consent: { ...consent, required: false } },
      answers: ['Hmm.', 'Whatever.'],
      llm: [reading('unclear', 'Shall we go on, yes or no?'), reading('unclear')],
      cartesia: { msPerChar: 1 },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer();
    expect(await botLines(4)).toEqual([opening, 'Shall we go on, yes or no?', consentLines.thanks, 'Hi, I am Ada. Ready?']);
    await interview.stop();
    expect((await interview.outcome).consent).toMatchObject({ given: false, proceed: true, reason: 'unclear, not required' });
    interview = null;
  });

  it('configs without a consent block begin with the greeting, as before', async () => {
    interview = await startInProcessInterview({ config: twoQuestions, llm: [decide('next_question', { acknowledgement: 'Great.' })], cartesia: { msPerChar: 1 } });
    await interview.botTurnsDone(1);
    expect(await botLines(1)).toEqual(['Hi, I am Ada. Ready?']);
    await interview.stop();
    expect((await interview.outcome).consent).toBeNull();
    interview = null;
  });
});
