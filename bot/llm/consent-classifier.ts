import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ConsentSettings } from '../../contracts/consent.js';
import type { OpenAiLlm } from '../providers/openai-llm.js';
import type { Logger } from '../runtime/logger.js';

export const consentDecisions = ['yes', 'no', 'unclear', 'question'] as const;
export type ConsentDecision = (typeof consentDecisions)[number];

export interface ConsentReading {
  decision: ConsentDecision;
  /** For `question`: the answer to say; for `unclear`: the consent question asked again in other words. */
  reply: string;
}

const CLASSIFY_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'record_consent_answer',
    description: "Classify the candidate's reply to the consent question.",
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        decision: {
          type: 'string',
          enum: [...consentDecisions],
          description:
            'yes: they clearly agree. no: they clearly refuse. question: they ask about the AI, the recording or the process. unclear: anything else (hesitation, off-topic, mixed).',
        },
        reply: {
          type: 'string',
          description:
            'For question: a short, honest answer (you are an AI interviewer, not a person; a recruiter reviews the results), without asking for consent. For unclear: the consent question asked again in other, simpler words. Otherwise empty.',
        },
      },
      required: ['decision', 'reply'],
      additionalProperties: false,
    },
  },
};

function isDecision(value: unknown): value is ConsentDecision {
  return consentDecisions.some((decision) => decision === value);
}

/** When the LLM cannot answer: plain words only, and anything doubtful is unclear. */
export function keywordReading(text: string): ConsentReading {
  const words = text.toLowerCase();
  if (/\?\s*$/.test(words) || /\b(is this|are you|am i talking)\b/.test(words)) return { decision: 'unclear', reply: '' };
  const no = /\b(no|nope|don'?t|do not|not ok(ay)?|refuse|rather not|decline)\b/.test(words);
  const yes = /\b(yes|yeah|yep|sure|ok(ay)?|i agree|i consent|go ahead|fine|of course|absolutely)\b/.test(words);
  if (yes && !no) return { decision: 'yes', reply: '' };
  if (no && !yes) return { decision: 'no', reply: '' };
  return { decision: 'unclear', reply: '' };
}

/**
 * Reads the candidate's answer to the consent question with one strict tool call. A failed or
 * malformed call falls back to plain keywords, where anything doubtful is `unclear`: consent is
 * never assumed.
 */
export async function classifyConsent(llm: OpenAiLlm, consent: ConsentSettings, heard: string, logger: Logger): Promise<ConsentReading> {
  const abort = new AbortController();
  let args = '';
  try {
    for await (const event of llm.stream({
      messages: [
        {
          role: 'system',
          content:
            'You are an AI interviewer opening a recorded job interview. You told the candidate this disclosure and asked for consent. ' +
            `Disclosure: "${consent.disclosure}" Question: "${consent.question}" Classify their reply with record_consent_answer.`,
        },
        { role: 'user', content: heard },
      ],
      tools: [CLASSIFY_TOOL],
      signal: abort.signal,
    })) {
      if (event.type === 'tool-args') args += event.delta;
    }
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'object' && parsed !== null && 'decision' in parsed && 'reply' in parsed) {
      const { decision, reply } = parsed;
      if (typeof reply === 'string' && isDecision(decision)) return { decision, reply: reply.trim() };
    }
    logger.warn('consent classification was malformed; reading the words instead');
  } catch (error) {
    logger.warn('consent classification failed; reading the words instead', { error: error instanceof Error ? error.message : String(error) });
  }
  return keywordReading(heard);
}
