import type { InterviewQuestion } from '../../../contracts/config-json.js';
import { languageName } from '../../../contracts/interview-language.js';
import type { FieldIssues } from '../validation/field-issues.js';
import { FormField } from './FormField.js';
import { withTranslation } from './question-translations.js';

interface Props {
  /** The question's field path (`configJson.interview.questions.0`). */
  path: string;
  number: number;
  question: InterviewQuestion;
  language: string;
  issues: FieldIssues;
  onChange(question: InterviewQuestion): void;
}

/** One question's text in the language picked above the question list, and its removal. */
export function QuestionTranslationField({ path, number, question, language, issues, onChange }: Props) {
  const fieldPath = `${path}.translations.${language}`;
  const text = question.translations?.[language];
  return (
    <div className="field-row question-translation">
      <FormField
        path={fieldPath}
        label={`Question in ${languageName(language)} (${language})`}
        error={issues[fieldPath]}
        hint={text === undefined ? 'Not translated: an interview in this language asks the question as written above.' : undefined}
      >
        {(ids) => (
          <textarea
            id={ids.id}
            rows={2}
            lang={language}
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid || undefined}
            value={text ?? ''}
            onChange={(event) => onChange(withTranslation(question, language, event.target.value))}
          />
        )}
      </FormField>
      <div className="item-actions">
        <button
          type="button"
          className="danger-outline"
          aria-label={`Remove the ${language} translation of question ${number}`}
          disabled={text === undefined}
          onClick={() => onChange(withTranslation(question, language, ''))}
        >
          Remove translation
        </button>
      </div>
    </div>
  );
}
