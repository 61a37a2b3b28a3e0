import type { InterviewQuestion } from '../../../contracts/config-json.js';
import type { FieldIssues } from '../validation/field-issues.js';
import { moveItem, nextQuestionId } from './config-draft.js';
import { FormField, numberValue, parseNumber } from './FormField.js';

const questionTypes: InterviewQuestion['type'][] = ['open', 'technical', 'behavioral', 'situational', 'closing'];
const BASE = 'configJson.interview.questions';

interface Props {
  questions: readonly InterviewQuestion[];
  issues: FieldIssues;
  onChange(questions: InterviewQuestion[]): void;
}

/** The questions the bot asks, in order, each with its type and follow-up settings. */
export function QuestionBankEditor({ questions, issues, onChange }: Props) {
  const update = (index: number, patch: Partial<InterviewQuestion>): void =>
    onChange(questions.map((question, at) => (at === index ? { ...question, ...patch } : question)));

  return (
    <div className="question-bank">
      {questions.length === 0 && <p className="muted">No questions yet: the bot will only hold a free conversation. Add the questions it must ask.</p>}
      <ol className="editor-list">
        {questions.map((question, index) => {
          const path = `${BASE}.${index}`;
          return (
            <li key={index} className="editor-item" aria-label={`Question ${index + 1}`}>
              <div className="editor-item-head">
                <strong>Question {index + 1}</strong>
                <div className="item-actions">
                  <button type="button" aria-label={`Move question ${index + 1} up`} disabled={index === 0} onClick={() => onChange(moveItem(questions, index, index - 1))}>
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move question ${index + 1} down`}
                    disabled={index === questions.length - 1}
                    onClick={() => onChange(moveItem(questions, index, index + 1))}
                  >
                    ↓
                  </button>
                  <button type="button" className="danger-outline" aria-label={`Remove question ${index + 1}`} onClick={() => onChange(questions.filter((_, at) => at !== index))}>
                    Remove
                  </button>
                </div>
              </div>
              <div className="field-row">
                <FormField path={`${path}.id`} label="Id" error={issues[`${path}.id`]} className="narrow">
                  {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} aria-invalid={ids.invalid || undefined} value={question.id} onChange={(event) => update(index, { id: event.target.value })} />}
                </FormField>
                <FormField path={`${path}.type`} label="Type" error={issues[`${path}.type`]} className="narrow">
                  {(ids) => (
                    <select id={ids.id} value={question.type} onChange={(event) => update(index, { type: event.target.value as InterviewQuestion['type'] })}>
                      {questionTypes.map((type) => (
                        <option key={type} value={type}>
                          {type}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
                <div className="field narrow checkbox-field">
                  <label>
                    <input type="checkbox" checked={question.follow_up_enabled} onChange={(event) => update(index, { follow_up_enabled: event.target.checked })} /> Follow-ups
                  </label>
                </div>
                <FormField path={`${path}.max_follow_ups`} label="Max follow-ups" error={issues[`${path}.max_follow_ups`]} className="narrow">
                  {(ids) => (
                    <input
                      id={ids.id}
                      type="number"
                      min={0}
                      max={5}
                      step={1}
                      disabled={!question.follow_up_enabled}
                      aria-describedby={ids.describedBy}
                      aria-invalid={ids.invalid || undefined}
                      value={numberValue(question.max_follow_ups)}
                      onChange={(event) => update(index, { max_follow_ups: parseNumber(event.target.value) })}
                    />
                  )}
                </FormField>
              </div>
              <FormField path={`${path}.text`} label="Question" error={issues[`${path}.text`]}>
                {(ids) => (
                  <textarea id={ids.id} rows={2} aria-describedby={ids.describedBy} aria-invalid={ids.invalid || undefined} value={question.text} onChange={(event) => update(index, { text: event.target.value })} />
                )}
              </FormField>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={() => onChange([...questions, { id: nextQuestionId(questions), text: '', type: 'open', follow_up_enabled: true, max_follow_ups: 2 }])}
        disabled={questions.length >= 100}
      >
        Add question
      </button>
    </div>
  );
}
