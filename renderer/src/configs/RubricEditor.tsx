import type { RubricCriterion } from '../../../contracts/config-json.js';
import type { FieldIssues } from '../validation/field-issues.js';
import { evenWeights, moveItem, rubricWeightSum } from './config-draft.js';
import { FormField, numberValue, parseNumber } from './FormField.js';
import { FormError } from '../ui/FormError.js';

const BASE = 'configJson.interview.scoring_rubric.criteria';

interface Props {
  criteria: readonly RubricCriterion[];
  issues: FieldIssues;
  onChange(criteria: RubricCriterion[]): void;
}

/** The scoring rubric: named criteria whose weights must add up to exactly 1. */
export function RubricEditor({ criteria, issues, onChange }: Props) {
  const sum = rubricWeightSum(criteria);
  const balanced = Math.abs(sum - 1) <= 1e-6;
  const update = (index: number, patch: Partial<RubricCriterion>): void =>
    onChange(criteria.map((criterion, at) => (at === index ? { ...criterion, ...patch } : criterion)));
  const listIssue = issues[BASE] ?? issues['configJson.interview.scoring_rubric'];

  return (
    <div className="rubric">
      <p className={`weight-sum ${balanced ? 'ok' : 'bad'}`} data-testid="weight-sum" aria-live="polite">
        Weights sum to {sum}
        {balanced ? ' ✓' : ' (must be exactly 1)'}
      </p>
      <FormError message={listIssue} />
      <ol className="editor-list">
        {criteria.map((criterion, index) => {
          const path = `${BASE}.${index}`;
          return (
            <li key={index} className="editor-item" aria-label={`Criterion ${index + 1}`}>
              <div className="field-row">
                <FormField path={`${path}.name`} label="Criterion" error={issues[`${path}.name`]}>
                  {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} aria-invalid={ids.invalid || undefined} value={criterion.name} onChange={(event) => update(index, { name: event.target.value })} />}
                </FormField>
                <FormField path={`${path}.weight`} label="Weight" error={issues[`${path}.weight`]} className="narrow">
                  {(ids) => (
                    <input
                      id={ids.id}
                      type="number"
                      min={0}
                      max={1}
                      step={0.05}
                      aria-describedby={ids.describedBy}
                      aria-invalid={ids.invalid || undefined}
                      value={numberValue(criterion.weight)}
                      onChange={(event) => update(index, { weight: parseNumber(event.target.value) })}
                    />
                  )}
                </FormField>
                <div className="item-actions">
                  <button type="button" aria-label={`Move criterion ${index + 1} up`} disabled={index === 0} onClick={() => onChange(moveItem(criteria, index, index - 1))}>
                    ↑
                  </button>
                  <button type="button" aria-label={`Move criterion ${index + 1} down`} disabled={index === criteria.length - 1} onClick={() => onChange(moveItem(criteria, index, index + 1))}>
                    ↓
                  </button>
                  <button type="button" className="danger-outline" aria-label={`Remove criterion ${index + 1}`} onClick={() => onChange(criteria.filter((_, at) => at !== index))}>
                    Remove
                  </button>
                </div>
              </div>
              <FormField path={`${path}.description`} label="What it measures (optional)" error={issues[`${path}.description`]}>
                {(ids) => (
                  <input
                    id={ids.id}
                    aria-describedby={ids.describedBy}
                    value={criterion.description ?? ''}
                    onChange={(event) => {
                      // An empty description is left out rather than stored as "".
                      const next: RubricCriterion = { name: criterion.name, weight: criterion.weight };
                      if (event.target.value) next.description = event.target.value;
                      onChange(criteria.map((item, at) => (at === index ? next : item)));
                    }}
                  />
                )}
              </FormField>
            </li>
          );
        })}
      </ol>
      <div className="button-row">
        <button type="button" disabled={criteria.length >= 20} onClick={() => onChange([...criteria, { name: '', weight: 0 }])}>
          Add criterion
        </button>
        <button
          type="button"
          disabled={criteria.length === 0}
          onClick={() => {
            const weights = evenWeights(criteria.length);
            onChange(criteria.map((criterion, index) => ({ ...criterion, weight: weights[index] ?? 0 })));
          }}
        >
          Spread weights evenly
        </button>
      </div>
    </div>
  );
}
