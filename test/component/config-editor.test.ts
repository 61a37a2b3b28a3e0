// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { newConfigDraft, validateDraft, type ConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { mountConfigEditor, type MountedEditor, EDITOR_ORG } from './config-editor-harness.js';
import { button, click, typeInto } from './dom-harness.js';

let mounted: MountedEditor | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function setup(changes: Partial<ConfigDraft> = {}): MountedEditor {
  mounted = mountConfigEditor({ ...newConfigDraft(), name: 'Backend', ...changes });
  return mounted;
}

const validity = (container: HTMLElement): string => container.querySelector('[data-testid="config-validity"]')?.textContent ?? '';
const field = (container: HTMLElement, path: string): HTMLInputElement | HTMLTextAreaElement | null =>
  container.querySelector(`#field-${path.replace(/[^\w-]/g, '-')}`);
const errorFor = (container: HTMLElement, path: string): string | null =>
  container.querySelector(`#field-${path.replace(/[^\w-]/g, '-')}-error`)?.textContent ?? null;

describe('config editor validation (the shared zod schema, live)', () => {
  it('starts valid from the template and can be saved', () => {
    const { container, saves } = setup();
    expect(validity(container)).toBe('Valid');
    const save = button(container, 'Create config');
    expect(save?.disabled).toBe(false);
    click(save);
    expect(saves).toHaveLength(1);
  });

  it('flags a blank name and bot name next to the fields, and blocks saving', () => {
    const { container } = setup();
    typeInto(field(container, 'name'), '   ');
    typeInto(field(container, 'configJson.bot_name'), '');
    expect(errorFor(container, 'name')).toMatch(/too small|at least 1/i);
    expect(errorFor(container, 'configJson.bot_name')).toBeTruthy();
    expect(field(container, 'name')?.getAttribute('aria-invalid')).toBe('true');
    expect(validity(container)).toBe('2 problems to fix');
    expect(button(container, 'Create config')?.disabled).toBe(true);
    typeInto(field(container, 'name'), 'Backend');
    typeInto(field(container, 'configJson.bot_name'), 'Ada');
    expect(validity(container)).toBe('Valid');
  });

  it('checks number ranges: speed, temperature, duration, follow-ups', () => {
    const { container } = setup();
    typeInto(field(container, 'configJson.voice.speed'), '3');
    typeInto(field(container, 'configJson.llm.temperature'), '');
    typeInto(field(container, 'configJson.interview.max_duration_minutes'), '500');
    expect(errorFor(container, 'configJson.voice.speed')).toMatch(/2/);
    expect(errorFor(container, 'configJson.llm.temperature')).toBeTruthy();
    expect(errorFor(container, 'configJson.interview.max_duration_minutes')).toMatch(/180/);
    expect(validity(container)).toBe('3 problems to fix');
  });

  it('requires rubric weights to sum to 1, and can spread them evenly', () => {
    const { container } = setup();
    const sum = (): string => container.querySelector('[data-testid="weight-sum"]')?.textContent ?? '';
    expect(sum()).toContain('Weights sum to 1');
    typeInto(field(container, 'configJson.interview.scoring_rubric.criteria.0.weight'), '0.5');
    expect(sum()).toContain('Weights sum to 1.2 (must be exactly 1)');
    expect(container.textContent).toContain('weights must sum to 1 (they sum to 1.2)');
    expect(button(container, 'Create config')?.disabled).toBe(true);
    click(button(container, 'Spread weights evenly'));
    expect(sum()).toContain('Weights sum to 1 ✓');
    expect(validity(container)).toBe('Valid');
  });

  it('rejects duplicate criterion names and question ids', () => {
    const { container } = setup();
    typeInto(field(container, 'configJson.interview.scoring_rubric.criteria.1.name'), 'communication');
    expect(errorFor(container, 'configJson.interview.scoring_rubric.criteria.1.name')).toBe('duplicate criterion name');
    click(button(container, 'Add question'));
    click(button(container, 'Add question'));
    typeInto(field(container, 'configJson.interview.questions.0.text'), 'Tell me about a hard bug.');
    typeInto(field(container, 'configJson.interview.questions.1.text'), 'What did you learn?');
    typeInto(field(container, 'configJson.interview.questions.1.id'), 'q1');
    expect(errorFor(container, 'configJson.interview.questions.1.id')).toBe('duplicate question id');
  });

  it('edits the question bank: empty text is an error, reordering moves the question', () => {
    const { container } = setup();
    click(button(container, 'Add question'));
    expect(errorFor(container, 'configJson.interview.questions.0.text')).toBeTruthy();
    typeInto(field(container, 'configJson.interview.questions.0.text'), 'First');
    click(button(container, 'Add question'));
    typeInto(field(container, 'configJson.interview.questions.1.text'), 'Second');
    click(button(container, 'Move question 2 up'));
    expect((field(container, 'configJson.interview.questions.0.text') as HTMLTextAreaElement).value).toBe('Second');
    const followUps = field(container, 'configJson.interview.questions.0.max_follow_ups');
    typeInto(followUps, '9');
    expect(errorFor(container, 'configJson.interview.questions.0.max_follow_ups')).toMatch(/5/);
  });

  it('validates the raw JSON view with the same schema and feeds valid JSON back to the form', () => {
    const { container } = setup();
    click(button(container, 'JSON'));
    const raw = container.querySelector('#raw-config-json');
    typeInto(raw, '{ "bot_name": ');
    expect(container.textContent).toContain('Not valid JSON');
    expect(validity(container)).toBe('The JSON has problems');
    expect(button(container, 'Form')?.disabled).toBe(true);
    typeInto(raw, JSON.stringify({ bot_name: 'Ada', system_prompt: 'Be kind.', surprise: true }));
    expect(container.textContent).toMatch(/surprise/);
    typeInto(raw, JSON.stringify({ bot_name: 'Grace', system_prompt: 'Be precise.', llm: { temperature: 0.2 } }));
    expect(container.textContent).toContain('Valid config');
    click(button(container, 'Form'));
    expect((field(container, 'configJson.bot_name') as HTMLInputElement).value).toBe('Grace');
    expect((field(container, 'configJson.llm.temperature') as HTMLInputElement).value).toBe('0.2');
    expect((field(container, 'configJson.llm.model') as HTMLInputElement).value).toBe('gpt-4o-mini');
  });

  it('uses the exact server schema: a draft it accepts, the server body parser accepts', () => {
    expect(validateDraft(EDITOR_ORG, { ...newConfigDraft(), name: 'x' })).toEqual({});
    expect(Object.keys(validateDraft('not-a-uuid', { ...newConfigDraft(), name: 'x' }))).toEqual(['orgId']);
  });
});
