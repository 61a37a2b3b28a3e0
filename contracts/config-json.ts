import { z } from 'zod';
import { consentSettings } from './consent.js';

/**
 * The interview configuration the bot runs (seed section 1.3), in the seed's snake_case.
 * Sections the author leaves out get sensible defaults, so a stored config is always complete.
 */

const questionTypes = ['open', 'technical', 'behavioral', 'situational', 'closing'] as const;

/** A BCP 47 language tag as configs use them: `es`, `ja-JP`, `pt-BR`. */
export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as es or ja-JP');

/** A map by language tag; a key that is not one is named as such (zod's own words are "Invalid key in record"). */
function byLanguageTag<T extends z.ZodType<string>>(value: T) {
  return z.record(languageTag, value, { error: (issue) => (issue.code === 'invalid_key' ? 'keys must be language tags such as es or ja-JP' : undefined) });
}

export const interviewQuestion = z.strictObject({
  id: z.string().trim().min(1).max(64),
  text: z.string().trim().min(1).max(2000),
  /**
   * The question written in other languages, by language tag. An interview in one of them (the
   * transcription language, or its primary subtag) asks this text; `text` otherwise.
   */
  translations: byLanguageTag(z.string().trim().min(1).max(2000)).optional(),
  type: z.enum(questionTypes).default('open'),
  follow_up_enabled: z.boolean().default(true),
  max_follow_ups: z.number().int().min(0).max(5).default(2),
});
export type InterviewQuestion = z.infer<typeof interviewQuestion>;

export const rubricCriterion = z.strictObject({
  name: z.string().trim().min(1).max(100),
  weight: z.number().gt(0).max(1),
  description: z.string().max(1000).optional(),
});
export type RubricCriterion = z.infer<typeof rubricCriterion>;

const WEIGHT_TOLERANCE = 1e-6;

/**
 * The seed's own example config (section 1.3) names criteria as plain strings:
 * `"criteria": ["communication", "technical_depth", "problem_solving"]`. Teams bringing configs from
 * that system send them as they are; each name becomes a criterion with an equal share of the weight,
 * and that explicit form is what is stored, versioned and shown. Mixing names and weighted objects is
 * refused: it is unclear what the unweighted ones should weigh.
 */
const criterionName = z.string().trim().min(1).max(100);

export const MIXED_CRITERIA_MESSAGE =
  'criteria must be either all plain names (equal weights) or all { name, weight } objects, not a mix';

/** Equal weights for `count` criteria: exactly 1/count each, so every share is the same. */
export function equalWeight(count: number): number {
  return 1 / count;
}

const rubricCriteria = z
  .array(z.union([criterionName, rubricCriterion], { error: 'a criterion is a plain name or a { name, weight } object' }))
  .min(1)
  .max(20)
  .superRefine((criteria, ctx) => {
    const names = criteria.filter((criterion) => typeof criterion === 'string').length;
    if (names > 0 && names < criteria.length) ctx.addIssue({ code: 'custom', message: MIXED_CRITERIA_MESSAGE });
  })
  .transform((criteria): RubricCriterion[] =>
    criteria.map((criterion) =>
      typeof criterion === 'string' ? { name: criterion, weight: equalWeight(criteria.length) } : criterion,
    ),
  );

export const scoringRubric = z
  .strictObject({ criteria: rubricCriteria })
  .superRefine((rubric, ctx) => {
    const sum = rubric.criteria.reduce((total, criterion) => total + criterion.weight, 0);
    if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['criteria'],
        message: `weights must sum to 1 (they sum to ${Number(sum.toFixed(4))})`,
      });
    }
    const seen = new Set<string>();
    rubric.criteria.forEach((criterion, index) => {
      if (seen.has(criterion.name)) {
        ctx.addIssue({ code: 'custom', path: ['criteria', index, 'name'], message: 'duplicate criterion name' });
      }
      seen.add(criterion.name);
    });
  });
export type ScoringRubric = z.infer<typeof scoringRubric>;

export const defaultScoringRubric: ScoringRubric = {
  criteria: [
    { name: 'communication', weight: 0.3 },
    { name: 'technical_depth', weight: 0.4 },
    { name: 'problem_solving', weight: 0.3 },
  ],
};

const cartesiaVoiceId = z.string().trim().min(1).max(200);

export const voiceSettings = z.strictObject({
  provider: z.literal('cartesia').default('cartesia'),
  /** The default voice: an interview in a language without its own voice below speaks with it. */
  voice_id: cartesiaVoiceId.default('a0e99841-438c-4a64-b679-ae501e7d6091'),
  /**
   * A Cartesia voice per interview language, by language tag (`es`, `ja-JP`): an interview in that
   * language (the transcription language, or its primary subtag) speaks with it. Absent = none.
   */
  voice_ids_by_language: byLanguageTag(cartesiaVoiceId).optional(),
  speed: z.number().min(0.5).max(2).default(1),
});
export type VoiceSettings = z.infer<typeof voiceSettings>;

/**
 * `language` is the interview's language (STT, TTS, the LLM's and the bot's own words). `model` is a
 * Deepgram model: Nova (`nova-2`, `nova-3`; the default) with the bot's semantic patience, or Flux
 * (`flux-general-en`, `flux-general-multi`), Deepgram's conversational model with its own end-of-turn
 * detection.
 */
export const transcriptionSettings = z.strictObject({
  provider: z.literal('deepgram').default('deepgram'),
  language: z.string().trim().min(2).max(20).default('en-US'),
  model: z.string().trim().min(1).max(100).default('nova-2'),
  /**
   * Deepgram's own redaction, at the source: card numbers (`pci`), US SSNs (`ssn`) or every number
   * (`numbers`) never reach the transcript. Absent = none.
   */
  redact: z
    .array(z.enum(['pci', 'ssn', 'numbers']))
    .max(3)
    .refine((list) => new Set(list).size === list.length, { error: 'each redact option at most once' })
    .optional(),
});

export const llmSettings = z.strictObject({
  provider: z.literal('openai').default('openai'),
  model: z.string().trim().min(1).max(100).default('gpt-4o-mini'),
  temperature: z.number().min(0).max(2).default(0.7),
  max_tokens: z.number().int().min(1).max(4096).default(500),
});

export const interviewSettings = z
  .strictObject({
    max_duration_minutes: z.number().int().min(1).max(180).default(30),
    questions: z.array(interviewQuestion).max(100).default([]),
    scoring_rubric: scoringRubric.default(defaultScoringRubric),
  })
  .superRefine((interview, ctx) => {
    const seen = new Set<string>();
    interview.questions.forEach((question, index) => {
      if (seen.has(question.id)) {
        ctx.addIssue({ code: 'custom', path: ['questions', index, 'id'], message: 'duplicate question id' });
      }
      seen.add(question.id);
    });
  });

export const configJson = z.strictObject({
  bot_name: z.string().trim().min(1).max(100),
  system_prompt: z.string().trim().min(1).max(20000),
  initial_message: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .default("Hello! Thanks for joining. I'm your interviewer today. Shall we begin?"),
  voice: voiceSettings.default(() => voiceSettings.parse({})),
  transcription: transcriptionSettings.default(() => transcriptionSettings.parse({})),
  llm: llmSettings.default(() => llmSettings.parse({})),
  interview: interviewSettings.default(() => interviewSettings.parse({})),
  /** The AI disclosure and consent question the bot opens with (contracts/consent.ts); absent = none. */
  consent: consentSettings.optional(),
});
/** What an author may send (defaults not yet applied). */
export type ConfigJsonInput = z.input<typeof configJson>;
/** What is stored and what the bot reads: every section present. */
export type ConfigJson = z.infer<typeof configJson>;
