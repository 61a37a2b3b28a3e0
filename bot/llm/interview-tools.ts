import type { ChatCompletionTool } from 'openai/resources/chat/completions';

/**
 * The decisions the LLM may take after each candidate turn. Each tool carries the words the bot
 * says (streamed into TTS as the arguments arrive); the flow adds the scripted parts itself
 * (the next configured question, the closing statement), so those are always said verbatim.
 */
export const toolNames = ['ask_follow_up', 'next_question', 'answer_candidate_question', 'wrap_up', 'resume_after_interruption'] as const;
export type ToolName = (typeof toolNames)[number];

export const wrapUpReasons = ['all_questions_done', 'candidate_requested_end'] as const;
export type WrapUpReason = (typeof wrapUpReasons)[number];

/**
 * The argument whose text is spoken, per tool. It is the first property of every tool: the model
 * writes arguments in schema order, and anything before the spoken words delays the first audio.
 */
export const spokenField: Record<ToolName, string> = {
  ask_follow_up: 'question',
  next_question: 'acknowledgement',
  answer_candidate_question: 'answer',
  wrap_up: 'acknowledgement',
  resume_after_interruption: 'words',
};

const stringProperty = (description: string) => ({ type: 'string', description });

const definitions: Record<ToolName, ChatCompletionTool> = {
  ask_follow_up: {
    type: 'function',
    function: {
      name: 'ask_follow_up',
      description: "Ask one short follow-up question that digs into the candidate's last answer to the current question.",
      strict: true,
      parameters: {
        type: 'object',
        properties: { question: stringProperty('The follow-up question, as you will say it. One or two sentences.') },
        required: ['question'],
        additionalProperties: false,
      },
    },
  },
  next_question: {
    type: 'function',
    function: {
      name: 'next_question',
      description: 'The current question is answered well enough: acknowledge briefly and move on. The next question is asked for you.',
      strict: true,
      parameters: {
        type: 'object',
        properties: {
          acknowledgement: stringProperty('A short, neutral acknowledgement (a few words, no evaluation of the answer).'),
        },
        required: ['acknowledgement'],
        additionalProperties: false,
      },
    },
  },
  answer_candidate_question: {
    type: 'function',
    function: {
      name: 'answer_candidate_question',
      description:
        'The candidate asked you something (to repeat or clarify the question, or about the process): answer briefly. The current question stays open.',
      strict: true,
      parameters: {
        type: 'object',
        properties: { answer: stringProperty('Your brief answer, as you will say it.') },
        required: ['answer'],
        additionalProperties: false,
      },
    },
  },
  wrap_up: {
    type: 'function',
    function: {
      name: 'wrap_up',
      description:
        'End the interview: only after the last question, or when the candidate clearly asks to stop. The closing statement is said for you.',
      strict: true,
      parameters: {
        type: 'object',
        properties: {
          acknowledgement: stringProperty('A short acknowledgement before the closing statement.'),
          reason: { type: 'string', enum: [...wrapUpReasons], description: 'Why the interview ends now.' },
        },
        required: ['acknowledgement', 'reason'],
        additionalProperties: false,
      },
    },
  },
  resume_after_interruption: {
    type: 'function',
    function: {
      name: 'resume_after_interruption',
      description:
        'You were cut off before the candidate heard your last line, and they have now finished speaking. Respond to what they said in a few words; your cut-off line is then said again for you.',
      strict: true,
      parameters: {
        type: 'object',
        properties: {
          words: stringProperty('A few words, as you will say them (for example "Sorry for cutting in, thank you."). Do not repeat your cut-off line.'),
        },
        required: ['words'],
        additionalProperties: false,
      },
    },
  },
};

export function toolsFor(allowed: readonly ToolName[]): ChatCompletionTool[] {
  return allowed.map((name) => definitions[name]);
}

export function isToolName(name: string): name is ToolName {
  return (toolNames as readonly string[]).includes(name);
}

/** The wrap-up reason from complete arguments; anything unreadable is not a request to end. */
export function wrapUpReasonOf(argumentsJson: string): WrapUpReason | null {
  try {
    const parsed = JSON.parse(argumentsJson) as { reason?: unknown };
    return (wrapUpReasons as readonly unknown[]).includes(parsed.reason) ? (parsed.reason as WrapUpReason) : null;
  } catch {
    return null;
  }
}
