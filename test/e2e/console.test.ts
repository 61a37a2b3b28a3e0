import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { BotTokenGrant } from '../../contracts/session.js';
import type { TranscriptSummary } from '../../contracts/transcript.js';
import { AnalyticsStore } from '../../server/store/analytics-store.js';
import { BotClient } from '../support/bot-client.js';
import { myOrgId, openStore } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { launchTestChromium } from '../support/chromium.js';
import { artifactsDir, screenshot } from './screenshots.js';

/**
 * The console end to end, in Debian Chromium against the real headless server: a recruiter's day
 * from an empty install to a reviewed interview, then the server going away.
 */
const DAILY_CDN = /^https:\/\/([a-z0-9-]+\.)*daily\.co\//;

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let orgId: string;
let configId = '';
let sessionId = '';
const dailyRequests: string[] = [];
const pageErrors: string[] = [];

/** A link of the main navigation (other links share these words, e.g. "← Sessions"). */
const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

async function saveDownload(download: Download): Promise<string> {
  const file = join(artifactsDir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

describe('recruiter console in Chromium', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    orgId = await myOrgId(server);
    browser = await launchTestChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    // daily-js fetches its call engine from Daily's CDN; here nothing of Daily is reachable.
    await context.route(DAILY_CDN, (route) => {
      dailyRequests.push(route.request().url());
      return route.abort('internetdisconnected');
    });
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

  it('signs in through the one-time link and shows the empty sessions list', async () => {
    expect(new URL(page.url()).search).toBe('');
    await page.getByText('No sessions yet').waitFor();
    await page.getByTestId('connectivity').filter({ hasText: 'Online' }).waitFor();
    await screenshot(page, '01-sessions-empty');
  });

  it('creates a config in the editor, with live validation', async () => {
    await nav('Configs').click();
    await page.getByText('No configs yet').waitFor();
    await page.getByRole('button', { name: 'New config' }).click();
    await page.locator('#field-name').fill('Platform engineer');
    await page.locator('#field-interviewType').fill('technical');
    await page.locator('#field-configJson-bot_name').fill('Ada');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.locator('#field-configJson-interview-questions-0-text').fill('Walk me through a production incident you led.');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.locator('#field-configJson-interview-questions-1-text').fill('How do you roll out a risky migration?');
    await page.locator('#field-configJson-interview-questions-1-type').selectOption('situational');
    await page.getByRole('button', { name: 'Move question 2 up' }).click();
    expect(await page.locator('#field-configJson-interview-questions-0-text').inputValue()).toBe('How do you roll out a risky migration?');

    await page.locator('#field-configJson-interview-scoring_rubric-criteria-0-weight').fill('0.6');
    await page.getByText('weights must sum to 1 (they sum to 1.3)').waitFor();
    expect(await page.getByRole('button', { name: 'Create config' }).isDisabled()).toBe(true);
    await screenshot(page, '02-config-editor-invalid');
    await page.getByRole('button', { name: 'Spread weights evenly' }).click();
    await page.getByTestId('config-validity').filter({ hasText: 'Valid' }).waitFor();

    await page.getByRole('button', { name: 'JSON' }).click();
    const raw = JSON.parse(await page.locator('#raw-config-json').inputValue()) as { interview: { questions: { id: string }[] } };
    expect(raw.interview.questions.map((question) => question.id)).toEqual(['q2', 'q1']);
    await screenshot(page, '03-config-editor-json');
    await page.getByRole('button', { name: 'Form' }).click();

    await page.getByRole('button', { name: 'Create config' }).click();
    await page.getByText('Config "Platform engineer" created').waitFor();
    await page.waitForURL(/\/configs\/[0-9a-f-]{36}$/);
    configId = page.url().split('/').at(-1) ?? '';
    await page.getByRole('heading', { name: 'Version history' }).waitFor();
    await page.getByText('v1').first().waitFor();

    await page.locator('#field-configJson-llm-temperature').fill('0.3');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved as version 2').waitFor();
    await page.locator('.versions li').nth(1).waitFor();
    await screenshot(page, '04-config-editor-saved');

    await page.getByRole('link', { name: '← Configs' }).click();
    await page.getByRole('cell', { name: 'Platform engineer' }).waitFor();
    expect(await page.locator('tbody tr').first().textContent()).toContain('v2');
    await screenshot(page, '05-configs');

    // Rehearsing needs the provider keys; without them the editor says which, and stays as it was.
    await page.getByRole('cell', { name: 'Platform engineer' }).click();
    await page.getByRole('button', { name: 'Rehearse' }).click();
    await page.getByText('A rehearsal needs API keys for deepgram, cartesia, openai: add them in Settings > Keys').waitFor();
    await page.getByRole('button', { name: 'Rehearse' }).waitFor();
    await page.getByRole('link', { name: '← Configs' }).click();
  });

  it('creates a session from it, validating inline', async () => {
    await nav('Sessions').click();
    await page.getByRole('button', { name: 'New session' }).click();
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await dialog.getByLabel('Candidate name').fill('Grace Hopper');
    await dialog.getByLabel('Candidate email').fill('grace@');
    await dialog.getByLabel('Config').focus();
    await dialog.getByText('must be a valid email address').waitFor();
    await dialog.getByLabel('Config').selectOption({ label: 'Platform engineer · technical · v2' });
    await screenshot(page, '06-new-session-dialog');
    await dialog.getByLabel('Candidate email').fill('grace@example.com');
    await dialog.getByRole('button', { name: 'Create session' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
    sessionId = page.url().split('/').at(-1) ?? '';
    await page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    expect(await page.getByRole('link', { name: 'Platform engineer' }).getAttribute('href')).toBe(`/configs/${configId}`);
    expect(await page.locator('.facts').first().textContent()).toContain('version 2');
  });

  it('offers Start interview, says why a start is refused, and keeps manual moves in the admin menu', async () => {
    // One primary action; with no bot runner chosen the server refuses, and the console says how to fix it.
    await page.getByRole('button', { name: 'Start interview' }).click();
    const problem = page.getByTestId('start-problem');
    await problem.filter({ hasText: 'No bot runner is chosen' }).waitFor();
    expect(await problem.textContent()).toContain('Settings > Integrations');
    expect(await problem.getByRole('link', { name: 'Open Settings > Integrations' }).getAttribute('href')).toBe('/settings');
    await screenshot(page, '07-start-refused');
    expect(await page.locator('.subtitle .badge').first().textContent()).toMatch(/pending/i);
    expect(await page.getByRole('button', { name: 'Mark ready' }).count()).toBe(0);

    // The owner repairs statuses by hand from More, each move confirmed.
    const byHand = async (label: string, status: string): Promise<void> => {
      await page.getByRole('button', { name: 'More' }).click();
      expect(await page.getByRole('menu').getByRole('menuitem').allTextContents()).toContain(label);
      await page.getByRole('menuitem', { name: label }).click();
      const dialog = page.getByRole('dialog', { name: `${label}?` });
      await dialog.getByText('use this only to repair a session that is stuck').waitFor();
      await dialog.getByRole('button', { name: label }).click();
      await page.getByText(`Session is now ${status}`).waitFor();
    };
    await page.getByRole('button', { name: 'More' }).press('ArrowDown');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Mark ready');
    await page.keyboard.press('Escape');
    expect(await page.evaluate('document.activeElement.textContent')).toContain('More');
    await byHand('Mark ready', 'ready');
    await byHand('Mark active', 'active');
    await page.locator('.history li').nth(2).waitFor();
    expect(await page.locator('.history li').count()).toBe(3);
    await page.getByText('No call room was created for this session').waitFor();
    expect(await page.getByRole('button', { name: 'Copy link' }).count()).toBe(0);
    await page.getByRole('button', { name: 'More' }).click();
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['Mark completed', 'Mark failed', 'Mark cancelled']);
    await page.keyboard.press('Escape');
    await screenshot(page, '07-session-overview');
  });

  it('shows the transcript live as the bot streams it', async () => {
    await page.getByRole('tab', { name: /Live/ }).click();
    await page.getByText('Live feed: Connected').waitFor();
    const grant = await server.call<ApiSuccess<BotTokenGrant>>('POST', `/api/voice/sessions/${sessionId}/bot-token`);
    expect(grant.status).toBe(201);
    const bot = await BotClient.connect(server.url, grant.json.data.botToken);
    try {
      const log = page.getByRole('log', { name: 'Live transcript' });
      await bot.segment({ seq: 0, speaker: 'bot', text: 'Hello Grace, I am', startTime: 0.5, endTime: 1.5, confidence: null, final: false });
      await log.locator('li[data-final="false"]').filter({ hasText: 'Hello Grace, I am' }).waitFor();
      await page.getByTestId('bot-activity').filter({ hasText: 'Speaking' }).waitFor();
      await bot.segment({ seq: 0, speaker: 'bot', text: 'Hello Grace, I am Ada. Tell me about a production incident.', startTime: 0.5, endTime: 4, confidence: 0.97, final: true });
      await log.locator('li[data-final="true"]').filter({ hasText: 'I am Ada' }).waitFor();
      await page.getByTestId('bot-activity').filter({ hasText: 'Listening' }).waitFor();
      await bot.segment({ seq: 1, speaker: 'candidate', text: 'Our orbital telemetry pipeline dropped', startTime: 5, endTime: 8, confidence: null, final: false });
      await log.locator('li.interim').filter({ hasText: 'orbital telemetry' }).waitFor();
      await screenshot(page, '08-live-interim');
      await bot.segment({
        seq: 1,
        speaker: 'candidate',
        text: 'Our orbital telemetry pipeline dropped packets during reentry, so I rebuilt the retry logic with idempotent writes.',
        startTime: 5,
        endTime: 14,
        confidence: 0.93,
        final: true,
      });
      await log.locator('li[data-final="true"]').filter({ hasText: 'idempotent writes' }).waitFor();
      await page.getByTestId('bot-activity').filter({ hasText: 'Thinking' }).waitFor();
      expect(await page.getByTestId('bot-activity').getAttribute('data-source')).toBe('estimated');
      await page.getByText('Estimated from the transcript').waitFor();
      // A bot that reports its state is believed over the estimate: it is speaking already.
      bot.send({ type: 'bot_state', state: 'speaking' });
      await page.locator('[data-testid="bot-activity"][data-source="reported"]').filter({ hasText: 'Speaking' }).waitFor();
      await page.getByText('Estimated from the transcript').waitFor({ state: 'detached' });
      for (let seq = 2; seq < 40; seq += 1) {
        await bot.segment({
          seq,
          speaker: seq % 2 ? 'candidate' : 'bot',
          text: seq % 2 ? `Answer ${seq}: we measured latency budgets and shipped behind a flag.` : `Question ${seq}: what would you change next time?`,
          startTime: seq * 6,
          endTime: seq * 6 + 5,
          confidence: 0.9,
          final: true,
        });
      }
      await log.locator('li').filter({ hasText: 'Answer 39' }).waitFor();
      expect(await log.locator('li').count()).toBe(40);
      // Auto-scroll follows the newest turn; scrolling up pauses it and offers a way back.
      await page.waitForFunction(() => {
        const element = (globalThis as unknown as { document: { querySelector(s: string): { scrollTop: number; scrollHeight: number; clientHeight: number } | null } }).document.querySelector('.live-log');
        return element !== null && element.scrollHeight - element.scrollTop - element.clientHeight < 60;
      });
      await page.locator('.live-log').evaluate((element) => {
        (element as unknown as { scrollTop: number }).scrollTop = 0;
      });
      await page.getByRole('button', { name: 'Jump to live' }).waitFor();
      await bot.segment({ seq: 40, speaker: 'bot', text: 'Thanks, that is all from me.', startTime: 250, endTime: 253, confidence: 0.95, final: true });
      await page.getByRole('button', { name: /Jump to live \(1 new\)/ }).waitFor();
      await screenshot(page, '09-live-paused');
      await page.getByRole('button', { name: /Jump to live/ }).click();
      await page.getByRole('button', { name: /Jump to live/ }).waitFor({ state: 'detached' });
      await screenshot(page, '10-live');
    } finally {
      await bot.close();
    }
  });

  it('says plainly when the call cannot be reached, and never pretends to join', async () => {
    // This server has no observer-token endpoint: the console explains instead of failing silently.
    await page.getByRole('button', { name: 'Join call (muted)' }).click();
    await page.getByTestId('call-unreachable').waitFor();
    expect(await page.getByTestId('call-unreachable').textContent()).toContain('Cannot reach the call.');

    // With a grant from the server, daily-js is loaded on demand, and its CDN is unreachable here.
    let grants = 0;
    await page.route('**/api/voice/sessions/*/observer-token', (route) => {
      grants += 1;
      return route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ success: true, data: { roomUrl: 'https://acme.daily.co/interview-room', token: 'observer-token' } }) });
    });
    const dailyChunk = page.waitForResponse((response) => /\/assets\/daily-esm-[\w-]+\.js$/.test(response.url()));
    await page.getByRole('button', { name: 'Join call (muted)' }).click();
    await dailyChunk;
    await page.getByText('Connecting to the call…').or(page.getByTestId('call-unreachable')).first().waitFor();
    await page.getByTestId('call-unreachable').filter({ hasText: 'The call could not be reached' }).waitFor({ timeout: 45_000 });
    expect(grants).toBe(1);
    expect(await page.getByText('Listening in, muted').count()).toBe(0);
    await screenshot(page, '11-live-call-unreachable');
    await page.unroute('**/api/voice/sessions/*/observer-token');
  });

  it('completes the session after a confirmation; the Live tab then shows what was said', async () => {
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Mark completed' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark completed?' });
    await dialog.getByText('This cannot be undone.').waitFor();
    await screenshot(page, '12-confirm-complete');
    await dialog.getByRole('button', { name: 'Mark completed' }).click();
    await page.getByText('Session is now completed').waitFor();
    await page.getByText('The interview is over.').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel interview' }).count()).toBe(0);
    await page.getByRole('tab', { name: /Live/ }).click();
    await page.getByTestId('live-ended').filter({ hasText: 'The interview ended' }).waitFor();
    await page.getByRole('log', { name: 'Live transcript' }).locator('li').filter({ hasText: 'Answer 39' }).waitFor();
    expect(await page.getByText('Nothing has been said').count()).toBe(0);
    // A session whose streamed turns are gone (synced from a teammate, or pruned) shows the stored transcript.
    const db = openStore(server.dataDir);
    try {
      db.prepare('DELETE FROM voice_live_segments WHERE session_id = ?').run(sessionId);
    } finally {
      db.close();
    }
    await page.reload();
    await page.getByTestId('live-ended').filter({ hasText: '41 turns' }).waitFor();
    await page.getByRole('log', { name: 'Live transcript' }).locator('li').filter({ hasText: 'Answer 39' }).waitFor();
    expect(await page.getByText('Nothing has been said').count()).toBe(0);
    await screenshot(page, '12-live-ended');
    await page.getByRole('tab', { name: 'Overview' }).click();
  });

  it('finds the interview in a full-text search and opens it at the matching turn', async () => {
    await nav('Transcripts').click();
    await page.getByPlaceholder('Search what was said').fill('reentry idempot');
    const result = page.locator('.search-result').filter({ hasText: 'Grace Hopper' });
    await result.locator('mark').first().waitFor();
    const marks = await result.locator('mark').allTextContents();
    expect(marks.map((mark) => mark.toLowerCase())).toEqual(expect.arrayContaining(['reentry', 'idempotent']));
    await screenshot(page, '13-transcripts-search');
    await result.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.waitForURL(/\/transcript\?q=/);
    const target = page.locator('li.segment.targeted');
    await target.waitFor();
    expect(await target.getAttribute('data-seq')).toBe('1');
    expect(await page.locator('.transcript-segments mark').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.transcript-segments li').first().locator('.segment-time').textContent()).toBe('00:00');
    await screenshot(page, '14-transcript');
  });

  it('opened by its address, asks for the account, the session and its transcript once each, side by side', async () => {
    const address = page.url();
    const asked: string[] = [];
    const record = (request: { url(): string }): void => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/me') || path.startsWith(`/api/voice/sessions/${sessionId}`)) asked.push(path);
    };
    page.on('request', record);
    try {
      await page.goto(address);
      await page.locator('li.segment.targeted').waitFor();
    } finally {
      page.off('request', record);
    }
    // Started before React (app/first-requests.ts) and handed over to the screens, not asked again.
    expect(asked.filter((path) => path === `/api/voice/sessions/${sessionId}/transcript`)).toHaveLength(1);
    expect(asked.filter((path) => path === `/api/voice/sessions/${sessionId}`)).toHaveLength(1);
    expect(asked.filter((path) => path === '/api/me')).toHaveLength(1);
    expect(asked.slice(0, 3).sort()).toEqual(['/api/me', `/api/voice/sessions/${sessionId}`, `/api/voice/sessions/${sessionId}/transcript`]);
  });

  it('exports the transcript as Markdown, JSON and a real PDF', async () => {
    const [markdown] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
    const markdownText = readFileSync(await saveDownload(markdown), 'utf8');
    expect(markdown.suggestedFilename()).toMatch(/^transcript-grace-hopper-\d{4}-\d{2}-\d{2}\.md$/);
    expect(markdownText).toContain('**[00:05] Candidate:** Our orbital telemetry pipeline dropped packets during reentry');

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const exported = JSON.parse(readFileSync(await saveDownload(json), 'utf8')) as { segments: unknown[] };
    expect(exported.segments).toHaveLength(41);

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF' }).click()]);
    const pdfFile = await saveDownload(pdf);
    // Printed by Chromium (the server's, in this browser session), not a hand-written writer.
    expect(readFileSync(pdfFile).subarray(0, 8).toString('latin1')).toMatch(/^%PDF-1\.\d/);
    if (!spawnSync('pdftotext', ['-v']).error) {
      const text = execFileSync('pdftotext', [pdfFile, '-']).toString('utf8');
      expect(text).toContain('Interview transcript: Grace Hopper');
      expect(text.replace(/\s+/g, ' ')).toContain('rebuilt the retry logic with idempotent writes');
    }
  });

  it('shows why the analysis failed, tries again on request, then the analytics seeded through the store', async () => {
    await page.getByRole('tab', { name: 'Analytics' }).click();
    // Completing triggered the analysis, which the server recorded as failed: there is no OpenAI key.
    const failed = page.getByTestId('analysis-failed');
    await failed.filter({ hasText: 'No OpenAI API key for this organization' }).waitFor();
    expect(await page.getByText('No analytics yet').count()).toBe(0);
    await screenshot(page, '15-analysis-failed');
    const [retry] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/api/voice/analytics/${sessionId}/generate`) && response.request().method() === 'POST'),
      failed.getByRole('button', { name: 'Try again' }).click(),
    ]);
    expect(retry.status()).toBe(409);
    await failed.filter({ hasText: 'No OpenAI API key for this organization' }).waitFor();
    const transcripts = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${sessionId}`);
    const db = openStore(server.dataDir);
    try {
      new AnalyticsStore(db).save(
        { id: randomUUID(), orgId, sessionId, transcriptId: transcripts.json.data[0]?.id ?? null, createdBy: randomUUID(), now: new Date().toISOString() },
        {
          overallScore: 82,
          categoryScores: {
            communication: { score: 88, weight: 0.34, feedback: 'Clear, structured answers.' },
            technical_depth: { score: 79, weight: 0.33, feedback: 'Strong on retries; thinner on capacity planning.' },
            problem_solving: { score: 80, weight: 0.33 },
          },
          strengths: ['Owns incidents end to end', 'Explains trade-offs'],
          weaknesses: ['Capacity planning'],
          recommendations: ['Advance to the system design round'],
          keyMoments: [{ timestamp: 8, type: 'strength', description: 'Idempotent writes to survive retries', quote: 'I rebuilt the retry logic with idempotent writes' }],
          detailedAnalysis: {},
          modelUsed: 'gpt-4o-mini',
          processingTimeMs: 1800,
        },
      );
    } finally {
      db.close();
    }
    await page.reload();
    await page.getByTestId('overall-score').waitFor();
    expect(await page.getByTestId('overall-score').textContent()).toContain('82');
    expect(await page.locator('.category-list li').count()).toBe(3);
    await page.getByText('weight 34%').waitFor();
    await screenshot(page, '15-analytics');
    expect(await page.getByTestId('analysis-failed').count()).toBe(0);
    await page.getByRole('link', { name: 'Open the transcript at 00:08' }).click();
    await page.waitForURL(/\/transcript\?t=8$/);
    await page.locator('li.segment.targeted[data-seq="1"]').waitFor();
  });

  it('lists the session with its score, filters and sorts', async () => {
    await nav('Sessions').click();
    const row = page.locator(`[data-session-id="${sessionId}"]`);
    await row.waitFor();
    expect(await row.locator('.score').textContent()).toBe('82');
    await page.getByTestId('count-completed').filter({ hasText: '1' }).waitFor();
    await page.getByRole('tab', { name: /pending/i }).click();
    await page.getByText('No sessions match').waitFor();
    await page.getByRole('tab', { name: /completed/i }).click();
    await row.waitFor();
    await page.getByPlaceholder('Search candidates').fill('nobody-here');
    await page.getByText('No sessions match').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await row.waitFor();
    await page.getByRole('button', { name: 'Candidate' }).click();
    await page.waitForURL(/sort=candidateName/);
    await screenshot(page, '16-sessions');
  });

  it('charts the org on the dashboard and shows account and app facts in settings', async () => {
    await nav('Dashboard').click();
    await page.getByText('Completion rate').waitFor();
    await page.locator('.figure-value').filter({ hasText: '100%' }).waitFor();
    expect(await page.locator('.column-chart').count()).toBe(2);
    await screenshot(page, '17-dashboard');
    await nav('Settings').click();
    await page.getByTestId('app-version').waitFor();
    expect(await page.locator('.settings').textContent()).toContain(server.dataDir);
    // The owner sees the Keys and Integrations panels; no key is configured on a fresh install.
    await page.getByTestId('key-daily').waitFor();
    expect(await page.getByTestId('key-openai').textContent()).toContain('Not configured');
    await page.getByRole('heading', { name: 'Interview bots and archive' }).waitFor();
    await screenshot(page, '18-settings');
    await page.getByRole('button', { name: /switch theme/ }).click();
    await page.getByRole('button', { name: /switch theme/ }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await nav('Dashboard').click();
    await page.getByText('Completion rate').waitFor();
    await screenshot(page, '19-dashboard-dark');
    await nav('Sessions').click();
    await page.locator(`[data-session-id="${sessionId}"]`).waitFor();
    await screenshot(page, '20-sessions-dark');
  });

  it('goes offline when the server goes away and keeps what was loaded readable', async () => {
    await page.getByRole('link', { name: `Grace Hopper grace@example.com` }).click();
    await page.getByRole('tab', { name: 'Transcript' }).click();
    await page.locator('li.segment').first().waitFor();
    expect(await server.stop()).toBe(0);
    await page.getByTestId('connectivity').filter({ hasText: 'Offline' }).waitFor({ timeout: 20_000 });
    await nav('Dashboard').click();
    await page.getByText('Completion rate').waitFor();
    await page.getByText(/Offline: showing what was loaded/).waitFor();
    await screenshot(page, '21-offline-dashboard');
    await page.goBack();
    await page.locator('li.segment').first().waitFor();
    await nav('Sessions').click();
    await page.locator(`[data-session-id="${sessionId}"]`).waitFor();
    await screenshot(page, '22-offline-sessions');
  });

  it('never threw in the page, and loaded daily-js only when joining', () => {
    expect(pageErrors).toEqual([]);
    // The route saw Daily's CDN only if the browser got that far; either way nothing from Daily loaded.
    expect(dailyRequests.every((url) => DAILY_CDN.test(url))).toBe(true);
  });
});
