import { useEffect, useState } from 'react';

/** Light, dark, or whatever the system prefers; the choice is remembered on this machine. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'interview-console.theme';
const order: ThemeChoice[] = ['system', 'light', 'dark'];

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Sets `data-theme` on <html>; CSS variables do the rest. Runs before the first render too. */
export function applyTheme(choice: ThemeChoice = stored()): void {
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function useTheme(): { choice: ThemeChoice; next(): void } {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  useEffect(() => {
    applyTheme(choice);
    if (choice !== 'system') return;
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const follow = (): void => applyTheme('system');
    media?.addEventListener('change', follow);
    return () => media?.removeEventListener('change', follow);
  }, [choice]);
  return {
    choice,
    next: () => {
      const upcoming = order[(order.indexOf(choice) + 1) % order.length] ?? 'system';
      try {
        localStorage.setItem(KEY, upcoming);
      } catch {
        // Not remembered across restarts; it still applies now.
      }
      setChoice(upcoming);
    },
  };
}
