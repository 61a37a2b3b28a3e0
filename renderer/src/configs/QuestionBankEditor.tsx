import { useState } from 'react';
import type { InterviewQuestion } from '../../../contracts/config-json.js';
import { languageName } from '../../../contracts/interview-language.js';
import type { FieldIssues } from '../validation/field-issues.js';
import { moveItem, nextQuestionId } from './config-draft.js';
import { FormField, numberValue, parseNumber } from './FormField.js';
import { LanguageTagAdder } from './LanguageTagAdder.js';
import { QuestionTranslationField } from './QuestionTranslationField.js';
import { translationLanguages } from './question-translations.js';
import { useFocusAfterRender } from './use-focus-after-render.js';

const questionTypes: InterviewQuestion['type'][] = ['open', 'technical', 'behavioral', 'situational', 'closing'];
const BASE = 'configJson.interview.questions';

interface Props {
  questions: readonly InterviewQuestion[];
  issues: FieldIssues;
  onChange(questions: InterviewQuestion[]): void;
}

/**
 * The questions the bot asks, in order, each with its type and follow-up settings, and their texts
 * in other languages: a language picked above the list shows each question's text in it.
 */
export function QuestionBankEditor({ questions, issues, onChange }: Props) {
  const update = (index: number, patch: Partial<InterviewQuestion>): void =>
    onChange(questions.map((question, at) => (at === index ? { ...question, ...patch } : question)));
  const replace = (index: number, next: InterviewQuestion): void => onChange(questions.map((question, at) => (at === index ? next : question)));
  const inUse = translationLanguages(questions);
  // A language just added has no text yet, so it is not in use: keep offering it until one is written.
  const [added, setAdded] = useState<string[]>([]);
  const [shown, setShown] = useState<string>(inUse[0] ?? '');
  const languages = [...inUse, ...added.filter((tag) => !inUse.includes(tag))];
  if (shown !== '' && !languages.includes(shown)) languages.push(shown);
  const focusLater = useFocusAfterRender();
  const translatedCount = (tag: string): number => questions.filter((question) => question.translations?.[tag] !== undefined).length;

  return (
    <div className="question-bank">
      {questions.length === 0 && <p className="muted">No questions yet: the bot will only hold a free conversation. Add the questions it must ask.</p>}
      {questions.length > 0 && (
        <div className="field-row translation-picker">
          <div className="field">
            <label htmlFor="translation-language">Translations shown</label>
            <select id="translation-language" aria-describedby="translation-language-hint" value={shown} onChange={(event) => setShown(event.target.value)}>
              <option value="">None (the questions as written)</option>
              {languages.map((tag) => (
                <option key={tag} value={tag}>
                  {languageName(tag)} ({tag}): {translatedCount(tag)} of {questions.length} translated
                </option>
              ))}
            </select>
            <span className="hint" id="translation-language-hint">
              An interview in a language (the transcription language, or the language alone: es for es-MX) asks each question in it; untranslated ones as written.
            </span>
          </div>
          <LanguageTagAdder
            id="add-translation-language"
            label="Translate into another language"
            buttonLabel="Add language"
            taken={languages}
            onAdd={(tag) => {
              setAdded([...added, tag]);
              setShown(tag);
              focusLater(`${BASE}.0.translations.${tag}`);
            }}
          />
        </div>
      )}
      <ol className="editor-list">
        {questions.map((question, index) => {
          const path = `${BASE}.${index}`;
          return (
            <li key={index} className="editor-item" aria-label={`Question ${index + 1}`}>
              <div className="editor-item-head">
                <strong>
                  Question {index + 1}
                  {question.translations && <span className="muted"> · also in {Object.keys(question.translations).join(', ')}</span>}
                </strong>
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
              {shown !== '' && (
                <QuestionTranslationField path={path} number={index + 1} question={question} language={shown} issues={issues} onChange={(next) => replace(index, next)} />
              )}
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
