import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { scriptedLines } from '../../bot/flow/scripted-lines.js';
import { startBotProcess, type BotProcess } from '../bot/support/bot-process.js';
import { decide, startFakeProviders, type FakeProviders } from '../bot/support/fake-providers.js';
import { launchTestChromium } from '../support/chromium.js';
import { espeakPcm, writeTimelineWav } from '../fakes/speech-audio.js';

/**
 * A rehearsal (no session, no server, no Daily room) in real Chromium where the candidate talks
 * over the bot's long greeting: the page's player stops, the TTS context is cancelled, and the
 * transcript (shown on the page at the end) has only the words that were played.
 */
const MS_PER_CHAR = 30;
const greeting =
  'Hello and welcome. Before we start, let me explain how this interview works: I will ask you a few questions about your experience, and you can take your time to answer each one in your own words.';

const config: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You are a calm interviewer.',
  initial_message: greeting,
  interview: { questions: [{ id: 'q1', text: 'Tell me about a system you designed.' }] },
};

let fakes: FakeProviders;
let browser: Browser;
let bot: BotProcess | null = null;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'bot-barge-in-'));
  const interruption = espeakPcm('Sorry I have to stop now', workDir, 48_000, 'interruption');
  const wav = join(workDir, 'candidate.wav');
  // The greeting lasts about 6 s; the candidate cuts in 2.5 s after the page opens.
  writeTimelineWav(wav, [{ atSeconds: 2.5, samples: interruption }], 40, 48_000);
  [fakes, browser] = await Promise.all([
    startFakeProviders({ deepgram: { answers: ['Sorry, I have to stop now.'] }, cartesia: { msPerChar: MS_PER_CHAR, pace: 1.5 } }),
    launchTestChromium(wav),
  ]);
  fakes.openai.script(decide('wrap_up', { reason: 'candidate_requested_end', acknowledgement: 'Of course.' }));
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await browser?.close();
  await fakes?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('barge-in in a rehearsal', () => {
  it('stops the bot when the candidate talks over it and records only what was played', async () => {
    bot = startBotProcess({ ...fakes.env, BOT_TRANSPORT: 'local', BOT_TURN_PATIENCE_MS: '300' }, config);
    const ready = await bot.ready;
    const page = await browser.newPage();
    await page.goto(String(ready.url));
    await page.click('#start');
    expect(await bot.exited, bot.stderr().slice(-3000)).toBe(0);
    expect(bot.events.find((event) => event.event === 'ended')).toMatchObject({ reason: 'candidate asked to end', status: 'completed' });

    // The page got the transcript at the end (a rehearsal has no session to store it).
    await page.waitForFunction('window.rehearsal.phase === "ended"');
    const shown = JSON.parse(String(await page.evaluate('JSON.stringify(window.rehearsal)'))) as {
      segments: LiveSegment[];
      stats: { playedSamples: number };
    };
    expect(shown.segments.map((segment) => segment.speaker)).toEqual(['bot', 'candidate', 'bot']);
    const [heard, candidate, closing] = shown.segments as [LiveSegment, LiveSegment, LiveSegment];
    expect(candidate.text).toBe('Sorry, I have to stop now.');
    expect(closing.text).toBe(`Of course. ${scriptedLines.closing}`);
    expect(await page.textContent('#transcript')).toContain('Sorry, I have to stop now.');

    // Only the played part of the greeting is on record, and it is a true prefix of it.
    expect(heard.text.length).toBeGreaterThan(0);
    expect(greeting.startsWith(heard.text)).toBe(true);
    const greetingWords = greeting.split(' ').length;
    expect(heard.text.split(' ').length).toBeLessThan(greetingWords - 10);

    // The greeting's TTS context was cancelled mid-generation (the fake speaks at 1.5x real time);
    // the page played far less than was synthesised.
    const [greetingContext, closingContext] = [...fakes.cartesia.contexts.values()];
    expect(greetingContext?.cancelled).toBe(true);
    expect(closingContext?.done).toBe(true);
    // In the fake, a word of n letters lasts (n + 1) * MS_PER_CHAR.
    const fullGreetingSeconds = greeting.split(' ').reduce((total, word) => total + ((word.length + 1) * MS_PER_CHAR) / 1000, 0);
    const closingSeconds = (closingContext?.samplesSent ?? 0) / 16_000;
    const playedSeconds = shown.stats.playedSamples / 16_000;
    expect(playedSeconds).toBeLessThan(fullGreetingSeconds + closingSeconds - 2);
    // The recorded greeting lasted as long as it played (within the page's 50 ms reporting).
    expect(heard.endTime - heard.startTime).toBeCloseTo(playedSeconds - (closing.endTime - closing.startTime), 0);
    await page.close();
  });
});
