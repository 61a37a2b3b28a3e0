import { languageName } from '../../../contracts/interview-language.js';
import type { FieldIssues } from '../validation/field-issues.js';
import { FormField } from './FormField.js';
import { LanguageTagAdder } from './LanguageTagAdder.js';
import { useFocusAfterRender } from './use-focus-after-render.js';

const BASE = 'configJson.voice.voice_ids_by_language';

interface Props {
  voices: Readonly<Record<string, string>> | undefined;
  issues: FieldIssues;
  /** `undefined` once the last one is removed, so the stored config carries no empty map. */
  onChange(voices: Record<string, string> | undefined): void;
}

/** The Cartesia voice per interview language (`voice.voice_ids_by_language`); others use the default voice. */
export function LanguageVoicesEditor({ voices, issues, onChange }: Props) {
  const focusLater = useFocusAfterRender();
  const entries = Object.entries(voices ?? {});
  const without = (tag: string): Record<string, string> | undefined => {
    const rest = Object.fromEntries(entries.filter(([key]) => key !== tag));
    return Object.keys(rest).length > 0 ? rest : undefined;
  };
  return (
    <div className="language-voices">
      <p className="hint">
        An interview in a language listed here speaks with its voice (the exact tag first, then the language alone: <code>es</code> also serves <code>es-MX</code>); any
        other language uses the voice id above. Pick multilingual Cartesia voices.
      </p>
      {entries.length > 0 && (
        <ul className="editor-list">
          {entries.map(([tag, voiceId]) => {
            const path = `${BASE}.${tag}`;
            return (
              <li key={tag} className="field-row" aria-label={`Voice for ${tag}`}>
                <FormField path={path} label={`Voice id for ${languageName(tag)} (${tag})`} error={issues[path]}>
                  {(ids) => (
                    <input
                      id={ids.id}
                      aria-describedby={ids.describedBy}
                      aria-invalid={ids.invalid || undefined}
                      value={voiceId}
                      onChange={(event) => onChange({ ...voices, [tag]: event.target.value })}
                    />
                  )}
                </FormField>
                <div className="item-actions">
                  <button type="button" className="danger-outline" aria-label={`Remove the voice for ${tag}`} onClick={() => onChange(without(tag))}>
                    Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <LanguageTagAdder
        id="add-voice-language"
        label="Voice for another language"
        buttonLabel="Add voice"
        taken={entries.map(([tag]) => tag)}
        onAdd={(tag) => {
          focusLater(`${BASE}.${tag}`);
          onChange({ ...voices, [tag]: '' });
        }}
      />
    </div>
  );
}
