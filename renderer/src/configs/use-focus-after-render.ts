import { useEffect, useRef } from 'react';
import { fieldIds } from './FormField.js';

/**
 * Moves the keyboard focus to a form field on the render that creates it: after "add", the new
 * field takes the focus, so adding then typing works without a pointer.
 */
export function useFocusAfterRender(): (path: string) => void {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (pending.current === null) return;
    const element = document.getElementById(fieldIds(pending.current).id);
    if (element) {
      element.focus();
      pending.current = null;
    }
  });
  return (path) => {
    pending.current = path;
  };
}
