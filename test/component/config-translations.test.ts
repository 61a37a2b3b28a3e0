// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { configJson } from '../../contracts/config-json.js';
import { newConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { mountConfigEditor, type MountedEditor } from './config-editor-harness.js';
import { button, click, press, typeInto } from './dom-harness.js';

// Issue 14, section 2: questions written per language, in the config editor's form. A language
// picked above the questions shows each question's text in it; a translation is written, checked
// with the schema, removed; everything works from the keyboard (Enter adds, focus follows).
let mounted: MountedEditor | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function setup(questions: unknown[]): MountedEditor {
  const base = newConfigDraft();
  mounted = mountConfigEditor({
    ...base,
    name: 'Backend',
    configJson: configJson.parse({ ...base.configJson, interview: { ...base.configJson.interview, questions } }),
  });
  return mounted;
}

const picker = (container: HTMLElement): HTMLSelectElement => container.querySelector('#translation-language') as HTMLSelectElement;
const translation = (container: HTMLElement, index: number, tag: string): HTMLTextAreaElement | null =>
  container.querySelector(`#field-configJson-interview-questions-${index}-translations-${tag}`);
const errorOf = (container: HTMLElement, index: number, tag: string): string | null =>
  container.querySelector(`#field-configJson-interview-questions-${index}-translations-${tag}-error`)?.textContent ?? null;
const validity = (container: HTMLElement): string => container.querySelector('[data-testid="config-validity"]')?.textContent ?? '';

function choose(select: HTMLSelectElement, value: string): void {
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const twoQuestions = [
  { id: 'q1', text: 'Tell me about a system you built.', translations: { es: 'Háblame de un sistema que hayas construido.' } },
  { id: 'q2', text: 'Describe a conflict in your team.' },
];

describe('config editor: question translations', () => {
  it('opens on a language already written, showing each question in it (untranslated ones say so)', () => {
    const { container } = setup(twoQuestions);
    expect(picker(container).value).toBe('es');
    expect([...picker(container).options].map((option) => option.textContent)).toEqual(['None (the questions as written)', 'Spanish (es): 1 of 2 translated']);
    expect(translation(container, 0, 'es')?.value).toBe('Háblame de un sistema que hayas construido.');
    expect(translation(container, 0, 'es')?.lang).toBe('es');
    expect(translation(container, 1, 'es')?.value).toBe('');
    expect(container.textContent).toContain('Not translated: an interview in this language asks the question as written above.');
    choose(picker(container), '');
    expect(translation(container, 0, 'es')).toBeNull();
  });

  it('adds a language from the keyboard, focuses the first question in it, and stores what is typed', () => {
    const { container, latest } = setup(twoQuestions);
    const adder = container.querySelector('#add-translation-language');
    typeInto(adder, 'ja-JP');
    press(adder, 'Enter');
    expect(picker(container).value).toBe('ja-JP');
    const first = translation(container, 0, 'ja-JP');
    expect(document.activeElement).toBe(first);
    // Nothing is stored for a language until a question is written in it.
    expect(latest().configJson.interview.questions[0]?.translations).toEqual({ es: 'Háblame de un sistema que hayas construido.' });
    typeInto(first, 'これまでに構築したシステムについて教えてください。');
    typeInto(translation(container, 1, 'ja-JP'), 'チームでの対立について教えてください。');
    expect(latest().configJson.interview.questions.map((question) => question.translations)).toEqual([
      { es: 'Háblame de un sistema que hayas construido.', 'ja-JP': 'これまでに構築したシステムについて教えてください。' },
      { 'ja-JP': 'チームでの対立について教えてください。' },
    ]);
    expect(validity(container)).toBe('Valid');
    // The Spanish texts are still there behind the picker.
    choose(picker(container), 'es');
    expect(translation(container, 0, 'es')?.value).toBe('Háblame de un sistema que hayas construido.');
  });

  it('refuses a language that is not a tag or is already there', () => {
    const { container } = setup(twoQuestions);
    const adder = container.querySelector('#add-translation-language');
    typeInto(adder, 'Japanese');
    click(button(container, 'Add language'));
    expect(container.querySelector('#add-translation-language-error')?.textContent).toBe('a language tag such as es or ja-JP');
    typeInto(adder, 'es');
    click(button(container, 'Add language'));
    expect(container.querySelector('#add-translation-language-error')?.textContent).toBe('es is already there');
    expect(picker(container).value).toBe('es');
  });

  it('a blank translation is an error next to it; removing it leaves the question as written', () => {
    const { container, latest } = setup(twoQuestions);
    typeInto(translation(container, 0, 'es'), '   ');
    expect(errorOf(container, 0, 'es')).toMatch(/too small|at least 1/i);
    expect(translation(container, 0, 'es')?.getAttribute('aria-invalid')).toBe('true');
    expect(validity(container)).toBe('1 problem to fix');
    expect(button(container, 'Remove the es translation of question 2')?.disabled).toBe(true);
    click(button(container, 'Remove the es translation of question 1'));
    expect(translation(container, 0, 'es')?.value).toBe('');
    expect(errorOf(container, 0, 'es')).toBeNull();
    expect(validity(container)).toBe('Valid');
    // The last translation gone: the question carries no translations at all, as if never translated.
    expect('translations' in (latest().configJson.interview.questions[0] ?? {})).toBe(false);
    // The language stays offered while it is picked, now with nothing translated.
    expect(picker(container).selectedOptions[0]?.textContent).toBe('Spanish (es): 0 of 2 translated');
  });

  it('a key that is not a language tag (pasted JSON) is named as such', () => {
    const { container } = setup([{ id: 'q1', text: 'Tell me about a system you built.' }]);
    click(button(container, 'JSON'));
    const raw = container.querySelector('#raw-config-json');
    const json = { ...newConfigDraft().configJson, interview: { questions: [{ id: 'q1', text: 'Tell me about a system you built.', translations: { Spanish: 'Háblame.' } }] } };
    typeInto(raw, JSON.stringify(json));
    expect(container.textContent).toContain('keys must be language tags such as es or ja-JP');
  });
});
