import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { AuditEntry } from '../../contracts/candidate-rights.js';
import type { VoiceConfig } from '../../contracts/config.js';
import type { VoiceSession } from '../../contracts/session.js';
import { BotClient } from '../support/bot-client.js';
import { launchTestChromium } from '../support/chromium.js';
import { createConfig, createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { artifactsDir, screenshot } from './screenshots.js';

/**
 * Candidates' rights in the console, in Chromium against the real server: an admin sets retention
 * (seeing what it deletes first), erases a candidate, reads the audit log, and exports a transcript
 * with personal data redacted.
 */
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let orgId: string;

async function finishedInterview(candidateName: string, candidateEmail: string, words: string): Promise<VoiceSession> {
  const session = await createSession(server, orgId, { candidateName, candidateEmail });
  await moveSession(server, session.id, 'ready', 'active');
  const grant = await server.call<ApiSuccess<{ botToken: string }>>('POST', `/api/voice/sessions/${session.id}/bot-token`);
  const bot = await BotClient.connect(server.url, grant.json.data.botToken);
  await bot.segment({ seq: 0, speaker: 'bot', text: 'How can we reach you?', startTime: 0, endTime: 2, confidence: 0.97, final: true });
  await bot.segment({ seq: 1, speaker: 'candidate', text: words, startTime: 2.5, endTime: 7, confidence: 0.92, final: true });
  await bot.close();
  return moveSession(server, session.id, 'completed');
}

function endedDaysAgo(sessionId: string, days: number): void {
  const db = openStore(server.dataDir);
  const at = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
  db.prepare('UPDATE voice_sessions SET completed_at = ?, updated_at = ? WHERE id = ?').run(at, at, sessionId);
  db.close();
}

async function auditActions(): Promise<string[]> {
  const reply = await server.call<ApiSuccess<AuditEntry[]>>('GET', `/api/rights/audit?orgId=${orgId}`);
  return reply.json.data.map((entry) => entry.action);
}

beforeAll(async () => {
  server = await startServerProcess({ env: { VOICE_RIGHTS_POLL_MS: '3600000' } });
  orgId = await myOrgId(server);
  browser = await launchTestChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  await page.goto(await server.signInLink());
  await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

describe('candidate data in Settings', () => {
  it('retention: choosing 30 days shows what it would delete; saving deletes it and the run is shown', async () => {
    const old = await finishedInterview('Ada Lovelace', 'ada@example.com', 'I wrote the first program.');
    const recent = await finishedInterview('Alan Turing', 'alan@example.com', 'I worked on the bombe.');
    endedDaysAgo(old.id, 45);

    await page.goto(`${server.url}/settings`);
    const select = page.getByLabel('Keep interview content');
    await select.waitFor();
    expect(await select.inputValue()).toBe('off');
    await select.selectOption('30');
    const preview = page.getByTestId('retention-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(/content of 1 session\(s\): 1 transcript\(s\)/);
    await screenshot(page, 'rights-01-retention-preview');
    await page.getByRole('button', { name: 'Save and delete' }).click();
    const lastRun = page.getByTestId('retention-last-run');
    await lastRun.waitFor();
    expect(await lastRun.textContent()).toContain('Done: 1 session, 1 transcript');

    const oldNow = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${old.id}`);
    expect(oldNow.json.data.candidateName).toBeNull();
    const recentNow = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${recent.id}`);
    expect(recentNow.json.data.candidateName).toBe('Alan Turing');
    expect(await auditActions()).toEqual(expect.arrayContaining(['retention.changed', 'retention.ran']));
  });

  it('erasure by e-mail: confirm, then a receipt with the hash and per-store outcome', async () => {
    const session = await finishedInterview('Joan Clarke', 'joan@example.com', 'Call me on +44 20 7946 0958.');
    await page.getByLabel('Candidate e-mail').fill('JOAN@example.com');
    await page.getByRole('button', { name: 'Delete candidate data' }).click();
    await page.getByRole('button', { name: 'Delete everywhere' }).click();
    const receipts = page.getByTestId('erasure-receipts');
    await receipts.waitFor();
    const text = (await receipts.textContent()) ?? '';
    expect(text).toContain('Done: 1 session, 1 transcript');
    expect(text.toLowerCase()).not.toContain('joan');
    await screenshot(page, 'rights-02-erasure-receipt');
    const now = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
    expect(now.json.data).toMatchObject({ candidateName: null, candidateEmail: null });
  });

  it('an unknown e-mail says so and changes nothing', async () => {
    const before = await auditActions();
    await page.getByLabel('Candidate e-mail').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Delete candidate data' }).click();
    await page.getByRole('button', { name: 'Delete everywhere' }).click();
    await page.getByText('No session of this org has a candidate with this e-mail').waitFor();
    expect(await auditActions()).toEqual(before);
  });

  it('the audit log lists what happened and filters by action', async () => {
    await page.reload();
    const log = page.getByTestId('audit-log');
    await log.waitFor();
    expect(await log.textContent()).toContain('Erased a candidate');
    await page.getByLabel('Filter by action').selectOption('retention.changed');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-log"] tbody tr')];
      return rows.length > 0 && rows.every((row) => row.textContent?.includes('Changed retention'));
    });
    await screenshot(page, 'rights-03-audit-log');
  });
});

describe('a session', () => {
  it('exports a transcript with personal data redacted, and the export is audited', async () => {
    const session = await finishedInterview('Grace Hopper', 'grace@example.com', 'Mail grace@example.com or call +44 20 7946 0958; I live at 12 Oak Lane.');
    await page.goto(`${server.url}/sessions/${session.id}/transcript`);
    await page.getByRole('button', { name: 'Export Markdown' }).waitFor();
    await page.getByLabel('Redact personal data').check();
    await page.getByLabel('Also the candidate’s name').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
    const file = join(artifactsDir, `redacted-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).not.toContain('grace@example.com');
    expect(markdown).not.toContain('7946');
    expect(markdown).not.toContain('Oak Lane');
    expect(markdown).not.toContain('Grace');
    expect(markdown).toContain('EMAIL');
    await expect.poll(async () => (await server.call<ApiSuccess<AuditEntry[]>>('GET', `/api/rights/audit?orgId=${orgId}&action=transcript.exported`)).json.data[0]?.details).toEqual({
      format: 'markdown',
      redacted: true,
    });
  });

  it('"Delete candidate data" from the Overview erases that candidate', async () => {
    const session = await finishedInterview('Katherine Johnson', 'kj@example.com', 'Trajectories.');
    await page.goto(`${server.url}/sessions/${session.id}`);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Delete candidate data' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete candidate data' }).click();
    await expect.poll(async () => (await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`)).json.data.candidateEmail).toBeNull();
  });

  it('a ready session\'s invitation carries the disclosure, retention and how to ask for deletion; Email invitation is a mailto link', async () => {
    const session = await createSession(server, orgId, { candidateName: 'Mary Jackson', candidateEmail: 'mary@example.com' });
    const db = openStore(server.dataDir);
    db.prepare("UPDATE voice_sessions SET status = 'ready', daily_room_url = 'https://acme.daily.co/voice-x', daily_room_token = 'tok' WHERE id = ?").run(session.id);
    db.close();
    await page.goto(`${server.url}/sessions/${session.id}`);
    await page.getByRole('button', { name: 'Copy invitation' }).click();
    // The clipboard write is asynchronous; its toast says it has finished.
    await page.getByText('Invitation copied').waitFor();
    const invitation = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(invitation).toContain('Join here: https://acme.daily.co/voice-x?t=tok');
    expect(invitation).toContain('About the AI:');
    expect(invitation).toContain('for 30 days after the interview');
    expect(invitation).toContain('delete your interview data');
    const mailto = await page.getByTestId('invitation-mailto').getAttribute('href');
    expect(mailto?.startsWith('mailto:mary@example.com?subject=')).toBe(true);
  });
});

describe('consent settings and outcome', () => {
  it('the config editor offers the jurisdiction templates, marked for counsel; saving is audited', async () => {
    const config = await createConfig(server, orgId);
    await page.goto(`${server.url}/configs/${config.id}`);
    await page.getByLabel('The bot opens with an AI disclosure and asks for consent').check();
    await page.getByLabel('Consent template').selectOption('illinois');
    await page.getByText('not legal advice').waitFor();
    expect(await page.getByLabel('Disclosure (said first)').inputValue()).toContain('artificial intelligence');
    await screenshot(page, 'rights-04-consent-editor');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved as version 2').waitFor();
    const saved = await server.call<ApiSuccess<VoiceConfig>>('GET', `/api/voice/configs/${config.id}`);
    expect(saved.json.data.configJson.consent).toMatchObject({ template: 'illinois', required: true });
    const audit = await server.call<ApiSuccess<AuditEntry[]>>('GET', `/api/rights/audit?orgId=${orgId}&action=consent.changed&targetId=${config.id}`);
    expect(audit.json.data[0]?.details).toEqual({ fromTemplate: null, toTemplate: 'illinois' });
  });

  it('the Overview and the transcript show the consent the candidate gave', async () => {
    const session = await finishedInterview('Dorothy Vaughan', 'dorothy.v@example.com', 'Yes, I agree.');
    const db = openStore(server.dataDir);
    db.prepare("UPDATE voice_sessions SET session_metadata = json_set(session_metadata, '$.consent', json(?)) WHERE id = ?").run(
      JSON.stringify({ given: true, at: '2026-12-03T09:00:05.000Z', words: 'Yes, I agree.', configVersion: 2 }),
      session.id,
    );
    db.close();
    await page.goto(`${server.url}/sessions/${session.id}`);
    expect(await page.getByTestId('consent-fact').textContent()).toBe('Given 2026-12-03 09:00 UTC: “Yes, I agree.” (config v2)');
    await page.goto(`${server.url}/sessions/${session.id}/transcript`);
    expect(await page.getByTestId('transcript-consent').textContent()).toContain('Given 2026-12-03 09:00 UTC');
  });
});
