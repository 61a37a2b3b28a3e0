import { useState } from 'react';
import { configJson as configJsonSchema, type ConfigJson } from '../../../contracts/config-json.js';
import { zodIssues } from '../validation/field-issues.js';

interface Props {
  value: ConfigJson;
  onValid(value: ConfigJson): void;
  onValidityChange(valid: boolean): void;
}

export function describeJsonText(text: string): { value: ConfigJson | null; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { value: null, problems: [`Not valid JSON: ${error instanceof Error ? error.message : 'syntax error'}`] };
  }
  const result = configJsonSchema.safeParse(parsed);
  if (result.success) return { value: result.data, problems: [] };
  return { value: null, problems: Object.entries(zodIssues(result.error)).map(([path, message]) => (path ? `${path}: ${message}` : message)) };
}

/**
 * The config as raw JSON, checked on every keystroke by the same schema the server uses. Valid
 * text flows back into the form (with defaults filled in); invalid text stays here with its reasons.
 */
export function RawJsonEditor({ value, onValid, onValidityChange }: Props) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [problems, setProblems] = useState<string[]>([]);

  const change = (next: string): void => {
    setText(next);
    const described = describeJsonText(next);
    setProblems(described.problems);
    onValidityChange(described.value !== null);
    if (described.value) onValid(described.value);
  };

  return (
    <div className="raw-json">
      <label htmlFor="raw-config-json" className="field-label">
        configJson
      </label>
      <textarea
        id="raw-config-json"
        className="code"
        spellCheck={false}
        rows={28}
        value={text}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby="raw-config-json-problems"
        onChange={(event) => change(event.target.value)}
      />
      <div id="raw-config-json-problems" aria-live="polite">
        {problems.length === 0 ? (
          <p className="ok-text">Valid config</p>
        ) : (
          <ul className="problems" role="alert">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
