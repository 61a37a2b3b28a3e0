// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { newConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { mountConfigEditor, type MountedEditor } from './config-editor-harness.js';
import { button, click, press, typeInto } from './dom-harness.js';

// Issue 14, section 2: the config editor's form shows the voice per interview language
// (voice.voice_ids_by_language): added by tag (button or Enter), edited, validated, removed.
const SPANISH_VOICE = '5c5ad5e7-1020-476b-8b91-fdcbe9cc313c';

let mounted: MountedEditor | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function setup(): MountedEditor {
  mounted = mountConfigEditor({ ...newConfigDraft(), name: 'Backend' });
  return mounted;
}

const byId = (container: HTMLElement, id: string): HTMLElement | null => container.querySelector(`#${id}`);
const voiceField = (container: HTMLElement, tag: string): HTMLInputElement | null =>
  container.querySelector(`#field-configJson-voice-voice_ids_by_language-${tag}`);
const validity = (container: HTMLElement): string => container.querySelector('[data-testid="config-validity"]')?.textContent ?? '';

describe('config editor: a voice per language', () => {
  it('adds a language with Enter, focuses its voice field, requires a voice id, and stores the map', () => {
    const { container, latest } = setup();
    const adder = byId(container, 'add-voice-language');
    typeInto(adder, 'es');
    press(adder, 'Enter');
    const field = voiceField(container, 'es');
    expect(field).not.toBeNull();
    expect(document.activeElement).toBe(field);
    // Empty until typed: the schema's own message, and the config cannot be saved.
    expect(container.querySelector('#field-configJson-voice-voice_ids_by_language-es-error')?.textContent).toMatch(/too small|at least 1/i);
    expect(validity(container)).toBe('1 problem to fix');
    typeInto(field, SPANISH_VOICE);
    expect(validity(container)).toBe('Valid');
    expect(latest().configJson.voice.voice_ids_by_language).toEqual({ es: SPANISH_VOICE });
  });

  it('refuses a tag that is not one, and the same language twice, saying why', () => {
    const { container } = setup();
    const adder = byId(container, 'add-voice-language');
    typeInto(adder, 'Spanish');
    click(button(container, 'Add voice'));
    expect(byId(container, 'add-voice-language-error')?.textContent).toBe('a language tag such as es or ja-JP');
    expect(adder?.getAttribute('aria-invalid')).toBe('true');
    typeInto(adder, 'ja-JP');
    click(button(container, 'Add voice'));
    typeInto(adder, 'ja-jp');
    click(button(container, 'Add voice'));
    expect(byId(container, 'add-voice-language-error')?.textContent).toBe('ja-jp is already there');
  });

  it('removing the last voice drops the map from the config', () => {
    const { container, latest } = setup();
    typeInto(byId(container, 'add-voice-language'), 'es');
    click(button(container, 'Add voice'));
    typeInto(voiceField(container, 'es'), SPANISH_VOICE);
    click(button(container, 'Remove the voice for es'));
    expect(voiceField(container, 'es')).toBeNull();
    expect('voice_ids_by_language' in latest().configJson.voice).toBe(false);
  });
});
