import { describe, expect, it } from 'vitest';
import { interviewQuestion } from '../../contracts/config-json.js';
import { allowedTools, applyDecision, fallbackStep, initialPlan, lineHeard, sayAgain, type PlanState } from '../../bot/flow/interview-plan.js';
import { scriptedLines } from '../../bot/flow/scripted-lines.js';

const questions = [
  interviewQuestion.parse({ id: 'q1', text: 'First question?', max_follow_ups: 1 }),
  interviewQuestion.parse({ id: 'q2', text: 'Second question?', follow_up_enabled: false }),
];
const onQ1: PlanState = { phase: 'questions', questionIndex: 0, followUpsAsked: 0, owed: null };
const noWrap = { wrapUpDue: false, wrapUpReason: null };

describe('the interview plan', () => {
  it('moves from the greeting to the first question, saying it verbatim', () => {
    expect(allowedTools(initialPlan, questions, false)).not.toContain('ask_follow_up');
    const step = applyDecision(initialPlan, questions, 'next_question', noWrap);
    expect(step).toEqual({ state: onQ1, scripted: 'First question?', line: { kind: 'question', text: 'First question?' } });
  });

  it('allows follow-ups up to the question max, then moves on even if the LLM asks for another', () => {
    expect(allowedTools(onQ1, questions, false)).toContain('ask_follow_up');
    const followed = applyDecision(onQ1, questions, 'ask_follow_up', noWrap);
    expect(followed.state.followUpsAsked).toBe(1);
    expect(allowedTools(followed.state, questions, false)).not.toContain('ask_follow_up');
    const forced = applyDecision(followed.state, questions, 'ask_follow_up', noWrap);
    expect(forced).toMatchObject({ state: { phase: 'questions', questionIndex: 1, followUpsAsked: 0, owed: null }, scripted: 'Second question?' });
  });

  it('offers no follow-up on a question with follow-ups disabled', () => {
    expect(allowedTools({ phase: 'questions', questionIndex: 1, followUpsAsked: 0, owed: null }, questions, false)).not.toContain('ask_follow_up');
  });

  it('keeps the question open while answering the candidate', () => {
    expect(applyDecision(onQ1, questions, 'answer_candidate_question', noWrap)).toEqual({ state: onQ1, scripted: '', line: null });
  });

  it('never ends early on the LLM alone: wrap_up before the last question moves on', () => {
    expect(applyDecision(onQ1, questions, 'wrap_up', noWrap).state.questionIndex).toBe(1);
    const asked = applyDecision(onQ1, questions, 'wrap_up', { wrapUpDue: false, wrapUpReason: 'candidate_requested_end' });
    expect(asked).toMatchObject({ state: { phase: 'closing', questionIndex: -1, followUpsAsked: 0, owed: null }, scripted: scriptedLines.closing });
    const last: PlanState = { phase: 'questions', questionIndex: 1, followUpsAsked: 0, owed: null };
    expect(applyDecision(last, questions, 'wrap_up', noWrap).state.phase).toBe('closing');
    expect(applyDecision(last, questions, 'next_question', noWrap).state.phase).toBe('closing');
  });

  it('closes whatever the decision once wrap-up time has come, and offers only wrap_up', () => {
    expect(allowedTools(onQ1, questions, true)).toEqual(['wrap_up']);
    expect(applyDecision(onQ1, questions, 'ask_follow_up', { wrapUpDue: true, wrapUpReason: null }).state.phase).toBe('closing');
  });

  it('falls back to the next scripted question (or the closing), never to silence', () => {
    expect(fallbackStep(initialPlan, questions, false)).toMatchObject({ scripted: 'First question?', lead: scriptedLines.firstQuestionLead });
    expect(fallbackStep(onQ1, questions, false)).toMatchObject({ scripted: 'Second question?', lead: scriptedLines.fallbackAcknowledgement });
    expect(fallbackStep({ phase: 'questions', questionIndex: 1, followUpsAsked: 0, owed: null }, questions, false).state.phase).toBe('closing');
    expect(fallbackStep(onQ1, questions, true).scripted).toBe(scriptedLines.closing);
  });

  it('says an owed line again whatever the LLM decides, and never moves past it', () => {
    const owedQ2: PlanState = { phase: 'questions', questionIndex: 1, followUpsAsked: 0, owed: { kind: 'question', text: 'Second question?' } };
    expect(allowedTools(owedQ2, questions, false)).toEqual(['resume_after_interruption', 'answer_candidate_question', 'wrap_up']);
    for (const decision of ['resume_after_interruption', 'answer_candidate_question', 'next_question', 'ask_follow_up'] as const) {
      expect(applyDecision(owedQ2, questions, decision, noWrap)).toEqual({
        state: { ...owedQ2, owed: null },
        scripted: 'So: Second question?',
        line: { kind: 'question', text: 'Second question?' },
      });
    }
    // "All questions done" is not true while one is owed; only the candidate (or the clock) can end it.
    expect(applyDecision(owedQ2, questions, 'wrap_up', { wrapUpDue: false, wrapUpReason: 'all_questions_done' }).scripted).toBe('So: Second question?');
    expect(applyDecision(owedQ2, questions, 'wrap_up', { wrapUpDue: false, wrapUpReason: 'candidate_requested_end' }).state.phase).toBe('closing');
    expect(fallbackStep(owedQ2, questions, false)).toMatchObject({ scripted: 'So: Second question?', state: { questionIndex: 1, owed: null } });
    // An owed closing is said again as it is.
    expect(sayAgain({ kind: 'closing', text: scriptedLines.closing })).toBe(scriptedLines.closing);
    // No follow-up of a question the candidate never heard.
    expect(allowedTools({ ...onQ1, owed: { kind: 'question', text: 'First question?' } }, questions, false)).not.toContain('ask_follow_up');
  });

  it('counts a line as heard from the words played: the end of a question may be talked over, not most of it', () => {
    const line = { kind: 'question' as const, text: 'Tell me about a time you disagreed with your manager.' };
    const full = `Thank you. ${line.text}`;
    expect(lineHeard(line, full, full)).toBe(true);
    expect(lineHeard(line, full, 'Thank you. Tell me about a time you disagreed with your')).toBe(true);
    expect(lineHeard(line, full, 'Thank you. Tell me about a time')).toBe(false);
    expect(lineHeard(line, full, 'Thank')).toBe(false);
    expect(lineHeard(line, full, '')).toBe(false);
  });
});
