import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import { startBotProcess, type BotProcess } from '../bot/support/bot-process.js';
import { startFakeProviders, type FakeProviders } from '../bot/support/fake-providers.js';
import { readySessionForBot } from '../bot/support/live-session.js';
import { FakeBridgePage } from '../fakes/fake-bridge-page.js';
import { synthSpeech } from '../fakes/speech-audio.js';
import { myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { runTurnMode, turnModesTable, TURN_FAKE_LATENCY, type TurnMode, type TurnModeResult } from './bot-turn-bench.js';
import { summarize } from './latency-stats.js';

/**
 * The bot's part of `npm run bench`. One live session: the built bot process (local transport,
 * reporting to the real server), the provider fakes at fixed latencies (STT final 150 ms after
 * speech ends, LLM first token 300 ms, TTS first audio 150 ms) and the page stand-in as the
 * candidate. Every turn the candidate answers, the bot replies, and 300 ms into the reply the
 * candidate talks over it, which is the next answer. Per turn: voice-to-voice (candidate speech end
 * to the first bot audio at the page), the pipeline's own overhead (that minus the fakes' 600 ms)
 * and barge-in stop time (candidate speech start to the page told to stop). The bot process's CPU
 * and RSS come from /proc over the measured turns.
 *
 * Then the turn-taking modes side by side (bot-turn-bench.ts): today's fixed patience, Nova with
 * semantic patience and Flux, on the 40-utterance thinking-pause set, with issue 14's targets.
 *
 * Wire it into `npm run bench` by calling runBotBench() and printing botBenchTable(rows).
 */
export interface BotBenchRow {
  metric: string;
  value: number;
  unit: 'ms' | '%' | 'MB' | 'count';
  /** Upper bound, or null for figures reported without a target. */
  target: number | null;
  pass: boolean | null;
  detail: string;
}

export interface BotBenchOptions {
  turns?: number;
  /** The bot's turn patience; the default bot waits 600 ms, more than these fakes take to answer. */
  patienceMs?: number;
  /** Turn-taking modes to compare on the thinking-pause set ([] skips them). */
  modes?: TurnMode[];
  progress?: (line: string) => void;
}

export const BOT_TARGETS = { overheadP95Ms: 30, bargeInP95Ms: 150, cpuPercent: 15, rssMb: 150, voiceToVoiceP50Ms: 800, voiceToVoiceP95Ms: 1100, cutIns: 0 } as const;

/** Issue 14's targets hold for the new modes; today's fixed patience is printed beside them for comparison. */
function turnModeRows(result: TurnModeResult): BotBenchRow[] {
  const targeted = result.mode !== 'fixed';
  const round = (value: number): number => Math.round(value * 10) / 10;
  const v2v = result.voiceToVoice;
  const check = (value: number, target: number): { target: number | null; pass: boolean | null } =>
    targeted ? { target, pass: value <= target } : { target: null, pass: null };
  const fakes = `STT final ${TURN_FAKE_LATENCY.sttFinalMs.join('-')} ms, LLM ${TURN_FAKE_LATENCY.llmFirstTokenMs.join('-')} ms, TTS ${TURN_FAKE_LATENCY.ttsFirstAudioMs.join('-')} ms`;
  return [
    { metric: `${result.label}: voice-to-voice p50`, value: round(v2v.p50), unit: 'ms', ...check(v2v.p50, BOT_TARGETS.voiceToVoiceP50Ms), detail: `${v2v.count} turns; ${fakes}` },
    { metric: `${result.label}: voice-to-voice p95`, value: round(v2v.p95), unit: 'ms', ...check(v2v.p95, BOT_TARGETS.voiceToVoiceP95Ms), detail: `max ${round(v2v.max)} ms` },
    {
      metric: `${result.label}: cut-ins`,
      value: result.cutIns,
      unit: 'count',
      ...check(result.cutIns, BOT_TARGETS.cutIns),
      detail: result.cutInIds.length > 0 ? `of ${result.utterances}: ${result.cutInIds.join(', ')}` : `of ${result.utterances} thinking pauses (0.8-1.5 s)`,
    },
    {
      metric: `${result.label}: barge-in stop p95`,
      value: round(result.bargeIn.p95),
      unit: 'ms',
      target: BOT_TARGETS.bargeInP95Ms,
      pass: result.bargeIn.p95 <= BOT_TARGETS.bargeInP95Ms,
      detail: `${result.bargeIn.count} interruptions, max ${round(result.bargeIn.max)} ms`,
    },
  ];
}
export const FAKE_LATENCY = { sttFinalMs: 150, llmFirstTokenMs: 300, ttsFirstAudioMs: 150 } as const;
const FAKES_TOTAL_MS = FAKE_LATENCY.sttFinalMs + FAKE_LATENCY.llmFirstTokenMs + FAKE_LATENCY.ttsFirstAudioMs;
const SPEECH_STARTED_DELAY_MS = 250;
const ANSWER_SECONDS = 0.6;
const BARGE_IN_AFTER_MS = 300;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function benchConfig(turns: number): ConfigJsonInput {
  return {
    bot_name: 'Ada',
    system_prompt: 'You are a calm interviewer.',
    initial_message: 'Hi, I am Ada, and I will be your interviewer today. Shall we begin?',
    interview: {
      max_duration_minutes: 60,
      questions: Array.from({ length: turns + 5 }, (_, index) => ({
        id: `q${index + 1}`,
        text: `Question ${index + 1}: tell me more about a project you worked on and what you learned from it.`,
        follow_up_enabled: false,
      })),
    },
  };
}

interface ProcSample {
  cpuTicks: number;
  rssKb: number;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function readProc(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuTicks, rssKb: Number(rss?.[1] ?? 0) };
}

export async function runBotBench(options: BotBenchOptions = {}): Promise<BotBenchRow[]> {
  const turns = options.turns ?? 50;
  const progress = options.progress ?? (() => undefined);
  let server: ServerProcess | null = null;
  let fakes: FakeProviders | null = null;
  let bot: BotProcess | null = null;
  let page: FakeBridgePage | null = null;
  try {
    [server, fakes] = await Promise.all([
      startServerProcess(),
      startFakeProviders({
        // Deepgram's own VAD event is not instant; with it delayed, barge-in rests on the bot's own detector.
        deepgram: { endpointingMs: FAKE_LATENCY.sttFinalMs, speechStartedDelayMs: SPEECH_STARTED_DELAY_MS },
        cartesia: { firstAudioDelayMs: FAKE_LATENCY.ttsFirstAudioMs, msPerChar: 20 },
        openai: { timing: { firstTokenMs: FAKE_LATENCY.llmFirstTokenMs } },
      }),
    ]);
    fakes.openai.respondWith(() => ({ kind: 'tool', name: 'next_question', arguments: { acknowledgement: 'Okay.' } }));
    const { botEnv } = await readySessionForBot(server, await myOrgId(server));
    bot = startBotProcess(
      {
        ...fakes.env,
        ...botEnv,
        BOT_TRANSPORT: 'local',
        BOT_LOG_LEVEL: 'warn',
        BOT_TURN_PATIENCE_MS: String(options.patienceMs ?? 400),
        BOT_STT_ENDPOINTING_MS: String(FAKE_LATENCY.sttFinalMs),
      },
      benchConfig(turns),
    );
    const ready = await bot.ready;
    const pid = bot.child.pid as number;
    page = await FakeBridgePage.connect(String(ready.url));
    const candidate = page;

    const voiceToVoice: number[] = [];
    const bargeIn: number[] = [];
    const rssKb: number[] = [];
    let measuredFrom: { at: number; proc: ProcSample } | null = null;
    // The greeting is turn 0: it warms the sockets up and is interrupted like every other turn.
    await candidate.waitFor(() => candidate.bursts.length >= 1, 20_000, 'the greeting');
    for (let turn = 0; turn <= turns; turn++) {
      const burst = candidate.bursts.length - 1;
      await sleep(BARGE_IN_AFTER_MS);
      if (turn === 1) measuredFrom = { at: performance.now(), proc: readProc(pid) };
      const clears = candidate.clears.length;
      const spoken = candidate.say(synthSpeech(ANSWER_SECONDS));
      await candidate.waitFor(() => candidate.clears.length > clears, 10_000, `the bot to stop (turn ${turn})`);
      if (turn >= 1) bargeIn.push((candidate.clears[clears] as number) - candidate.lastSpeechStartAt);
      if (candidate.bursts[burst]?.cleared !== true) throw new Error(`turn ${turn}: the bot's audio was not cut`);
      await spoken;
      const speechEnd = candidate.lastSpeechEndAt;
      if (turn === turns) break;
      await candidate.waitFor(() => candidate.bursts.length > burst + 1, 10_000, `the bot's reply (turn ${turn + 1})`);
      voiceToVoice.push((candidate.bursts[burst + 1]?.startedAt as number) - speechEnd);
      rssKb.push(readProc(pid).rssKb);
      if ((turn + 1) % 10 === 0) progress(`bot: ${turn + 1}/${turns} turns`);
    }
    const measuredTo = { at: performance.now(), proc: readProc(pid) };
    // The session's processes go before the modes run, each with its own bot.
    await page.close();
    page = null;
    await bot.stop('SIGTERM');
    bot = null;
    const modeRows: BotBenchRow[] = [];
    const results: TurnModeResult[] = [];
    for (const mode of options.modes ?? (['fixed', 'semantic', 'flux'] as const)) {
      progress(`bot: turn-taking ${mode} on the thinking-pause set`);
      const result = await runTurnMode(mode, progress);
      results.push(result);
      modeRows.push(...turnModeRows(result));
    }
    if (results.length > 0) progress(`\n${turnModesTable(results)}`);
    if (!measuredFrom) throw new Error('no turn was measured');
    const cpuSeconds = (measuredTo.proc.cpuTicks - measuredFrom.proc.cpuTicks) / CLOCK_TICKS;
    const cpuPercent = (cpuSeconds / ((measuredTo.at - measuredFrom.at) / 1000)) * 100;

    const v2v = summarize(voiceToVoice);
    const overhead = summarize(voiceToVoice.map((ms) => ms - FAKES_TOTAL_MS));
    const barge = summarize(bargeIn);
    const peakRssMb = Math.max(...rssKb) / 1024;
    const round = (value: number): number => Math.round(value * 10) / 10;
    const fixed = `fakes: STT final ${FAKE_LATENCY.sttFinalMs} ms, LLM first token ${FAKE_LATENCY.llmFirstTokenMs} ms, TTS first audio ${FAKE_LATENCY.ttsFirstAudioMs} ms; patience ${options.patienceMs ?? 400} ms`;
    return [
      { metric: `voice-to-voice p50 (${v2v.count} turns)`, value: round(v2v.p50), unit: 'ms', target: null, pass: null, detail: fixed },
      { metric: 'voice-to-voice p95', value: round(v2v.p95), unit: 'ms', target: null, pass: null, detail: `max ${round(v2v.max)} ms` },
      { metric: 'pipeline overhead p50 (voice-to-voice minus fakes)', value: round(overhead.p50), unit: 'ms', target: null, pass: null, detail: `minus ${FAKES_TOTAL_MS} ms` },
      { metric: 'pipeline overhead p95', value: round(overhead.p95), unit: 'ms', target: BOT_TARGETS.overheadP95Ms, pass: overhead.p95 <= BOT_TARGETS.overheadP95Ms, detail: `max ${round(overhead.max)} ms` },
      {
        metric: `barge-in stop p50 (${barge.count} interruptions)`,
        value: round(barge.p50),
        unit: 'ms',
        target: null,
        pass: null,
        detail: `candidate speech start to the page told to stop; the STT's SpeechStarted held back ${SPEECH_STARTED_DELAY_MS} ms`,
      },
      { metric: 'barge-in stop p95', value: round(barge.p95), unit: 'ms', target: BOT_TARGETS.bargeInP95Ms, pass: barge.p95 <= BOT_TARGETS.bargeInP95Ms, detail: `max ${round(barge.max)} ms` },
      { metric: 'bot process CPU (one live session)', value: round(cpuPercent), unit: '%', target: BOT_TARGETS.cpuPercent, pass: cpuPercent <= BOT_TARGETS.cpuPercent, detail: `${round(cpuSeconds)} s CPU over ${round((measuredTo.at - measuredFrom.at) / 1000)} s, % of one core` },
      { metric: 'bot process RSS peak (one live session)', value: round(peakRssMb), unit: 'MB', target: BOT_TARGETS.rssMb, pass: peakRssMb <= BOT_TARGETS.rssMb, detail: `last ${round((rssKb.at(-1) ?? 0) / 1024)} MB; without its browser (local transport)` },
      ...modeRows,
    ];
  } finally {
    await page?.close();
    await bot?.stop('SIGTERM');
    await fakes?.stop();
    if (server) {
      await server.stop();
      removeDataDir(server.dataDir);
    }
  }
}

export function botBenchTable(rows: readonly BotBenchRow[]): string {
  const lines = rows.map((row) => {
    const verdict = row.pass === null ? '    ' : row.pass ? 'PASS' : 'MISS';
    const unit = row.unit === 'count' ? '' : ` ${row.unit}`;
    const target = row.target === null ? '' : `(target ≤ ${row.target}${unit})`;
    return `${verdict}  ${row.metric.padEnd(54)} ${`${row.value}${unit}`.padStart(10)}  ${target.padEnd(20)} ${row.detail}`;
  });
  return ['Interview bot (one live session)', ...lines].join('\n');
}

/** Run alone after `npm run build`: `node --import tsx test/bench/bot-bench.ts`. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runBotBench({ progress: (line) => void process.stderr.write(`bench: ${line}\n`) }).then(
    (rows) => void process.stdout.write(`${botBenchTable(rows)}\n`),
    (error: unknown) => {
      process.stderr.write(`bot bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
