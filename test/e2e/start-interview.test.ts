import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { ModelAnalysis } from '../../server/analytics/analysis-schema.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { EcsFake } from '../fakes/ecs-fake.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';
import { BotClient } from '../support/bot-client.js';
import { launchTestChromium } from '../support/chromium.js';
import { createConfig, createSession, myOrgId } from '../support/fixtures.js';
import { startKeychainDaemon, type KeychainDaemon } from '../support/keychain-daemon.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { artifactsDir, screenshot } from './screenshots.js';

/**
 * The product's main job in Chromium, against the project's Daily, ECS and OpenAI fakes: a pending
 * session is started from the console (room created, bot dispatched on ECS, link shown and copied),
 * its statuses move from the bot's own reports, and its failed analysis is retried into a scorecard.
 */
const DAILY_KEY = 'daily-e2e-key-0123456789';
let keychain: KeychainDaemon;
let daily: DailyRestFake;
let ecs: EcsFake;
let openai: FakeOpenAi;
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let orgId: string;
let session: VoiceSession;
let candidateLink = '';
let botToken = '';
const pageErrors: string[] = [];

const analysis: ModelAnalysis = {
  summary: 'Designed a caching layer with clear trade-offs; the team-conflict question never came up.',
  overall_score: 74,
  category_scores: [
    { criterion: 'communication', score: 80, feedback: 'Clear and structured', evidence: [] },
    { criterion: 'technical_depth', score: 70, feedback: 'Solid on caching', evidence: ['a write-through cache in front of Postgres'] },
    { criterion: 'problem_solving', score: 76, feedback: 'Reasonable', evidence: [] },
  ],
  strengths: ['Explains caching trade-offs'],
  weaknesses: ['Testing strategy stayed vague'],
  recommendations: ['Probe testing practice in the next round'],
  key_moments: [{ quote: 'we put a write-through cache in front of Postgres', type: 'strength', description: 'Concrete design' }],
  question_coverage: [
    { question_id: 'q1', status: 'answered', evidence: 'At Acme we put a write-through cache in front of Postgres' },
    { question_id: 'q2', status: 'not_asked', evidence: '' },
  ],
};

const statusBadge = () => page.locator('.subtitle .badge').first();

beforeAll(async () => {
  [keychain, daily, ecs, openai] = await Promise.all([startKeychainDaemon(), new DailyRestFake(DAILY_KEY).start(), new EcsFake('interviews').start(), startFakeOpenAi()]);
  openai.respondWith(() => ({ kind: 'json', value: analysis }));
  server = await startServerProcess({
    env: {
      ...keychain.env,
      DAILY_API_URL: daily.url,
      OPENAI_BASE_URL: openai.url,
      VOICE_BOT_RUNNER: 'ecs',
      // Where an ECS bot would reach this console (the bot here is a test client on the loopback).
      VOICE_PUBLIC_WS_URL: 'wss://console.example.com/api/voice/ws',
      AWS_ENDPOINT_URL_ECS: ecs.url,
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'secret-test',
      AWS_REGION: 'us-east-1',
      ECS_CLUSTER_NAME: 'interviews',
      ECS_TASK_DEFINITION_ARN: 'arn:aws:ecs:us-east-1:123456789012:task-definition/interview-bot:7',
      ECS_SUBNETS: 'subnet-aaa',
      ECS_SECURITY_GROUPS: 'sg-123',
    },
  });
  orgId = await myOrgId(server);
  const config = await createConfig(server, orgId, { name: 'Backend loop' });
  session = await createSession(server, orgId, { configId: config.id, candidateName: 'Alan Turing', candidateEmail: 'alan@example.com' });
  browser = await launchTestChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(await server.signInLink());
  await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  await Promise.all([daily?.stop(), ecs?.stop(), openai?.stop(), keychain?.stop()]);
});

describe('starting an interview from the console', () => {
  it('names the missing Daily key when the server refuses, and leaves the session pending', async () => {
    await page.goto(`${server.url}/sessions/${session.id}`);
    await page.getByRole('heading', { name: 'Alan Turing' }).waitFor();
    await page.getByRole('button', { name: 'Start interview' }).click();
    const problem = page.getByTestId('start-problem');
    await problem.filter({ hasText: 'No Daily API key' }).waitFor();
    expect(await problem.textContent()).toContain('Settings > Keys');
    await problem.getByRole('link', { name: 'Open Settings > Keys' }).waitFor();
    expect(await statusBadge().textContent()).toMatch(/pending/i);
    expect(daily.http.requests.filter((request) => request.path === '/rooms')).toHaveLength(0);
    expect(ecs.calls('RunTask')).toHaveLength(0);
    await screenshot(page, 'start-01-refused-no-daily-key');
  });

  it('creates the room, dispatches the bot on ECS and shows the candidate link', async () => {
    const stored = await server.call('POST', '/api/voice/credentials', { body: { orgId, serviceName: 'daily', apiKey: DAILY_KEY } });
    expect(stored.status).toBe(201);
    // Hold the one start request, to see what the console claims while it is in flight.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/voice/sessions/${session.id}/start`, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Start interview' }).click();
    const inFlight = page.getByTestId('start-steps');
    await inFlight.locator('[data-step="room"][data-state="current"]').waitFor();
    expect(await inFlight.locator('[data-step="bot"]').getAttribute('data-state')).toBe('next');
    expect(await inFlight.locator('[data-step="bot"]').textContent()).toContain('on AWS ECS');
    expect(await page.getByRole('button', { name: 'Starting…' }).isDisabled()).toBe(true);
    await screenshot(page, 'start-02-in-flight');
    release();
    await page.getByTestId('candidate-link').waitFor();
    await page.unroute(`**/api/voice/sessions/${session.id}/start`);
    await page.getByTestId('start-problem').waitFor({ state: 'detached' });

    // The Daily fake saw the room; ECS got the task.
    const roomName = `voice-${session.id}`;
    expect(daily.rooms.has(roomName)).toBe(true);
    const run = ecs.calls('RunTask');
    expect(run).toHaveLength(1);
    const env = Object.fromEntries(
      ((run[0]?.body as { overrides: { containerOverrides: { environment: { name: string; value: string }[] }[] } }).overrides.containerOverrides[0]?.environment ?? []).map((e) => [e.name, e.value]),
    );
    expect(env.SESSION_ID).toBe(session.id);
    botToken = env.BOT_TOKEN ?? '';

    const candidateToken = daily.tokens.find((token) => token.properties.room_name === roomName && token.properties.is_owner === false)?.token;
    expect(candidateToken).toBeTruthy();
    candidateLink = `https://fake-domain.daily.co/${roomName}?t=${encodeURIComponent(candidateToken ?? '')}`;
    expect(await page.getByTestId('candidate-link').inputValue()).toBe(candidateLink);
    // Keyboard users land on the link the start produced (the Start button is gone).
    expect(await page.evaluate('document.activeElement.dataset.testid')).toBe('candidate-link');

    const steps = page.getByTestId('start-steps');
    expect(await steps.locator('[data-step="room"]').getAttribute('data-state')).toBe('done');
    expect(await steps.locator('[data-step="room"]').textContent()).toContain(roomName);
    expect(await steps.locator('[data-step="bot"]').textContent()).toContain('Dispatch the interview bot on AWS ECS');
    expect(await steps.locator('[data-step="bot"]').getAttribute('data-state')).toBe('done');
    expect(await steps.locator('[data-step="candidate"]').getAttribute('data-state')).toBe('current');
    expect(await statusBadge().textContent()).toMatch(/ready/i);
    await page.getByRole('button', { name: 'Join as observer' }).waitFor();
    await page.getByRole('button', { name: 'Cancel interview' }).waitFor();
    await screenshot(page, 'start-02-ready-with-link');
  });

  it('copies exactly that link, and an invitation with the link and the length', async () => {
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(candidateLink);

    await page.getByRole('button', { name: 'Copy invitation' }).click();
    await page.getByText('Invitation copied').waitFor();
    const invitation = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(invitation).toContain(`Join here: ${candidateLink}`);
    expect(invitation).toContain('up to 30 minutes');
    expect(invitation).toContain('Hi Alan Turing,');
  });

  it('moves the status from the bot reports, without a click', async () => {
    const bot = await BotClient.connect(server.url, botToken);
    try {
      await bot.waitFor((m) => m.type === 'hello');
      bot.send({ type: 'status', status: 'active' });
      await statusBadge().filter({ hasText: /active/i }).waitFor();
      await page.getByTestId('start-steps').locator('[data-step="candidate"][data-state="done"]').waitFor();
      await page.getByRole('link', { name: 'Watch it live' }).waitFor();
      await bot.segment({ seq: 0, speaker: 'bot', text: 'Tell me about a system you designed.', startTime: 0, endTime: 3, confidence: 0.95, final: true });
      await bot.segment({ seq: 1, speaker: 'candidate', text: 'At Acme we put a write-through cache in front of Postgres.', startTime: 61, endTime: 66, confidence: 0.9, final: true });
      bot.send({ type: 'status', status: 'completed' });
      await statusBadge().filter({ hasText: /completed/i }).waitFor();
    } finally {
      await bot.close();
    }
    // The room is gone with the interview: no link to copy any more.
    await page.getByText('The interview is over.').waitFor();
    expect(await page.getByRole('button', { name: 'Copy link' }).count()).toBe(0);
    expect(await page.getByTestId('candidate-link').count()).toBe(0);
    await screenshot(page, 'start-03-completed');
  });
});

describe('acting on the result', () => {
  it('shows why the analysis failed, and Try again asks the server again', async () => {
    await page.getByRole('tab', { name: 'Analytics' }).click();
    const failed = page.getByTestId('analysis-failed');
    await failed.filter({ hasText: 'No OpenAI API key for this organization' }).waitFor();
    await failed.getByRole('link', { name: 'Settings > Keys' }).waitFor();
    await screenshot(page, 'result-01-analysis-failed');

    const stored = await server.call('POST', '/api/voice/credentials', { body: { orgId, serviceName: 'openai', apiKey: openai.apiKey } });
    expect(stored.status).toBe(201);
    const before = openai.requests.length;
    const [generate] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/api/voice/analytics/${session.id}/generate`)),
      failed.getByRole('button', { name: 'Try again' }).click(),
    ]);
    expect(generate.status()).toBe(200);
    expect(openai.requests.length).toBe(before + 1);
    await page.getByTestId('overall-score').waitFor();
    expect(await page.getByTestId('analysis-failed').count()).toBe(0);
  });

  it('shows the summary, the scores with weights, and each configured question with its coverage', async () => {
    expect(await page.getByTestId('analysis-summary').textContent()).toBe(analysis.summary);
    expect(await page.getByTestId('overall-score').textContent()).toContain('74');
    await page.getByText('weight 50%').waitFor();
    const coverage = page.getByTestId('question-coverage');
    expect(await coverage.locator('[data-question="q1"]').getAttribute('data-status')).toBe('answered');
    expect(await coverage.locator('[data-question="q1"]').textContent()).toContain('Answered');
    expect(await coverage.locator('[data-question="q1"]').textContent()).toContain('Tell me about a system you designed.');
    expect(await coverage.locator('[data-question="q2"]').textContent()).toContain('Not asked');
    await page.getByRole('heading', { name: 'Weaknesses' }).waitFor();
    await page.getByText('Testing strategy stayed vague').waitFor();
    await page.getByRole('button', { name: 'Regenerate' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 1500 });
    await screenshot(page, 'result-02-scorecard');
    await page.setViewportSize({ width: 1280, height: 860 });

    // Evidence is quoted under its question and its criterion, each linked to the moment it was said.
    expect(await coverage.locator('[data-question="q1"] blockquote').textContent()).toBe('“At Acme we put a write-through cache in front of Postgres”');
    await page.getByRole('list', { name: 'Quotes behind Technical depth' }).getByText('a write-through cache in front of Postgres').waitFor();
    await coverage.locator('[data-question="q1"]').getByRole('link', { name: 'Open the transcript at 01:01' }).click();
    await page.waitForURL(/\/transcript\?t=61$/);
    await page.locator('li.segment.targeted[data-seq="1"]').waitFor();
    await page.getByRole('tab', { name: 'Analytics' }).click();
  });

  it('exports a report with the scorecard and the transcript together', async () => {
    const [markdown] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report (Markdown)' }).click()]);
    expect(markdown.suggestedFilename()).toMatch(/^report-alan-turing-\d{4}-\d{2}-\d{2}\.md$/);
    const file = join(artifactsDir, markdown.suggestedFilename());
    await markdown.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# Interview report: Alan Turing');
    expect(text).toContain('- **Overall score:** 74/100');
    expect(text).toContain('| Technical depth | 50% | 70 |');
    expect(text).toContain('- **Not asked:** Describe a conflict in your team.');
    expect(text).toContain('- **Answered:** Tell me about a system you designed.\n  - [01:01] “At Acme we put a write-through cache in front of Postgres”');
    expect(text).toContain('**[01:01] Candidate:** At Acme we put a write-through cache in front of Postgres.');

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report (JSON)' }).click()]);
    const jsonFile = join(artifactsDir, json.suggestedFilename());
    await json.saveAs(jsonFile);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { scorecard: { overallScore: number; questions: { id: string; status: string }[] }; transcript: { segments: unknown[] } };
    expect(report.scorecard.overallScore).toBe(74);
    expect(report.scorecard.questions.map((q) => [q.id, q.status])).toEqual([
      ['q1', 'answered'],
      ['q2', 'not_asked'],
    ]);
    expect(report.transcript.segments).toHaveLength(2);
  });

  it('never threw in the page', async () => {
    const detail = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
    expect(detail.json.data.status).toBe('completed');
    expect(pageErrors).toEqual([]);
  });
});
