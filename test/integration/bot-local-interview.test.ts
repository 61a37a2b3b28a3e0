import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import type { ServerMessage } from '../../contracts/live-events.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { LiveSegment, Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { clockTime } from '../../contracts/transcript-clock.js';
import { startBotProcess, type BotProcess } from '../bot/support/bot-process.js';
import { decide, startFakeProviders, type FakeProviders } from '../bot/support/fake-providers.js';
import { readySessionForBot } from '../bot/support/live-session.js';
import { launchTestChromium } from '../support/chromium.js';
import { espeakPcm, writeTimelineWav } from '../fakes/speech-audio.js';
import { ConsoleClient } from '../support/bot-client.js';
import { myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * A whole interview through the local transport, as a recruiter's rehearsal or a local session runs:
 * the built bot process, the real server (live socket, store), real Chromium on the bot's own page
 * with a fake microphone playing espeak-ng answers, and the provider fakes.
 */
const config: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You are a calm, precise technical interviewer.',
  initial_message: 'Hi, I am Ada. Ready to start?',
  interview: {
    max_duration_minutes: 10,
    questions: [
      { id: 'q1', text: 'Tell me about a system you designed.', type: 'technical', max_follow_ups: 1 },
      { id: 'q2', text: 'Describe a conflict in your team.', type: 'behavioral', max_follow_ups: 1 },
      { id: 'q3', text: 'How do you keep your skills current?', type: 'open', max_follow_ups: 1 },
    ],
  },
};

const answers = [
  'Yes I am ready',
  'I designed a payment queue in Go',
  'Scaling the database was hardest',
  'Two engineers disagreed about testing',
  'We paired and wrote a shared guide',
  'I read papers and build small projects',
  'Building things teaches me the most',
];

const decisions = [
  decide('next_question', { acknowledgement: 'Great.' }),
  decide('ask_follow_up', { question: 'What was the hardest part?' }),
  decide('next_question', { acknowledgement: 'Thanks.' }),
  decide('ask_follow_up', { question: 'How did you resolve it?' }),
  decide('next_question', { acknowledgement: 'Got it.' }),
  decide('ask_follow_up', { question: 'Which habit helps most?' }),
  decide('next_question', { acknowledgement: 'Thank you.' }),
];

let server: ServerProcess;
let fakes: FakeProviders;
let browser: Browser;
let bot: BotProcess | null = null;
let workDir: string;
let micWav: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'bot-interview-'));
  // Each answer starts 4 s after the previous one ended: the bot needs ~0.7 s to take its turn
  // (endpointing + patience) and under 1 s to speak its line; the rest is margin for a busy machine.
  const clips: { atSeconds: number; samples: Int16Array }[] = [];
  let at = 2.5;
  for (const [index, text] of answers.entries()) {
    const samples = espeakPcm(text, workDir, 48_000, `answer-${index}`);
    clips.push({ atSeconds: at, samples });
    at += samples.length / 48_000 + 4;
  }
  micWav = join(workDir, 'candidate.wav');
  writeTimelineWav(micWav, clips, at + 30, 48_000);
  [server, fakes, browser] = await Promise.all([
    startServerProcess(),
    startFakeProviders({ deepgram: { answers: answers.map((text) => `${text}.`) } }),
    launchTestChromium(micWav),
  ]);
  fakes.openai.script(...decisions);
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await browser?.close();
  await fakes?.stop();
  await server?.stop();
  removeDataDir(server.dataDir);
  rmSync(workDir, { recursive: true, force: true });
});

describe('a full interview through the local transport', () => {
  it('asks three questions with follow-ups, streams every segment in order, and completes the session', async () => {
    expect(existsSync(micWav)).toBe(true);
    const orgId = await myOrgId(server);
    const { session, botEnv } = await readySessionForBot(server, orgId);
    const watcher = await ConsoleClient.connect(server.url, server.token);
    expect((await watcher.subscribe(session.id)).status).toBe('ready');

    bot = startBotProcess({ ...fakes.env, ...botEnv, BOT_TRANSPORT: 'local', BOT_TURN_PATIENCE_MS: '400' }, config);
    const ready = await bot.ready;
    const page = await browser.newPage();
    await page.goto(String(ready.url));
    // Every state the page shows, in order (it shows the bot's own reports, as the console does).
    await page.evaluate(`(() => {
      const line = document.getElementById('activity');
      window.shownStates = [];
      new MutationObserver(() => window.shownStates.push(line.hidden ? 'hidden' : line.dataset.state)).observe(line, { attributes: true, attributeFilter: ['data-state', 'hidden'] });
    })()`);
    await page.click('#start');
    const code = await bot.exited;
    const ended = bot.events.find((event) => event.event === 'ended');
    expect(code, bot.stderr().slice(-3000)).toBe(0);
    expect(ended).toMatchObject({ reason: 'interview complete', status: 'completed', delivered: true });

    // The session walked ready -> active -> completed, as the console saw it.
    await watcher.waitFor((m) => m.type === 'session_status' && m.status === 'completed', 10_000);
    const statuses = watcher.messages.filter((m): m is Extract<ServerMessage, { type: 'session_status' }> => m.type === 'session_status');
    expect(statuses.map((m) => `${m.previousStatus}->${m.status}`)).toEqual(['ready->active', 'active->completed']);

    // Every final segment reached the console, numbered in order, before the session completed.
    const finals = watcher.messages
      .filter((m): m is Extract<ServerMessage, { type: 'transcript_segment' }> => m.type === 'transcript_segment' && m.segment.final)
      .map((m) => m.segment);
    expect(finals.map((segment) => segment.seq)).toEqual(finals.map((_, index) => index));
    expect(finals.length).toBe(ended?.segments);
    const completedAt = watcher.messages.findIndex((m) => m.type === 'session_status' && m.status === 'completed');
    const lastSegmentAt = watcher.messages.findLastIndex((m) => m.type === 'transcript_segment' && m.segment.final);
    expect(lastSegmentAt).toBeLessThan(completedAt);
    const candidate = finals.filter((segment) => segment.speaker === 'candidate');
    expect(candidate.map((segment) => segment.text)).toEqual(answers.map((text) => `${text}.`));
    for (const segment of candidate) expect(segment.confidence).toBeGreaterThan(0.5);
    const botText = finals.filter((segment) => segment.speaker === 'bot').map((segment) => segment.text).join(' | ');
    for (const line of ['Hi, I am Ada', 'Tell me about a system', 'What was the hardest', 'Describe a conflict', 'How did you resolve', 'How do you keep', 'Which habit', 'Thank you. That brings us to the end']) {
      expect(botText).toContain(line);
    }
    expectChronological(finals);

    // The bot's audio reached the page and was played there (measured in the page's player).
    const stats = JSON.parse(String(await page.evaluate('JSON.stringify(window.rehearsal.stats)'))) as { playedSamples: number; rms: number; peak: number };
    expect(stats.playedSamples).toBeGreaterThan(16_000 * 5);
    expect(stats.rms).toBeGreaterThan(0.02);
    const pageState = JSON.parse(String(await page.evaluate('JSON.stringify({ phase: window.rehearsal.phase, count: window.rehearsal.segments.length })'))) as { phase: string; count: number };
    expect(pageState).toEqual({ phase: 'ended', count: finals.length });
    const shown = JSON.parse(String(await page.evaluate('JSON.stringify(window.shownStates)'))) as string[];
    const changes = shown.filter((value, index) => value !== shown[index - 1]);
    expect(changes.slice(0, 3)).toEqual(['thinking', 'speaking', 'listening']);
    expect(changes).toContain('thinking');
    expect(changes.filter((value) => value === 'speaking').length).toBeGreaterThanOrEqual(5);
    expect(changes.at(-1)).toBe('hidden');
    // Nothing of a rehearsal is stored, so the page offers the transcript to keep, every line in it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toMatch(/^rehearsal-[\d-]+\.md$/);
    const kept = readFileSync(await download.path(), 'utf8');
    for (const segment of finals) {
      expect(kept).toContain(`**${segment.speaker === 'bot' ? 'Interviewer' : 'You'}** [${clockTime(segment.startTime)}]: ${segment.text}`);
    }

    // The store has the session completed and its transcript assembled from the streamed segments.
    const stored = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
    expect(stored.json.data).toMatchObject({ status: 'completed' });
    expect(stored.json.data.startedAt).not.toBeNull();
    // Completing the session triggered AI analytics on that transcript. This server has no OpenAI
    // key in its keychain, so the job stops at the key check, past the transcript check, and says so.
    const analyticsJob = await waitForValue(async () => {
      const reply = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
      return (reply.json.data.sessionMetadata as { analytics?: { status: string; error?: string } }).analytics;
    });
    expect(analyticsJob).toMatchObject({ status: 'failed', error: expect.stringMatching(/^No OpenAI API key/) });
    const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
    expect(list.json.data).toHaveLength(1);
    const transcript = await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${list.json.data[0]?.id}`);
    expect(transcript.json.data.speakerSegments.map((segment) => segment.text)).toEqual(finals.map((segment) => segment.text));

    // What the providers saw, on the wire.
    const listen = fakes.deepgram.connections[0];
    expect(listen?.query).toMatchObject({ encoding: 'linear16', sample_rate: '16000', channels: '1', interim_results: 'true', endpointing: '300', vad_events: 'true', utterance_end_ms: '1000' });
    expect(fakes.cartesia.problems).toEqual([]);
    expect(fakes.openai.problems).toEqual([]);
    const toolNames = (fakes.openai.requests[1]?.body.tools as { function: { name: string } }[]).map((tool) => tool.function.name);
    expect(toolNames).toEqual(['ask_follow_up', 'next_question', 'answer_candidate_question', 'wrap_up']);
    await watcher.close();
    await page.close();
  });
});

async function waitForValue<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectChronological(segments: LiveSegment[]): void {
  for (const segment of segments) expect(segment.endTime).toBeGreaterThanOrEqual(segment.startTime);
  for (let index = 1; index < segments.length; index++) {
    expect((segments[index] as LiveSegment).startTime).toBeGreaterThanOrEqual((segments[index - 1] as LiveSegment).startTime - 0.5);
  }
}
