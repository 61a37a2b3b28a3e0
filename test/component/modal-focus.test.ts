// @vitest-environment jsdom
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog } from '../../renderer/src/ui/ConfirmDialog.js';
import { Modal } from '../../renderer/src/ui/Modal.js';
import { mount, type Mounted } from './dom-harness.js';

// Dialogs open on what the user came to fill in, not on the header's close button.
let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function FormDialog() {
  const form = createElement('form', null, createElement('label', null, 'Name', createElement('input', { name: 'name' })), createElement('button', { type: 'submit' }, 'Save'));
  return createElement(Modal, { title: 'Rename', onClose: () => undefined, children: form });
}

describe('Modal focus on open', () => {
  it('focuses the first field of the dialog, not the close button', () => {
    mounted = mount(FormDialog, {});
    const active = document.activeElement;
    expect(active?.getAttribute('aria-label')).not.toBe('Close');
    expect(active).toBe(mounted.container.querySelector('input[name="name"]'));
  });

  it('a confirmation opens on its safe choice', () => {
    mounted = mount(ConfirmDialog, { title: 'Delete?', message: 'Gone for good.', confirmLabel: 'Delete', onConfirm: () => undefined, onClose: () => undefined });
    expect(document.activeElement?.textContent).toBe('Keep it');
  });
});
