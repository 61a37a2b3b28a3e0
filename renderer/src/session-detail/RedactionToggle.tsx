import type { RedactionChoice } from './redact-export.js';

/** "Redact personal data" for exports and copies, with the candidate's name as a further choice. */
export function RedactionToggle({ choice, onChange }: { choice: RedactionChoice; onChange(choice: RedactionChoice): void }) {
  return (
    <span className="redaction-toggle">
      <label className="checkbox">
        <input type="checkbox" checked={choice.redact} onChange={(event) => onChange({ ...choice, redact: event.target.checked })} />
        Redact personal data
      </label>
      {choice.redact && (
        <label className="checkbox">
          <input type="checkbox" checked={choice.includeName} onChange={(event) => onChange({ ...choice, includeName: event.target.checked })} />
          Also the candidate’s name
        </label>
      )}
    </span>
  );
}
