import type { ConfigJson } from '../../contracts/config-json.js';
import { buildMessages, type DialogueTurn } from '../llm/interview-prompt.js';
import { isToolName, spokenField, toolsFor, wrapUpReasonOf, type ToolName } from '../llm/interview-tools.js';
import { JsonStringFieldStream } from '../llm/json-string-field-stream.js';
import type { Utterance } from '../pipeline/utterance.js';
import type { OpenAiLlm } from '../providers/openai-llm.js';
import { errorText, type Logger } from '../runtime/logger.js';
import { scriptedLinesFor } from './scripted-lines.js';
import { allowedTools, applyDecision, fallbackStep, type OwedLine, type PlanState, type PlanStep } from './interview-plan.js';

export interface BotResponseInput {
  config: ConfigJson;
  plan: PlanState;
  /** The dialogue so far, ending with the candidate turn being answered. */
  dialogue: DialogueTurn[];
  wrapUpDue: boolean;
  remainingMs: number;
}

export type ClosingReason = 'interview complete' | 'candidate asked to end' | 'time limit reached';

class Discarded extends Error {}

/**
 * The bot's reply to one candidate turn: asks the LLM for a decision (a tool call), speaks its
 * words while they stream, then adds the flow's scripted part. Any LLM failure (an error, a
 * timeout, an unusable decision) turns into the scripted next step, so the bot is never silent.
 */
export class BotResponse {
  /** The flow's next state, once the decision is known. */
  step: PlanStep | null = null;
  closingReason: ClosingReason | null = null;
  readonly settled: Promise<void>;
  private readonly abort = new AbortController();
  private spoken = '';
  private decision: ToolName | null = null;

  constructor(
    readonly utterance: Utterance,
    private readonly input: BotResponseInput,
    private readonly llm: OpenAiLlm,
    private readonly logger: Logger,
  ) {
    this.settled = this.run();
  }

  /**
   * The line of this reply the candidate must hear (once settled): the flow's scripted line when
   * there is one, else a follow-up's or an answer's own words. An acknowledgement is not one.
   */
  get line(): OwedLine | null {
    if (this.step?.line) return this.step.line;
    const text = this.spoken.trim();
    if (text.length === 0) return null;
    if (this.decision === 'ask_follow_up') return { kind: 'follow-up', text };
    if (this.decision === 'answer_candidate_question') return { kind: 'answer', text };
    return null;
  }

  commit(): void {
    this.utterance.open();
  }

  /** Stops the LLM (its remaining words will not be said). */
  stopThinking(): void {
    this.abort.abort(new Discarded('reply no longer wanted'));
  }

  discard(): void {
    this.stopThinking();
    this.utterance.discard();
  }

  private say(text: string): void {
    if (text.length === 0) return;
    this.spoken += text;
    this.utterance.say(text);
  }

  /** Adds scripted words after whatever was said, with a space between. */
  private sayAfter(text: string): void {
    if (text.length === 0) return;
    this.say(this.spoken.trim().length > 0 && !/\s$/.test(this.spoken) ? ` ${text}` : text);
  }

  private async run(): Promise<void> {
    const { config, plan, wrapUpDue } = this.input;
    const questions = config.interview.questions;
    const allowed = allowedTools(plan, questions, wrapUpDue);
    let decision: ToolName | null = null;
    let args = '';
    try {
      let field: JsonStringFieldStream | null = null;
      const events = this.llm.stream({
        messages: buildMessages(config, plan, this.input.dialogue, { remainingMs: this.input.remainingMs, wrapUpDue }),
        tools: toolsFor(allowed),
        signal: this.abort.signal,
      });
      for await (const event of events) {
        if (event.type === 'tool') {
          if (!isToolName(event.name) || !allowed.includes(event.name)) throw new Error(`the LLM chose ${event.name}, which is not offered now`);
          decision = event.name;
          field = new JsonStringFieldStream(spokenField[decision]);
        } else if (event.type === 'tool-args') {
          args += event.delta;
          if (field) this.say(field.push(event.delta));
        } else if (event.type === 'text') {
          this.say(event.delta);
        }
      }
      if (!decision) throw new Error('the LLM made no decision');
      if (decision === 'ask_follow_up' && this.spoken.trim().length === 0) throw new Error('the LLM gave an empty follow-up');
      this.decide(decision, args);
    } catch (error) {
      if (this.abort.signal.aborted && this.abort.signal.reason instanceof Discarded) {
        this.utterance.finishText();
        return;
      }
      if (decision && this.spoken.trim().length > 0) {
        // Words of the decision were already said: stand by it rather than contradict it.
        this.logger.warn('llm reply broke off; keeping its decision', { decision, error: errorText(error) });
        this.decide(decision, args);
      } else {
        this.logger.warn('llm failed; continuing with the scripted next step', { error: errorText(error) });
        const fallback = fallbackStep(plan, questions, wrapUpDue, scriptedLinesFor(config.transcription.language));
        this.setStep(fallback, wrapUpDue ? 'time limit reached' : 'interview complete');
        this.sayAfter(fallback.lead);
        this.sayAfter(fallback.scripted);
      }
    }
    this.utterance.finishText();
  }

  private decide(decision: ToolName, args: string): void {
    const { config, plan, wrapUpDue } = this.input;
    this.decision = decision;
    const wrapUpReason = decision === 'wrap_up' ? wrapUpReasonOf(args) : null;
    const step = applyDecision(plan, config.interview.questions, decision, { wrapUpDue, wrapUpReason, lines: scriptedLinesFor(config.transcription.language) });
    this.setStep(step, wrapUpDue ? 'time limit reached' : wrapUpReason === 'candidate_requested_end' ? 'candidate asked to end' : 'interview complete');
    this.sayAfter(step.scripted);
  }

  private setStep(step: PlanStep, closingReason: ClosingReason): void {
    this.step = step;
    if (step.state.phase === 'closing') this.closingReason = closingReason;
  }
}
