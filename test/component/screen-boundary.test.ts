// @vitest-environment jsdom
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScreenBoundary } from '../../renderer/src/app/ScreenBoundary.js';
import { button, click, mount, type Mounted } from './dom-harness.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.restoreAllMocks();
});

describe('a screen whose code does not load', () => {
  it('says so instead of blanking the window, and opens on Try again once the code is there', () => {
    // React reports the caught error on the console; the boundary is what the user sees.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let codeLoaded = false;
    // What React.lazy does when its import() rejects: the render throws.
    function Dashboard() {
      if (!codeLoaded) throw new Error('Failed to fetch dynamically imported module');
      return createElement('h1', null, 'Dashboard');
    }
    mounted = mount(() => createElement(ScreenBoundary, { screen: 'dashboard', children: createElement(Dashboard) }), {});
    expect(mounted.container.querySelector('[role="alert"]')?.textContent).toContain('This screen could not be opened');
    expect(mounted.container.querySelector('h1')).toBeNull();

    codeLoaded = true;
    click(button(mounted.container, 'Try again'));
    expect(mounted.container.querySelector('[role="alert"]')).toBeNull();
    expect(mounted.container.querySelector('h1')?.textContent).toBe('Dashboard');
  });
});
