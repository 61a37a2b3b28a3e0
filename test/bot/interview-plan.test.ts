import { describe, expect, it } from 'vitest';
import { interviewQuestion } from '../../contracts/config-json.js';
import { allowedTools, applyDecision, fallbackStep, initialPlan, type PlanState } from '../../bot/flow/interview-plan.js';
import { scriptedLines } from '../../bot/flow/scripted-lines.js';

const questions = [
  interviewQuestion.parse({ id: 'q1', text: 'First question?', max_follow_ups: 1 }),
  interviewQuestion.parse({ id: 'q2', text: 'Second question?', follow_up_enabled: false }),
];
const onQ1: PlanState = { phase: 'questions', questionIndex: 0, followUpsAsked: 0 };
const noWrap = { wrapUpDue: false, wrapUpReason: null };

describe('the interview plan', () => {
  it('moves from the greeting to the first question, saying it verbatim', () => {
    expect(allowedTools(initialPlan, questions, false)).not.toContain('ask_follow_up');
    const step = applyDecision(initialPlan, questions, 'next_question', noWrap);
    expect(step).toEqual({ state: onQ1, scripted: 'First question?' });
  });

  it('allows follow-ups up to the question max, then moves on even if the LLM asks for another', () => {
    expect(allowedTools(onQ1, questions, false)).toContain('ask_follow_up');
    const followed = applyDecision(onQ1, questions, 'ask_follow_up', noWrap);
    expect(followed.state.followUpsAsked).toBe(1);
    expect(allowedTools(followed.state, questions, false)).not.toContain('ask_follow_up');
    const forced = applyDecision(followed.state, questions, 'ask_follow_up', noWrap);
    expect(forced).toEqual({ state: { phase: 'questions', questionIndex: 1, followUpsAsked: 0 }, scripted: 'Second question?' });
  });

  it('offers no follow-up on a question with follow-ups disabled', () => {
    expect(allowedTools({ phase: 'questions', questionIndex: 1, followUpsAsked: 0 }, questions, false)).not.toContain('ask_follow_up');
  });

  it('keeps the question open while answering the candidate', () => {
    expect(applyDecision(onQ1, questions, 'answer_candidate_question', noWrap)).toEqual({ state: onQ1, scripted: '' });
  });

  it('never ends early on the LLM alone: wrap_up before the last question moves on', () => {
    expect(applyDecision(onQ1, questions, 'wrap_up', noWrap).state.questionIndex).toBe(1);
    const asked = applyDecision(onQ1, questions, 'wrap_up', { wrapUpDue: false, wrapUpReason: 'candidate_requested_end' });
    expect(asked).toEqual({ state: { phase: 'closing', questionIndex: -1, followUpsAsked: 0 }, scripted: scriptedLines.closing });
    const last: PlanState = { phase: 'questions', questionIndex: 1, followUpsAsked: 0 };
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
    expect(fallbackStep({ phase: 'questions', questionIndex: 1, followUpsAsked: 0 }, questions, false).state.phase).toBe('closing');
    expect(fallbackStep(onQ1, questions, true).scripted).toBe(scriptedLines.closing);
  });
});
