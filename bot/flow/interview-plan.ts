import type { InterviewQuestion } from '../../contracts/config-json.js';
import type { ToolName, WrapUpReason } from '../llm/interview-tools.js';
import { scriptedLines, type ScriptedLines } from './scripted-lines.js';

/**
 * Where the interview stands: the state graph of the flow (greeting -> each question with its
 * follow-ups -> closing). Pure values and functions, so every rule is testable on its own.
 */
export interface PlanState {
  phase: 'greeting' | 'questions' | 'closing';
  /** The question being asked (index into the config's questions); -1 before the first. */
  questionIndex: number;
  followUpsAsked: number;
  /**
   * A line the candidate did not hear (they talked over it): the plan stands as if it had been
   * said, and the next reply says it again, so nothing the flow moved past goes unasked.
   */
  owed: OwedLine | null;
}

/** The kinds of line that must be heard: the flow cannot move on from one the candidate missed. */
export type LineKind = 'question' | 'follow-up' | 'answer' | 'closing';

export interface OwedLine {
  kind: LineKind;
  /** The line as it was meant to be said (a configured question verbatim). */
  text: string;
}

export const initialPlan: PlanState = { phase: 'greeting', questionIndex: -1, followUpsAsked: 0, owed: null };

export interface PlanStep {
  state: PlanState;
  /** Scripted words the flow says after the LLM's own (the next question or the closing). */
  scripted: string;
  /**
   * The line of this step that the candidate must hear, when it is the scripted part (a question,
   * the closing, a line said again). A follow-up's or an answer's line is the LLM's own words.
   */
  line: OwedLine | null;
}

export function currentQuestion(state: PlanState, questions: readonly InterviewQuestion[]): InterviewQuestion | null {
  return questions[state.questionIndex] ?? null;
}

export function canFollowUp(state: PlanState, questions: readonly InterviewQuestion[]): boolean {
  const question = currentQuestion(state, questions);
  return (
    state.phase === 'questions' &&
    state.owed === null &&
    question !== null &&
    question.follow_up_enabled &&
    state.followUpsAsked < question.max_follow_ups
  );
}

/**
 * The tools offered to the LLM now. When time is nearly up, it may only close. When a line is owed,
 * it responds to what the candidate said (or answers them) and the flow says the line again; it may
 * still close if the candidate asks to end.
 */
export function allowedTools(state: PlanState, questions: readonly InterviewQuestion[], wrapUpDue: boolean): ToolName[] {
  if (wrapUpDue) return ['wrap_up'];
  if (state.owed) return ['resume_after_interruption', 'answer_candidate_question', 'wrap_up'];
  const tools: ToolName[] = [];
  if (canFollowUp(state, questions)) tools.push('ask_follow_up');
  tools.push('next_question', 'answer_candidate_question', 'wrap_up');
  return tools;
}

function advance(state: PlanState, questions: readonly InterviewQuestion[], lines: ScriptedLines): PlanStep {
  const next = questions[state.questionIndex + 1];
  if (!next) return closing(lines);
  return {
    state: { phase: 'questions', questionIndex: state.questionIndex + 1, followUpsAsked: 0, owed: null },
    scripted: next.text,
    line: { kind: 'question', text: next.text },
  };
}

function closing(lines: ScriptedLines): PlanStep {
  return {
    state: { phase: 'closing', questionIndex: -1, followUpsAsked: 0, owed: null },
    scripted: lines.closing,
    line: { kind: 'closing', text: lines.closing },
  };
}

/** How an owed line is said again: "So: <question>", or the closing as it is. */
export function sayAgain(owed: OwedLine, lines: ScriptedLines = scriptedLines): string {
  const lead = lines.sayAgainLead[owed.kind];
  return lead ? `${lead} ${owed.text}` : owed.text;
}

/** The owed line, said again: the plan stays where it is (it already stands past the line). */
function repeatOwed(state: PlanState, owed: OwedLine, lines: ScriptedLines): PlanStep {
  return { state: { ...state, owed: null }, scripted: sayAgain(owed, lines), line: owed };
}

/**
 * Applies the LLM's decision. The flow, not the model, has the last word: a follow-up beyond the
 * limit moves on, and a wrap-up is honoured only after the last question, when time is up, or when
 * the candidate asked to stop; otherwise it moves on too (the bot never ends early on its own).
 * An owed line is said again whatever else was decided, unless the interview is closing.
 */
export function applyDecision(
  state: PlanState,
  questions: readonly InterviewQuestion[],
  decision: ToolName,
  options: { wrapUpDue: boolean; wrapUpReason: WrapUpReason | null; lines?: ScriptedLines },
): PlanStep {
  const lines = options.lines ?? scriptedLines;
  if (options.wrapUpDue) return closing(lines);
  if (state.owed) {
    if (decision === 'wrap_up' && options.wrapUpReason === 'candidate_requested_end') return closing(lines);
    return repeatOwed(state, state.owed, lines);
  }
  switch (decision) {
    case 'ask_follow_up':
      if (!canFollowUp(state, questions)) return advance(state, questions, lines);
      return { state: { ...state, followUpsAsked: state.followUpsAsked + 1 }, scripted: '', line: null };
    case 'answer_candidate_question':
    case 'resume_after_interruption':
      return { state, scripted: '', line: null };
    case 'next_question':
      return advance(state, questions, lines);
    case 'wrap_up': {
      const onLast = state.questionIndex >= questions.length - 1;
      if (onLast || options.wrapUpReason === 'candidate_requested_end') return closing(lines);
      return advance(state, questions, lines);
    }
  }
}

/**
 * When the LLM fails or times out: the line still owed, else the next scripted question (or the
 * closing), never silence.
 */
export function fallbackStep(
  state: PlanState,
  questions: readonly InterviewQuestion[],
  wrapUpDue: boolean,
  lines: ScriptedLines = scriptedLines,
): PlanStep & { lead: string } {
  if (state.owed && !wrapUpDue) return { ...repeatOwed(state, state.owed, lines), lead: lines.fallbackAcknowledgement };
  const step = wrapUpDue ? closing(lines) : advance(state, questions, lines);
  const lead = state.phase === 'greeting' && step.state.phase === 'questions' ? lines.firstQuestionLead : lines.fallbackAcknowledgement;
  return { ...step, lead };
}

/**
 * Whether the candidate heard a line, from the words the page played: the line is the last
 * `line` words of what was meant (`fullText`), and counts as heard once at least 80% of its words
 * were played (a candidate who starts answering over the last word of a question heard it).
 */
export function lineHeard(line: OwedLine, fullText: string, heardText: string): boolean {
  const words = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;
  const lineWords = words(line.text);
  const lineStart = Math.max(0, words(fullText) - lineWords);
  return words(heardText) - lineStart >= Math.ceil(lineWords * 0.8);
}
