import { consentJurisdiction, consentJurisdictions, consentTemplates, type ConsentJurisdiction, type ConsentSettings } from '../../../contracts/consent.js';

interface Props {
  consent: ConsentSettings | undefined;
  onChange(consent: ConsentSettings | undefined): void;
}

/**
 * The config's AI disclosure and consent question (what the bot says before anything else).
 * Starting texts for Illinois, NYC and the EU are offered as templates to review with counsel,
 * never as legal advice; editing a template's text makes it the config's own (`custom`).
 */
export function ConsentEditor({ consent, onChange }: Props) {
  const useTemplate = (jurisdiction: ConsentJurisdiction): void => onChange({ ...consentTemplates[jurisdiction].settings });
  const edit = (patch: Partial<ConsentSettings>): void => {
    if (consent) onChange({ ...consent, ...patch, template: 'custom' });
  };
  return (
    <div className="consent-editor">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={consent !== undefined}
          onChange={(event) => onChange(event.target.checked ? { ...consentTemplates.eu_gdpr.settings } : undefined)}
        />
        The bot opens with an AI disclosure and asks for consent
      </label>
      {consent && (
        <>
          <div className="field-row">
            <label className="field">
              <span>Start from a template</span>
              <select
                aria-label="Consent template"
                value={consent.template === 'custom' ? '' : consent.template}
                onChange={(event) => {
                  const picked = consentJurisdiction.safeParse(event.target.value);
                  if (picked.success) useTemplate(picked.data);
                }}
              >
                <option value="">Custom text</option>
                {consentJurisdictions.map((jurisdiction) => (
                  <option key={jurisdiction} value={jurisdiction}>
                    {consentTemplates[jurisdiction].label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="hint" role="note">
            Templates are starting texts to review with your counsel before use; they are not legal advice.
          </p>
          <label className="field">
            <span>Disclosure (said first)</span>
            <textarea rows={5} value={consent.disclosure} onChange={(event) => edit({ disclosure: event.target.value })} />
          </label>
          <label className="field">
            <span>Consent question</span>
            <input type="text" value={consent.question} onChange={(event) => edit({ question: event.target.value })} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={consent.required} onChange={(event) => edit({ required: event.target.checked })} />
            Consent is required: end the interview without a clear “yes” (otherwise only a “no” ends it)
          </label>
        </>
      )}
    </div>
  );
}
