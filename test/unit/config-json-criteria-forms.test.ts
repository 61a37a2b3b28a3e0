import { describe, expect, it } from 'vitest';
import { configJson, MIXED_CRITERIA_MESSAGE, type ConfigJson } from '../../contracts/config-json.js';
import { seedExampleConfigJson } from '../support/seed-example-config.js';

const third = 1 / 3;
const withCriteria = (criteria: unknown): unknown => ({ bot_name: 'Ada', system_prompt: 'Be kind.', interview: { scoring_rubric: { criteria } } });
const criteriaOf = (config: ConfigJson): ConfigJson['interview']['scoring_rubric']['criteria'] => config.interview.scoring_rubric.criteria;

describe('rubric criteria: the seed form (plain names) and the weighted form', () => {
  it('reads the seed example verbatim and gives each named criterion an equal weight', () => {
    const parsed = configJson.parse(seedExampleConfigJson);
    expect(criteriaOf(parsed)).toEqual([
      { name: 'communication', weight: third },
      { name: 'technical_depth', weight: third },
      { name: 'problem_solving', weight: third },
    ]);
    // The rest of the seed's example is kept as written.
    expect(parsed.llm.model).toBe('gpt-4');
    expect(parsed.voice.voice_id).toBe('en-US-Neural2-A');
    expect(parsed.interview.questions[0]).toMatchObject({ id: 'q1', type: 'open', follow_up_enabled: true, max_follow_ups: 2 });
  });

  it('round-trips the seed form: its normalized result parses to itself, through JSON too', () => {
    const once = configJson.parse(seedExampleConfigJson);
    const again = configJson.parse(JSON.parse(JSON.stringify(once)));
    expect(again).toEqual(once);
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
  });

  it('round-trips the weighted form unchanged', () => {
    const weighted = [
      { name: 'communication', weight: 0.25, description: 'clear and structured' },
      { name: 'technical_depth', weight: 0.5 },
      { name: 'problem_solving', weight: 0.25 },
    ];
    const once = configJson.parse(withCriteria(weighted));
    expect(criteriaOf(once)).toEqual(weighted);
    expect(configJson.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });

  it('splits the weight equally for any count the rubric allows, and the shares sum to 1', () => {
    for (const count of [1, 2, 3, 6, 7, 20]) {
      const names = Array.from({ length: count }, (_, index) => `criterion_${index + 1}`);
      const criteria = criteriaOf(configJson.parse(withCriteria(names)));
      expect(criteria.map((criterion) => criterion.name)).toEqual(names);
      expect(new Set(criteria.map((criterion) => criterion.weight))).toEqual(new Set([1 / count]));
      expect(Math.abs(criteria.reduce((sum, criterion) => sum + criterion.weight, 0) - 1)).toBeLessThan(1e-9);
    }
  });

  it('refuses a mix of names and weighted objects with one clear issue on the criteria list', () => {
    const result = configJson.safeParse(withCriteria(['communication', { name: 'technical_depth', weight: 1 }]));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['interview.scoring_rubric.criteria', MIXED_CRITERIA_MESSAGE],
    ]);
  });

  it('applies the same rules to names as to objects: trimmed, non-empty, no duplicates, at most 20', () => {
    expect(criteriaOf(configJson.parse(withCriteria(['  communication ']))) ).toEqual([{ name: 'communication', weight: 1 }]);
    const issues = (criteria: unknown): string[][] =>
      configJson.safeParse(withCriteria(criteria)).error?.issues.map((issue) => [issue.path.join('.'), issue.message]) ?? [];
    expect(issues(['communication', ' communication'])).toEqual([['interview.scoring_rubric.criteria.1.name', 'duplicate criterion name']]);
    expect(issues(['   '])[0]?.[0]).toBe('interview.scoring_rubric.criteria.0');
    expect(issues([])[0]?.[0]).toBe('interview.scoring_rubric.criteria');
    expect(issues(Array.from({ length: 21 }, (_, index) => `c${index}`))[0]?.[0]).toBe('interview.scoring_rubric.criteria');
    expect(issues([42])).toEqual([['interview.scoring_rubric.criteria.0', 'a criterion is a plain name or a { name, weight } object']]);
  });
});
