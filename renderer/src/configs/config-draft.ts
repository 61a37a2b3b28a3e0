import { configJson as configJsonSchema, type ConfigJson, type InterviewQuestion, type RubricCriterion } from '../../../contracts/config-json.js';
import { createConfigBody, type VoiceConfig } from '../../../contracts/config.js';
import { zodIssues, type FieldIssues } from '../validation/field-issues.js';

/**
 * A config being edited. `configJson` has the stored (every section present) shape, but may hold
 * values the schema rejects while the author types: validation says so next to each field.
 */
export interface ConfigDraft {
  name: string;
  interviewType: string;
  description: string;
  isActive: boolean;
  configJson: ConfigJson;
}

export function newConfigDraft(): ConfigDraft {
  return {
    name: '',
    interviewType: 'technical',
    description: '',
    isActive: true,
    configJson: configJsonSchema.parse({
      bot_name: 'Alex',
      system_prompt:
        'You are a friendly, professional interviewer. Ask one question at a time, listen carefully, and ask a follow-up when an answer lacks concrete detail.',
    }),
  };
}

export function draftFromConfig(config: VoiceConfig): ConfigDraft {
  return {
    name: config.name,
    interviewType: config.interviewType,
    description: config.description ?? '',
    isActive: config.isActive,
    configJson: structuredClone(config.configJson),
  };
}

/** The body for POST /api/voice/configs: exactly what the server parses with createConfigBody. */
export function createBody(orgId: string, draft: ConfigDraft): Record<string, unknown> {
  return {
    orgId,
    name: draft.name,
    interviewType: draft.interviewType,
    description: draft.description.trim() ? draft.description : null,
    configJson: draft.configJson,
    isActive: draft.isActive,
  };
}

/** Live validation with the server's own schema; keys are the API's field paths (`configJson.llm.model`). */
export function validateDraft(orgId: string, draft: ConfigDraft): FieldIssues {
  const parsed = createConfigBody.safeParse(createBody(orgId, draft));
  return parsed.success ? {} : zodIssues(parsed.error);
}

/** The PUT body: only what changed, so an unchanged configJson does not bump the version. */
export function updateBody(saved: VoiceConfig, draft: ConfigDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (draft.name !== saved.name) body.name = draft.name;
  if (draft.interviewType !== saved.interviewType) body.interviewType = draft.interviewType;
  const description = draft.description.trim() ? draft.description : null;
  if (description !== saved.description) body.description = description;
  if (draft.isActive !== saved.isActive) body.isActive = draft.isActive;
  if (JSON.stringify(draft.configJson) !== JSON.stringify(saved.configJson)) body.configJson = draft.configJson;
  return body;
}

export function rubricWeightSum(criteria: readonly RubricCriterion[]): number {
  return Math.round(criteria.reduce((sum, criterion) => sum + (Number.isFinite(criterion.weight) ? criterion.weight : 0), 0) * 10_000) / 10_000;
}

/** Weights that sum to exactly 1 at two decimals, the remainder going to the first criteria. */
export function evenWeights(count: number): number[] {
  if (count === 0) return [];
  const base = Math.floor(100 / count);
  let remainder = 100 - base * count;
  return Array.from({ length: count }, () => {
    const extra = remainder > 0 ? 1 : 0;
    remainder -= extra;
    return (base + extra) / 100;
  });
}

export function nextQuestionId(questions: readonly InterviewQuestion[]): string {
  const taken = new Set(questions.map((question) => question.id));
  let index = questions.length + 1;
  while (taken.has(`q${index}`)) index += 1;
  return `q${index}`;
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}
