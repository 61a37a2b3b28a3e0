import type { ScoringRubric } from '../../contracts/config-json.js';

/** What the model must answer with: exactly the analytics shape, as a strict JSON schema. */
export interface ModelAnalysis {
  summary: string;
  overall_score: number;
  /**
   * `evidence`: verbatim candidate quotes the score rests on (checked against the transcript). The
   * schema requires it; the type allows answers from before it was asked for.
   */
  category_scores: { criterion: string; score: number; feedback: string; evidence?: string[] }[];
  strengths: string[];
  weaknesses: string[];
  recommendations: string[];
  key_moments: { quote: string; type: 'strength' | 'concern' | 'neutral'; description: string }[];
  /** `evidence`: the candidate's words that answer the question, verbatim; empty when there are none. */
  question_coverage: { question_id: string; status: 'answered' | 'partially_answered' | 'not_answered' | 'not_asked'; evidence?: string }[];
}

const strings = { type: 'array', items: { type: 'string' } } as const;

/** Strict structured-output schema: every property required, no extra properties (OpenAI's rules). */
export function analysisJsonSchema(rubric: ScoringRubric, questionIds: string[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['summary', 'overall_score', 'category_scores', 'strengths', 'weaknesses', 'recommendations', 'key_moments', 'question_coverage'],
    properties: {
      summary: { type: 'string' },
      overall_score: { type: 'number' },
      category_scores: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['criterion', 'score', 'feedback', 'evidence'],
          properties: {
            criterion: { type: 'string', enum: rubric.criteria.map((criterion) => criterion.name) },
            score: { type: 'number' },
            feedback: { type: 'string' },
            evidence: strings,
          },
        },
      },
      strengths: strings,
      weaknesses: strings,
      recommendations: strings,
      key_moments: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['quote', 'type', 'description'],
          properties: {
            quote: { type: 'string' },
            type: { type: 'string', enum: ['strength', 'concern', 'neutral'] },
            description: { type: 'string' },
          },
        },
      },
      question_coverage: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['question_id', 'status', 'evidence'],
          properties: {
            question_id: questionIds.length > 0 ? { type: 'string', enum: questionIds } : { type: 'string' },
            status: { type: 'string', enum: ['answered', 'partially_answered', 'not_answered', 'not_asked'] },
            evidence: { type: 'string' },
          },
        },
      },
    },
  };
}
