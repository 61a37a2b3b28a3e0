import { useEffect } from 'react';
import { addLeaveGuard } from './navigation.js';

/**
 * While `message` is set (the screen holds unsaved work), leaving asks first: in the console
 * through the leave prompt, and on closing or reloading the window through the browser's own
 * beforeunload prompt (the desktop app turns that into a native dialog).
 */
export function useLeaveGuard(message: string | null): void {
  useEffect(() => {
    if (!message) return;
    const removeGuard = addLeaveGuard(() => message);
    const beforeUnload = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Older Chromium (and Electron's will-prevent-unload) still look at returnValue.
      event.returnValue = message;
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      removeGuard();
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [message]);
}
