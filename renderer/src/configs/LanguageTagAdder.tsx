import { useState } from 'react';
import { languageTag } from '../../../contracts/config-json.js';
import { languageName } from '../../../contracts/interview-language.js';
import { FieldError } from '../ui/FieldError.js';

/** Tags offered while typing; any other valid tag may be typed. */
const suggestedTags = ['es', 'es-MX', 'fr', 'de', 'it', 'pt', 'pt-BR', 'nl', 'pl', 'sv', 'tr', 'ru', 'hi', 'ja', 'ko', 'zh'];

interface Props {
  /** The input's id (its error and suggestions derive from it). */
  id: string;
  label: string;
  buttonLabel: string;
  /** Tags already there: adding one again is refused (case-insensitive, as the bot matches them). */
  taken: readonly string[];
  onAdd(tag: string): void;
}

/**
 * A language tag typed (with suggestions) and added by the button or Enter, checked with the
 * contract's own tag rule so what it lets through is what the config accepts.
 */
export function LanguageTagAdder({ id, label, buttonLabel, taken, onAdd }: Props) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const errorId = `${id}-error`;
  const add = (): void => {
    const tag = value.trim();
    const parsed = languageTag.safeParse(tag);
    if (!parsed.success) {
      setError(tag === '' ? 'type a language tag first, such as es or ja-JP' : (parsed.error.issues[0]?.message ?? 'not a language tag'));
      return;
    }
    if (taken.some((existing) => existing.toLowerCase() === tag.toLowerCase())) {
      setError(`${tag} is already there`);
      return;
    }
    setValue('');
    setError(undefined);
    onAdd(tag);
  };
  return (
    <div className="field language-adder">
      <label htmlFor={id}>{label}</label>
      <div className="inline-controls">
        <input
          id={id}
          list={`${id}-suggestions`}
          placeholder="es, ja-JP"
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setError(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            // Enter adds the tag; it must not submit anything around the editor.
            event.preventDefault();
            add();
          }}
        />
        <button type="button" onClick={add}>
          {buttonLabel}
        </button>
      </div>
      <datalist id={`${id}-suggestions`}>
        {suggestedTags.map((tag) => (
          <option key={tag} value={tag}>
            {languageName(tag)}
          </option>
        ))}
      </datalist>
      <FieldError id={errorId} message={error} />
    </div>
  );
}
