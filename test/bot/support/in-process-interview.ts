import { configJson, type ConfigJsonInput } from '../../../contracts/config-json.js';
import type { LiveSegment } from '../../../contracts/transcript.js';
import { readBotSettings } from '../../../bot/config/bot-settings.js';
import { InterviewBot, type InterviewOutcome } from '../../../bot/interview-bot.js';
import type { LiveReporter } from '../../../bot/live/live-reporter.js';
import { createLogger, silentLogger } from '../../../bot/runtime/logger.js';
import { LocalTransport } from '../../../bot/transports/local-transport.js';
import { FakeBridgePage } from '../../fakes/fake-bridge-page.js';
import type { FakeCartesiaOptions } from '../../fakes/fake-cartesia.js';
import type { FakeDeepgramOptions } from '../../fakes/fake-deepgram.js';
import type { FakeReply } from '../../fakes/fake-openai.js';
import { synthSpeech } from '../../fakes/speech-audio.js';
import { startFakeProviders, type FakeProviders } from './fake-providers.js';

/** Two questions, the first with one follow-up allowed: enough flow for every scenario. */
export const twoQuestions: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You are a calm technical interviewer.',
  initial_message: 'Hi, I am Ada. Ready?',
  interview: {
    questions: [
      { id: 'q1', text: 'Tell me about a system you built.', max_follow_ups: 1 },
      { id: 'q2', text: 'Describe a conflict in your team.', follow_up_enabled: false },
    ],
  },
};

/**
 * One interview in the test process: the real bot pipeline on its local transport, the provider
 * fakes, and the Node stand-in for the page as the candidate, who can answer when the bot is done.
 */
export interface InProcessInterview {
  fakes: FakeProviders;
  page: FakeBridgePage;
  outcome: Promise<InterviewOutcome>;
  /** Bot segments as the page has them (the outcome's list is complete once the interview ends). */
  botSegments(): LiveSegment[];
  /** Waits until the bot has finished `turns` turns (audio bursts played out) and is quiet. */
  botTurnsDone(turns: number, timeoutMs?: number): Promise<void>;
  /** The candidate speaks (a speech-like tone of that length); resolves when it has been sent. */
  answer(seconds?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface InProcessOptions {
  config: ConfigJsonInput;
  answers?: string[];
  llm?: FakeReply[];
  env?: Record<string, string>;
  timeLimitMs?: number;
  deepgram?: FakeDeepgramOptions;
  cartesia?: FakeCartesiaOptions;
  /** Reports to a real server's live socket; without it the bot runs as in a rehearsal. */
  reporter?: LiveReporter;
}

export async function startInProcessInterview(options: InProcessOptions): Promise<InProcessInterview> {
  const fakes = await startFakeProviders({ deepgram: { answers: options.answers ?? [], ...options.deepgram }, cartesia: options.cartesia });
  fakes.openai.script(...(options.llm ?? []));
  const settings = readBotSettings({
    ...fakes.env,
    BOT_CONFIG: JSON.stringify(configJson.parse(options.config)),
    BOT_TRANSPORT: 'local',
    BOT_TURN_PATIENCE_MS: '300',
    ...options.env,
  });
  const logger = process.env.BOT_TEST_LOGS ? createLogger('debug') : silentLogger;
  const transport = new LocalTransport({ logger });
  let ready!: () => void;
  const transportReady = new Promise<void>((resolve) => (ready = resolve));
  const bot = new InterviewBot({ settings, transport, reporter: options.reporter ?? null, logger, timeLimitMs: options.timeLimitMs, onTransportReady: () => ready() });
  const outcome = bot.run();
  await transportReady;
  const page = await FakeBridgePage.connect(transport.pageUrl);
  return {
    fakes,
    page,
    outcome,
    botTurnsDone: (turns, timeoutMs = 20_000) =>
      page.waitFor(() => page.bursts.length >= turns && page.bursts[turns - 1]?.stoppedAt !== null && !page.botAudioPlaying, timeoutMs, `bot turn ${turns} to end`),
    answer: (seconds = 0.8) => page.say(synthSpeech(seconds)),
    botSegments: () => page.segments.filter((segment) => segment.speaker === 'bot' && segment.final),
    stop: async () => {
      bot.stop();
      await outcome.catch(() => undefined);
      await page.close();
      await fakes.stop();
    },
  };
}
