// @vitest-environment jsdom
import { createElement, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { newConfigDraft, type ConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { ConfigEditor } from '../../renderer/src/configs/ConfigEditor.js';
import { button, click, mount, press, typeInto, type Mounted } from './dom-harness.js';

// Issue 14, section 2: the config editor's form shows the voice per interview language
// (voice.voice_ids_by_language): added by tag (button or Enter), edited, validated, removed.
const ORG = '6f1c1a55-8a34-4f5e-9a55-6a1e2f3b4c5d';
const SPANISH_VOICE = '5c5ad5e7-1020-476b-8b91-fdcbe9cc313c';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function setup(): { container: HTMLElement; latest: () => ConfigDraft } {
  let current: ConfigDraft = { ...newConfigDraft(), name: 'Backend' };
  function Harness() {
    const [draft, setDraft] = useState(current);
    current = draft;
    return createElement(ConfigEditor, { orgId: ORG, draft, onChange: setDraft, onSave: () => undefined, saving: false, dirty: true, saveLabel: 'Create config' });
  }
  mounted = mount(Harness, {});
  return { container: mounted.container, latest: () => current };
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
