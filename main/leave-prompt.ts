import type { MessageBoxSyncOptions } from 'electron';

/**
 * Electron does not show the browser's "Leave site?" prompt: a page whose beforeunload handler
 * objects (the config editor with unsaved changes) would silently keep the window open. This asks
 * natively instead, with staying as the default; the caller lets the window close on "Leave".
 */
export const leavePromptOptions: MessageBoxSyncOptions = {
  type: 'question',
  buttons: ['Leave without saving', 'Stay'],
  defaultId: 1,
  cancelId: 1,
  title: 'Unsaved changes',
  message: 'You have unsaved changes.',
  detail: 'Leave and lose them?',
};

/** Whether to let the page unload, given the index of the button the user chose. */
export function leaveChosen(button: number): boolean {
  return button === 0;
}
