import { act, createElement, type FunctionComponent } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * Mounts React components into jsdom for component tests, and drives them the way a user does:
 * typing fires the input events React listens to, clicks are real DOM clicks, all inside act().
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// jsdom has no layout: scrolling is a no-op there.
Element.prototype.scrollIntoView ??= function scrollIntoView(): void {};

export interface Mounted {
  container: HTMLElement;
  unmount(): void;
}

export function mount<P extends object>(component: FunctionComponent<P>, props: P): Mounted {
  const container = document.createElement('div');
  document.body.append(container);
  let root: Root | null = null;
  act(() => {
    root = createRoot(container);
    root.render(createElement(component, props));
  });
  return {
    container,
    unmount: () => {
      act(() => root?.unmount());
      container.remove();
    },
  };
}

export function typeInto(element: Element | null, value: string): void {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) throw new Error('not a text field');
  const prototype = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
  if (!setter) throw new Error('no value setter');
  act(() => {
    setter.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function press(element: Element | null, key: string, options: { shiftKey?: boolean } = {}): void {
  if (!element) throw new Error('nothing to press on');
  act(() => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...options }));
  });
}

export function click(element: Element | null): void {
  if (!(element instanceof HTMLElement)) throw new Error('nothing to click');
  act(() => element.click());
}

/** The first button whose text is exactly `label` (or whose aria-label is). */
export function button(container: HTMLElement, label: string): HTMLButtonElement | null {
  return [...container.querySelectorAll('button')].find((item) => item.textContent?.trim() === label || item.getAttribute('aria-label') === label) ?? null;
}

/** Lets pending fetches, timers at 0 and the renders they cause run, inside act(). */
export function settle(): Promise<void> {
  return act(async () => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}
