import type { ReactNode } from 'react';
import type { ConfigJson } from '../../../contracts/config-json.js';
import { issuesUnder, type FieldIssues } from '../validation/field-issues.js';
import type { ConfigDraft } from './config-draft.js';
import { FormField, numberValue, parseNumber } from './FormField.js';
import { ConsentEditor } from './ConsentEditor.js';
import { LanguageVoicesEditor } from './LanguageVoicesEditor.js';
import { QuestionBankEditor } from './QuestionBankEditor.js';
import { RubricEditor } from './RubricEditor.js';

interface Props {
  draft: ConfigDraft;
  issues: FieldIssues;
  onChange(draft: ConfigDraft): void;
}

type Section<K extends keyof ConfigJson> = ConfigJson[K];

/** A form for every field of the config schema, grouped as the bot uses them. */
export function ConfigEditorForm({ draft, issues, onChange }: Props) {
  const json = draft.configJson;
  const setJson = (patch: Partial<ConfigJson>): void => onChange({ ...draft, configJson: { ...json, ...patch } });
  const setSection = <K extends 'voice' | 'transcription' | 'llm' | 'interview'>(key: K, patch: Partial<Section<K>>): void =>
    setJson({ [key]: { ...json[key], ...patch } } as Partial<ConfigJson>);

  const text = (path: string, label: string, value: string, set: (value: string) => void, options: { multiline?: number; hint?: string; placeholder?: string } = {}) => (
    <FormField path={path} label={label} error={issues[path]} hint={options.hint}>
      {(ids) =>
        options.multiline ? (
          <textarea id={ids.id} rows={options.multiline} aria-describedby={ids.describedBy} aria-invalid={ids.invalid || undefined} value={value} onChange={(event) => set(event.target.value)} />
        ) : (
          <input id={ids.id} aria-describedby={ids.describedBy} aria-invalid={ids.invalid || undefined} placeholder={options.placeholder} value={value} onChange={(event) => set(event.target.value)} />
        )
      }
    </FormField>
  );
  const number = (path: string, label: string, value: number, set: (value: number) => void, range: { min: number; max: number; step: number }, hint?: string) => (
    <FormField path={path} label={label} error={issues[path]} hint={hint} className="narrow">
      {(ids) => (
        <input
          id={ids.id}
          type="number"
          {...range}
          aria-describedby={ids.describedBy}
          aria-invalid={ids.invalid || undefined}
          value={numberValue(value)}
          onChange={(event) => set(parseNumber(event.target.value))}
        />
      )}
    </FormField>
  );
  const fixed = (label: string, value: string) => (
    <div className="field narrow">
      <span className="field-label">{label}</span>
      <span className="fixed-value">{value}</span>
    </div>
  );

  return (
    <div className="config-form">
      <EditorSection title="General" issues={[...issuesUnder(issues, 'name'), ...issuesUnder(issues, 'interviewType'), ...issuesUnder(issues, 'description')]}>
        <div className="field-row">
          {text('name', 'Name', draft.name, (name) => onChange({ ...draft, name }), { placeholder: 'Senior backend engineer' })}
          {text('interviewType', 'Interview type', draft.interviewType, (interviewType) => onChange({ ...draft, interviewType }))}
        </div>
        {text('description', 'Description', draft.description, (description) => onChange({ ...draft, description }), { multiline: 2 })}
        <label className="checkbox-field">
          <input type="checkbox" checked={draft.isActive} onChange={(event) => onChange({ ...draft, isActive: event.target.checked })} /> Active (offered when
          creating sessions)
        </label>
      </EditorSection>

      <EditorSection title="Bot" issues={['bot_name', 'system_prompt', 'initial_message'].flatMap((key) => issuesUnder(issues, `configJson.${key}`))}>
        {text('configJson.bot_name', 'Bot name', json.bot_name, (bot_name) => setJson({ bot_name }))}
        {text('configJson.system_prompt', 'System prompt', json.system_prompt, (system_prompt) => setJson({ system_prompt }), {
          multiline: 5,
          hint: 'How the interviewer behaves: tone, focus, what to avoid.',
        })}
        {text('configJson.initial_message', 'Opening line', json.initial_message, (initial_message) => setJson({ initial_message }), { multiline: 2 })}
      </EditorSection>

      <EditorSection title="Voice" issues={issuesUnder(issues, 'configJson.voice')}>
        <div className="field-row">
          {fixed('Provider', 'Cartesia')}
          {text('configJson.voice.voice_id', 'Default voice id', json.voice.voice_id, (voice_id) => setSection('voice', { voice_id }))}
          {number('configJson.voice.speed', 'Speed', json.voice.speed, (speed) => setSection('voice', { speed }), { min: 0.5, max: 2, step: 0.05 }, '0.5 to 2')}
        </div>
        <LanguageVoicesEditor
          voices={json.voice.voice_ids_by_language}
          issues={issues}
          onChange={(voice_ids_by_language) => {
            // Removing the last one drops the key, so the stored config carries no empty map.
            const voice = { ...json.voice, voice_ids_by_language };
            if (!voice_ids_by_language) delete voice.voice_ids_by_language;
            setJson({ voice });
          }}
        />
      </EditorSection>

      <EditorSection title="Transcription" issues={issuesUnder(issues, 'configJson.transcription')}>
        <div className="field-row">
          {fixed('Provider', 'Deepgram')}
          {text('configJson.transcription.language', 'Language', json.transcription.language, (language) => setSection('transcription', { language }), { placeholder: 'en-US' })}
          {text('configJson.transcription.model', 'Model', json.transcription.model, (model) => setSection('transcription', { model }))}
        </div>
      </EditorSection>

      <EditorSection title="Language model" issues={issuesUnder(issues, 'configJson.llm')}>
        <div className="field-row">
          {fixed('Provider', 'OpenAI')}
          {text('configJson.llm.model', 'Model', json.llm.model, (model) => setSection('llm', { model }))}
          {number('configJson.llm.temperature', 'Temperature', json.llm.temperature, (temperature) => setSection('llm', { temperature }), { min: 0, max: 2, step: 0.1 }, '0 to 2')}
          {number('configJson.llm.max_tokens', 'Max tokens', json.llm.max_tokens, (max_tokens) => setSection('llm', { max_tokens }), { min: 1, max: 4096, step: 1 }, 'per reply')}
        </div>
      </EditorSection>

      <EditorSection title="Interview limits" issues={issuesUnder(issues, 'configJson.interview.max_duration_minutes')}>
        {number(
          'configJson.interview.max_duration_minutes',
          'Maximum duration (minutes)',
          json.interview.max_duration_minutes,
          (max_duration_minutes) => setSection('interview', { max_duration_minutes }),
          { min: 1, max: 180, step: 1 },
          '1 to 180',
        )}
      </EditorSection>

      <EditorSection title={`Questions (${json.interview.questions.length})`} issues={issuesUnder(issues, 'configJson.interview.questions')}>
        <QuestionBankEditor questions={json.interview.questions} issues={issues} onChange={(questions) => setSection('interview', { questions })} />
      </EditorSection>

      <EditorSection title="AI disclosure and consent" issues={issuesUnder(issues, 'configJson.consent')}>
        <ConsentEditor consent={json.consent} onChange={(consent) => setJson({ consent })} />
      </EditorSection>

      <EditorSection title="Scoring rubric" issues={issuesUnder(issues, 'configJson.interview.scoring_rubric')}>
        <RubricEditor
          criteria={json.interview.scoring_rubric.criteria}
          issues={issues}
          onChange={(criteria) => setSection('interview', { scoring_rubric: { criteria } })}
        />
      </EditorSection>
    </div>
  );
}

function EditorSection({ title, issues, children }: { title: string; issues: readonly string[]; children: ReactNode }) {
  return (
    <fieldset className="card editor-section">
      <legend>
        {title}
        {issues.length > 0 && <span className="section-issues"> · {issues.length} to fix</span>}
      </legend>
      {children}
    </fieldset>
  );
}
