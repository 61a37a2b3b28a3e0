import type { InterviewQuestion } from '../../contracts/config-json.js';
import type { ToolName, WrapUpReason } from '../llm/interview-tools.js';
import { scriptedLines } from './scripted-lines.js';

/**
 * Where the interview stands: the state graph of the flow (greeting -> each question with its
 * follow-ups -> closing). Pure values and functions, so every rule is testable on its own.
 */
export interface PlanState {
  phase: 'greeting' | 'questions' | 'closing';
  /** The question being asked (index into the config's questions); -1 before the first. */
  questionIndex: number;
  followUpsAsked: number;
}

export const initialPlan: PlanState = { phase: 'greeting', questionIndex: -1, followUpsAsked: 0 };

export interface PlanStep {
  state: PlanState;
  /** Scripted words the flow says after the LLM's own (the next question or the closing). */
  scripted: string;
}

export function currentQuestion(state: PlanState, questions: readonly InterviewQuestion[]): InterviewQuestion | null {
  return questions[state.questionIndex] ?? null;
}

export function canFollowUp(state: PlanState, questions: readonly InterviewQuestion[]): boolean {
  const question = currentQuestion(state, questions);
  return state.phase === 'questions' && question !== null && question.follow_up_enabled && state.followUpsAsked < question.max_follow_ups;
}

/** The tools offered to the LLM now. When time is nearly up, it may only close (or answer first). */
export function allowedTools(state: PlanState, questions: readonly InterviewQuestion[], wrapUpDue: boolean): ToolName[] {
  if (wrapUpDue) return ['wrap_up'];
  const tools: ToolName[] = [];
  if (canFollowUp(state, questions)) tools.push('ask_follow_up');
  tools.push('next_question', 'answer_candidate_question', 'wrap_up');
  return tools;
}

function advance(state: PlanState, questions: readonly InterviewQuestion[]): PlanStep {
  const next = questions[state.questionIndex + 1];
  if (!next) return closing();
  return { state: { phase: 'questions', questionIndex: state.questionIndex + 1, followUpsAsked: 0 }, scripted: next.text };
}

function closing(): PlanStep {
  return { state: { phase: 'closing', questionIndex: -1, followUpsAsked: 0 }, scripted: scriptedLines.closing };
}

/**
 * Applies the LLM's decision. The flow, not the model, has the last word: a follow-up beyond the
 * limit moves on, and a wrap-up is honoured only after the last question, when time is up, or when
 * the candidate asked to stop; otherwise it moves on too (the bot never ends early on its own).
 */
export function applyDecision(
  state: PlanState,
  questions: readonly InterviewQuestion[],
  decision: ToolName,
  options: { wrapUpDue: boolean; wrapUpReason: WrapUpReason | null },
): PlanStep {
  if (options.wrapUpDue) return closing();
  switch (decision) {
    case 'ask_follow_up':
      if (!canFollowUp(state, questions)) return advance(state, questions);
      return { state: { ...state, followUpsAsked: state.followUpsAsked + 1 }, scripted: '' };
    case 'answer_candidate_question':
      return { state, scripted: '' };
    case 'next_question':
      return advance(state, questions);
    case 'wrap_up': {
      const onLast = state.questionIndex >= questions.length - 1;
      if (onLast || options.wrapUpReason === 'candidate_requested_end') return closing();
      return advance(state, questions);
    }
  }
}

/** When the LLM fails or times out: the next scripted question (or the closing), never silence. */
export function fallbackStep(state: PlanState, questions: readonly InterviewQuestion[], wrapUpDue: boolean): PlanStep & { lead: string } {
  const step = wrapUpDue ? closing() : advance(state, questions);
  const lead = state.phase === 'greeting' && step.state.phase === 'questions' ? scriptedLines.firstQuestionLead : scriptedLines.fallbackAcknowledgement;
  return { ...step, lead };
}
