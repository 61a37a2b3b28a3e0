import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceConfig } from '../../contracts/config.js';
import { AnalyticsStore } from '../../server/store/analytics-store.js';
import { createConfig, createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { launchTestChromium } from '../support/chromium.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { screenshot } from './screenshots.js';

/**
 * Layout, focus and leave-guard defects of the console (issue 9, section 3), in Debian Chromium
 * against the real headless server: what jsdom cannot show (widths, clipping, real focus, dialogs).
 */
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let orgId: string;
let config: VoiceConfig;
const scored: { id: string; name: string; score: number }[] = [];
let pendingSessionId = '';
const pageErrors: string[] = [];

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** The outline ring of the focused element, and every scrolling/clipping ancestor that cuts it. */
function ringClippedBy(): string[] {
  const element = document.activeElement;
  if (!(element instanceof HTMLElement)) return ['nothing focused'];
  // The ring is drawn by the focused element or by the row that shows its focus.
  const candidates = [element, element.closest<HTMLElement>('.vrow')].filter((item): item is HTMLElement => item !== null);
  const drawn = candidates.find((item) => {
    const style = getComputedStyle(item);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  });
  if (!drawn) return ['no focus ring drawn'];
  const style = getComputedStyle(drawn);
  const grow = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
  const box = drawn.getBoundingClientRect();
  const ring = { left: box.left - grow, right: box.right + grow, top: box.top - grow, bottom: box.bottom + grow };
  const clipped: string[] = [];
  for (let parent = drawn.parentElement; parent; parent = parent.parentElement) {
    const overflow = getComputedStyle(parent);
    if (overflow.overflowX === 'visible' && overflow.overflowY === 'visible') continue;
    const rect = parent.getBoundingClientRect();
    const inner = { left: rect.left + parent.clientLeft, top: rect.top + parent.clientTop, right: rect.left + parent.clientLeft + parent.clientWidth, bottom: rect.top + parent.clientTop + parent.clientHeight };
    if (ring.left < inner.left - 0.5 || ring.right > inner.right + 0.5 || ring.top < inner.top - 0.5 || ring.bottom > inner.bottom + 0.5) clipped.push(parent.className || parent.tagName);
  }
  return clipped;
}

describe('console defects in Chromium', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    orgId = await myOrgId(server);
    config = await createConfig(server, orgId, { name: 'Platform engineer' });
    const db = openStore(server.dataDir);
    try {
      const analytics = new AnalyticsStore(db);
      for (const [index, score] of [91, 47, 68, 12, 83].entries()) {
        const name = `Candidate ${String.fromCharCode(65 + index)} Scored`;
        const session = await createSession(server, orgId, { candidateName: name, candidateEmail: `scored${index}@example.com`, configId: config.id });
        await moveSession(server, session.id, 'ready', 'active', 'completed');
        analytics.save(
          { id: randomUUID(), orgId, sessionId: session.id, transcriptId: null, createdBy: randomUUID(), now: new Date().toISOString() },
          { overallScore: score, categoryScores: {}, strengths: [], weaknesses: [], recommendations: [], keyMoments: [], detailedAnalysis: {}, modelUsed: null, processingTimeMs: null },
        );
        scored.push({ id: session.id, name, score });
      }
    } finally {
      db.close();
    }
    // Realistic tab counts (four digits) for the width checks, written straight to the store.
    const bulk = openStore(server.dataDir);
    try {
      const createdBy = (bulk.prepare('SELECT created_by FROM voice_sessions LIMIT 1').get() as { created_by: string }).created_by;
      const insert = bulk.prepare(`INSERT INTO voice_sessions (id, org_id, candidate_name, interview_type, status, created_at, updated_at, created_by)
        VALUES (?, ?, ?, 'technical', ?, ?, ?, ?)`);
      const old = new Date(Date.UTC(2025, 0, 1)).toISOString();
      bulk.transaction(() => {
        for (let index = 0; index < 1200; index += 1) {
          const status = index < 1030 ? 'pending' : index < 1130 ? 'cancelled' : 'failed';
          insert.run(randomUUID(), orgId, `Archived Candidate ${index}`, status, old, old, createdBy);
        }
      })();
    } finally {
      bulk.close();
    }
    for (let index = 0; index < 14; index += 1) {
      const session = await createSession(server, orgId, { candidateName: `Waiting Candidate ${index}`, candidateEmail: `waiting${index}@example.com`, configId: config.id });
      pendingSessionId = session.id;
    }
    browser = await launchTestChromium();
    context = await browser.newContext({ viewport: { width: 1240, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(await server.signInLink());
    await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  it('the New session dialog opens on its first field, not on its close button', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await dialog.waitFor();
    try {
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('candidateName');
    } finally {
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
  });

  it('at 1024 px the Sessions tabs and filters stay on one line and Created is not cut off', async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    try {
      await sessionsLayoutAt1024();
    } finally {
      await page.setViewportSize({ width: 1240, height: 800 });
    }
  });

  async function sessionsLayoutAt1024(): Promise<void> {
    await page.getByTestId('count-all').filter({ hasText: '1,219' }).waitFor();
    await page.locator('[data-row="0"]').waitFor();
    await screenshot(page, 'defects-01-sessions-1024');
    const layout = await page.evaluate(() => {
      const tops = (selector: string): number[] => [...document.querySelectorAll<HTMLElement>(selector)].map((element) => Math.round(element.getBoundingClientRect().top));
      const tablist = document.querySelector<HTMLElement>('.sessions-screen [role="tablist"]');
      const main = document.querySelector<HTMLElement>('main');
      const cells = [...document.querySelectorAll<HTMLElement>('.col-created')];
      return {
        tabTops: tops('.sessions-screen [role="tab"]'),
        tabsOverflow: tablist ? tablist.scrollWidth - tablist.clientWidth : -1,
        filterBottoms: [...document.querySelectorAll<HTMLElement>('.filters input, .filters select')].map((element) => Math.round(element.getBoundingClientRect().bottom)),
        createdCut: cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent),
        mainOverflow: main ? main.scrollWidth - main.clientWidth : -1,
      };
    });
    expect(layout.tabTops.length).toBe(7);
    expect(new Set(layout.tabTops).size).toBe(1);
    expect(layout.tabsOverflow).toBe(0);
    expect(layout.filterBottoms.length).toBeGreaterThanOrEqual(5);
    expect(new Set(layout.filterBottoms).size).toBe(1);
    expect(layout.createdCut).toEqual([]);
    expect(layout.mainOverflow).toBe(0);
  }

  it('draws the focus ring of a row where nothing clips it', async () => {
    await page.getByRole('button', { name: 'Refresh' }).focus();
    // Keyboard focus (focus-visible), as a keyboard user reaches the first row.
    await page.locator('[data-row="0"] a').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-row]')?.getAttribute('data-row'))).toBe('0');
    expect(await page.evaluate(ringClippedBy)).toEqual([]);
    await screenshot(page, 'defects-02-row-focus');
  });

  it('sorts the Sessions list by score (ascending on the first click) and filters it by a score range', async () => {
    await nav('Sessions').click();
    await page.getByRole('tab', { name: /completed/i }).click();
    await page.locator(`[data-session-id="${scored[0]?.id}"]`).waitFor();
    await page.getByRole('button', { name: 'Score' }).click();
    await page.waitForURL(/sort=overallScore/);
    expect(new URL(page.url()).searchParams.get('order')).toBe('asc');
    const scores = () => page.locator('.vtable-body .vrow .col-score').allTextContents();
    await expect.poll(scores).toEqual(['12', '47', '68', '83', '91']);
    expect(await page.locator('.vtable-head [aria-sort]').textContent()).toContain('Score');
    await page.getByRole('button', { name: 'Score' }).click();
    await expect.poll(scores).toEqual(['91', '83', '68', '47', '12']);

    await page.getByLabel('Minimum score').fill('50');
    await page.getByLabel('Maximum score').fill('90');
    await page.waitForURL(/minScore=50/);
    await page.waitForURL(/maxScore=90/);
    await expect.poll(scores).toEqual(['83', '68']);
    await page.getByTestId('count-all').filter({ hasText: /^2$/ }).waitFor();
    await screenshot(page, 'defects-score-filter');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(scores).toEqual(['91', '83', '68', '47', '12']);
    // Other columns also start ascending.
    await page.getByRole('button', { name: 'Candidate' }).click();
    await page.waitForURL(/sort=candidateName/);
    expect(new URL(page.url()).searchParams.get('order')).toBe('asc');
    await expect.poll(async () => (await page.locator('.vtable-body .candidate-name').allTextContents())[0]).toBe('Candidate A Scored');
    await nav('Sessions').click();
    await page.goto(`${server.url}/sessions`);
    await page.locator('[data-row="0"]').waitFor();
  });

  it('keeps focus on the session tab that arrow keys select (ARIA tabs), while the address follows', async () => {
    await page.goto(`${server.url}/sessions/${pendingSessionId}`);
    const overview = page.getByRole('tab', { name: 'Overview' });
    await overview.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/live$/);
    expect(await page.evaluate(() => [document.activeElement?.getAttribute('role'), document.activeElement?.textContent])).toEqual(['tab', 'Live']);
    await screenshot(page, 'defects-tab-focus');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/transcript$/);
    await page.keyboard.press('End');
    await page.waitForURL(/\/analytics$/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Analytics');
    await page.keyboard.press('Home');
    await page.waitForURL(new RegExp(`/sessions/${pendingSessionId}$`));
    expect(await page.evaluate(() => [document.activeElement?.getAttribute('aria-selected'), document.activeElement?.textContent])).toEqual(['true', 'Overview']);
    // Going to another screen still moves focus to the new screen.
    await nav('Sessions').click();
    await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
  });

  it('at 1240 px, viewing an old config version does not widen the page', async () => {
    await nav('Configs').click();
    await page.getByRole('cell', { name: 'Platform engineer' }).click();
    await page.locator('#field-configJson-llm-temperature').fill('0.3');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved as version 2').waitFor();
    await page.locator('.versions li').nth(1).waitFor();
    await page.locator('.versions li').nth(1).getByRole('button', { name: 'View' }).click();
    await page.locator('.version-json').waitFor();
    await screenshot(page, 'defects-03-version-view-1240');
    const widths = await page.evaluate(() => {
      const main = document.querySelector<HTMLElement>('main');
      const json = document.querySelector<HTMLElement>('.version-json');
      return { scroll: main?.scrollWidth, client: main?.clientWidth, jsonScrolls: json ? json.scrollWidth > json.clientWidth : null };
    });
    expect(widths.scroll).toBe(widths.client);
    // The long lines scroll inside the version's own box instead.
    expect(widths.jsonScrolls).toBe(true);
  });

  it('asks before in-app navigation drops unsaved config edits', async () => {
    await nav('Configs').click();
    await page.getByRole('cell', { name: 'Platform engineer' }).click();
    await page.locator('#field-configJson-bot_name').fill('Grace');
    await page.getByRole('link', { name: '← Configs' }).click();
    const prompt = page.getByRole('dialog', { name: 'Leave without saving?' });
    await prompt.waitFor();
    await screenshot(page, 'defects-04-leave-prompt');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stay');
    await prompt.getByRole('button', { name: 'Stay' }).click();
    await prompt.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/configs/${config.id}`);
    expect(await page.locator('#field-configJson-bot_name').inputValue()).toBe('Grace');

    // Back asks too, and staying keeps the address.
    await page.goBack();
    await prompt.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/configs/${config.id}`);
    await prompt.getByRole('button', { name: 'Stay' }).click();
    expect(await page.locator('#field-configJson-bot_name').inputValue()).toBe('Grace');

    await nav('Sessions').click();
    await prompt.getByRole('button', { name: 'Leave without saving' }).click();
    await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sessions');

    // Saved or untouched, leaving asks nothing.
    await page.goto(`${server.url}/configs/${config.id}`);
    await page.locator('#field-configJson-bot_name').waitFor();
    await nav('Dashboard').click();
    await page.getByText('Completion rate').waitFor();
    expect(await prompt.count()).toBe(0);
  });

  it('asks before closing the window with unsaved config edits, and only then', async () => {
    const asked: string[] = [];
    const open = async (): Promise<Page> => {
      const editor = await context.newPage();
      editor.on('dialog', (dialog) => {
        asked.push(dialog.type());
        void dialog.dismiss();
      });
      await editor.goto(`${server.url}/configs/${config.id}`);
      // A page opened after another closed starts in the background, where Chromium pauses frames.
      await editor.bringToFront();
      return editor;
    };
    // Saved, the window closes without asking.
    const saved = await open();
    await saved.locator('#field-configJson-bot_name').fill('Katherine');
    await saved.getByRole('button', { name: 'Save changes' }).click();
    await saved.getByText(/^Saved as version \d+$/).waitFor();
    const closed = saved.waitForEvent('close');
    await saved.close({ runBeforeUnload: true });
    await closed;
    expect(asked).toEqual([]);

    // Unsaved, the browser asks first, and staying keeps the window. (Chromium then keeps that page
    // half-closed, so it is left for the browser's own close at the end.)
    const unsaved = await open();
    await unsaved.locator('#field-configJson-bot_name').fill('Dorothy');
    await unsaved.close({ runBeforeUnload: true });
    await expect.poll(() => asked).toEqual(['beforeunload']);
    expect(unsaved.isClosed()).toBe(false);
  });

  it('never threw in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
