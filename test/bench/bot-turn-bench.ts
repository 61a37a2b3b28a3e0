import { readFileSync } from 'node:fs';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import { startBotProcess, type BotProcess } from '../bot/support/bot-process.js';
import { startFakeProviders, type FakeProviders } from '../bot/support/fake-providers.js';
import { FakeBridgePage } from '../fakes/fake-bridge-page.js';
import type { FakeReply } from '../fakes/fake-openai.js';
import { synthSpeech } from '../fakes/speech-audio.js';
import { summarize, type LatencySummary } from './latency-stats.js';

/**
 * Turn-taking modes side by side (issue 14): today's fixed patience (Nova + 600 ms), Nova with
 * semantic patience, and Flux, each over the 40-utterance thinking-pause set
 * (test/bot/data/thinking-pause-utterances.json) through the built bot process (local transport,
 * no server) and the page stand-in as the candidate. Each utterance: the first half, its
 * mid-thought pause (0.8-1.5 s), the second half; then the bot's reply, which the next utterance
 * talks over 300 ms in (a barge-in). The fakes answer within the issue's ranges, drawn per message:
 * STT final 150-300 ms after speech ends, LLM first token 300-400 ms, TTS first audio 100-150 ms.
 *
 * Per mode: voice-to-voice (end of the candidate's speech to the bot's first audio at the page),
 * cut-ins (the bot started speaking in the pause and the candidate went on within 1 s of it, or it
 * started while they were talking), and barge-in stop time (candidate speech start to the page
 * told to stop).
 */
export type TurnMode = 'fixed' | 'semantic' | 'flux';

export interface TurnModeResult {
  mode: TurnMode;
  label: string;
  voiceToVoice: LatencySummary;
  bargeIn: LatencySummary;
  cutIns: number;
  utterances: number;
  /** Which utterances the bot cut in on (ids from the set). */
  cutInIds: string[];
}

interface PauseUtterance {
  id: string;
  firstHalf: string;
  pauseMs: number;
  secondHalf: string;
}

export const TURN_FAKE_LATENCY = { sttFinalMs: [150, 300], llmFirstTokenMs: [300, 400], ttsFirstAudioMs: [100, 150] } as const;
const BARGE_IN_AFTER_MS = 300;
const SECONDS_PER_WORD = 0.28;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([low, high]: readonly [number, number]): (() => number) => () => low + Math.random() * (high - low);
const speechFor = (text: string): Int16Array => synthSpeech(Math.min(2.5, Math.max(0.5, text.split(/\s+/).length * SECONDS_PER_WORD)));

export const MODE_LABELS: Record<TurnMode, string> = {
  fixed: 'Nova, fixed patience 600 ms (today)',
  semantic: 'Nova, semantic patience',
  flux: 'Flux (eager end of turn)',
};

function loadSet(): PauseUtterance[] {
  const raw = readFileSync(new URL('../bot/data/thinking-pause-utterances.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { utterances: PauseUtterance[] }).utterances;
}

function config(questions: number, model: string): ConfigJsonInput {
  return {
    bot_name: 'Ada',
    system_prompt: 'You are a calm interviewer.',
    initial_message: 'Hi, I am Ada, and I will be your interviewer today. Shall we begin?',
    transcription: { model },
    interview: {
      max_duration_minutes: 60,
      questions: Array.from({ length: questions }, (_, index) => ({
        id: `q${index + 1}`,
        text: `Question ${index + 1}: tell me about a project you worked on and what you learned from it.`,
        follow_up_enabled: false,
      })),
    },
  };
}

/** A short acknowledgement, or the few words after an interruption, at a first-token time drawn from the range. */
function reply(tools: string[]): FakeReply {
  const firstTokenMs = between(TURN_FAKE_LATENCY.llmFirstTokenMs)();
  if (tools.includes('resume_after_interruption')) return { kind: 'tool', name: 'resume_after_interruption', arguments: { words: 'Okay.' }, firstTokenMs, chunkChars: 8 };
  return { kind: 'tool', name: 'next_question', arguments: { acknowledgement: 'Okay.' }, firstTokenMs, chunkChars: 8 };
}

export async function runTurnMode(mode: TurnMode, progress: (line: string) => void = () => undefined): Promise<TurnModeResult> {
  const set = loadSet();
  let fakes: FakeProviders | null = null;
  let bot: BotProcess | null = null;
  let page: FakeBridgePage | null = null;
  try {
    const sttFinal = between(TURN_FAKE_LATENCY.sttFinalMs);
    fakes = await startFakeProviders({
      deepgram: {
        // Speech ends, then the final comes 150-300 ms later: 150 ms of silence plus up to 150 ms more.
        endpointingMs: TURN_FAKE_LATENCY.sttFinalMs[0],
        finalDelayMs: () => sttFinal() - TURN_FAKE_LATENCY.sttFinalMs[0],
        fluxEagerSilenceMs: 100,
        fluxEotSilenceMs: TURN_FAKE_LATENCY.sttFinalMs[0],
        speechStartedDelayMs: 250,
      },
      cartesia: { firstAudioDelayMs: between(TURN_FAKE_LATENCY.ttsFirstAudioMs), msPerChar: 20 },
    });
    // What the STT "hears" for each burst of speech: the two halves of every utterance, in order.
    fakes.deepgram.script(...set.flatMap((item) => [item.firstHalf, item.secondHalf]));
    fakes.openai.respondWith((request) => reply((request.body.tools as { function: { name: string } }[]).map((tool) => tool.function.name)));
    const patience: Record<string, string> = mode === 'fixed' ? { BOT_TURN_PATIENCE: 'fixed', BOT_TURN_PATIENCE_MS: '600' } : { BOT_TURN_PATIENCE: 'semantic' };
    bot = startBotProcess(
      { ...fakes.env, ...patience, BOT_TRANSPORT: 'local', BOT_LOG_LEVEL: 'warn', BOT_IDLE_PROMPT_SECONDS: '60', BOT_IDLE_END_SECONDS: '120' },
      config(set.length * 2 + 5, mode === 'flux' ? 'flux-general-en' : 'nova-2'),
    );
    const ready = await bot.ready;
    page = await FakeBridgePage.connect(String(ready.url));
    const candidate = page;

    const voiceToVoice: number[] = [];
    const bargeIn: number[] = [];
    const cutInIds: string[] = [];
    await candidate.waitFor(() => candidate.bursts.length >= 1, 20_000, 'the greeting');
    for (const [index, item] of set.entries()) {
      // 300 ms into the bot's line, the candidate starts: a barge-in over it.
      await candidate.waitFor(() => candidate.bursts.length > 0, 10_000, 'bot audio');
      await sleep(BARGE_IN_AFTER_MS);
      const clears = candidate.clears.length;
      const botWasPlaying = candidate.botAudioPlaying;
      const firstSpoken = candidate.say(speechFor(item.firstHalf));
      if (botWasPlaying) {
        await candidate.waitFor(() => candidate.clears.length > clears, 10_000, `the bot to stop (${item.id})`);
        bargeIn.push((candidate.clears[clears] as number) - candidate.lastSpeechStartAt);
      }
      await firstSpoken;
      const firstEnd = candidate.lastSpeechEndAt;
      const burstsBefore = candidate.bursts.length;
      await sleep(item.pauseMs);
      const secondSpoken = candidate.say(speechFor(item.secondHalf));
      await secondSpoken;
      const secondStart = candidate.lastSpeechStartAt;
      const secondEnd = candidate.lastSpeechEndAt;
      const cutIn = candidate.bursts
        .slice(burstsBefore)
        .some((burst) => burst.startedAt > firstEnd && burst.startedAt < secondEnd && (burst.startedAt > secondStart || secondStart - burst.startedAt <= 1000));
      if (cutIn) cutInIds.push(item.id);
      await candidate.waitFor(() => candidate.bursts.some((burst) => burst.startedAt > secondEnd), 10_000, `the bot's reply (${item.id})`);
      const replied = candidate.bursts.find((burst) => burst.startedAt > secondEnd);
      // Every burst of speech is one STT result, so the scripted words stay with their utterance.
      const heard = (fakes as FakeProviders).deepgram.utterances.length;
      if (heard !== 2 * (index + 1)) throw new Error(`after ${item.id} the STT has ${heard} utterances, not ${2 * (index + 1)}: the script is out of step`);
      voiceToVoice.push((replied?.startedAt as number) - secondEnd);
      if ((index + 1) % 10 === 0) progress(`${mode}: ${index + 1}/${set.length} utterances`);
    }
    return {
      mode,
      label: MODE_LABELS[mode],
      voiceToVoice: summarize(voiceToVoice),
      bargeIn: summarize(bargeIn),
      cutIns: cutInIds.length,
      utterances: set.length,
      cutInIds,
    };
  } finally {
    await page?.close();
    await bot?.stop('SIGTERM');
    await fakes?.stop();
  }
}

export function turnModesTable(results: readonly TurnModeResult[]): string {
  const round = (value: number): string => String(Math.round(value));
  const header = `${'mode'.padEnd(40)} ${'v2v p50'.padStart(8)} ${'v2v p95'.padStart(8)} ${'v2v max'.padStart(8)} ${'cut-ins'.padStart(8)} ${'barge-in p95'.padStart(13)}`;
  const lines = results.map(
    (result) =>
      `${result.label.padEnd(40)} ${`${round(result.voiceToVoice.p50)} ms`.padStart(8)} ${`${round(result.voiceToVoice.p95)} ms`.padStart(8)} ${`${round(result.voiceToVoice.max)} ms`.padStart(8)} ${`${result.cutIns}/${result.utterances}`.padStart(8)} ${`${round(result.bargeIn.p95)} ms`.padStart(13)}`,
  );
  const fakes = `fakes: STT final ${TURN_FAKE_LATENCY.sttFinalMs.join('-')} ms, LLM first token ${TURN_FAKE_LATENCY.llmFirstTokenMs.join('-')} ms, TTS first audio ${TURN_FAKE_LATENCY.ttsFirstAudioMs.join('-')} ms`;
  return [`Turn-taking on the 40-utterance thinking-pause set (${fakes})`, header, ...lines].join('\n');
}

/** Run alone after `npm run build:bot`: `node --import tsx test/bench/bot-turn-bench.ts [fixed|semantic|flux ...]`. */
if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const modes = process.argv.slice(2).filter((arg): arg is TurnMode => arg === 'fixed' || arg === 'semantic' || arg === 'flux');
  const run = async (): Promise<void> => {
    const results: TurnModeResult[] = [];
    for (const mode of modes.length > 0 ? modes : (['fixed', 'semantic', 'flux'] as const)) {
      const result = await runTurnMode(mode, (line) => void process.stderr.write(`bench: ${line}\n`));
      if (result.cutInIds.length > 0) process.stderr.write(`bench: ${mode} cut in on ${result.cutInIds.join(', ')}\n`);
      results.push(result);
    }
    process.stdout.write(`${turnModesTable(results)}\n`);
  };
  run().catch((error: unknown) => {
    process.stderr.write(`turn bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
