import type { ToolName } from '../../../bot/llm/interview-tools.js';
import { startFakeCartesia, type FakeCartesia, type FakeCartesiaOptions } from '../../fakes/fake-cartesia.js';
import { startFakeDeepgram, type FakeDeepgram, type FakeDeepgramOptions } from '../../fakes/fake-deepgram.js';
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions, type FakeReply } from '../../fakes/fake-openai.js';

/** The three provider fakes a bot needs, and the environment that points a bot process at them. */
export interface FakeProviders {
  deepgram: FakeDeepgram;
  cartesia: FakeCartesia;
  openai: FakeOpenAi;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startFakeProviders(
  options: { deepgram?: FakeDeepgramOptions; cartesia?: FakeCartesiaOptions; openai?: FakeOpenAiOptions } = {},
): Promise<FakeProviders> {
  const [deepgram, cartesia, openai] = await Promise.all([
    startFakeDeepgram(options.deepgram),
    startFakeCartesia({ msPerChar: 20, ...options.cartesia }),
    startFakeOpenAi(options.openai),
  ]);
  return {
    deepgram,
    cartesia,
    openai,
    env: {
      DEEPGRAM_API_KEY: 'test-deepgram-key',
      DEEPGRAM_API_URL: deepgram.url,
      CARTESIA_API_KEY: 'test-cartesia-key',
      CARTESIA_API_URL: cartesia.url,
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.url,
    },
    stop: async () => {
      await Promise.all([deepgram.stop(), cartesia.stop(), openai.stop()]);
    },
  };
}

/** A streamed tool call, as the interview LLM answers. */
export function decide(name: ToolName, args: Record<string, string>): FakeReply {
  return { kind: 'tool', name, arguments: args, chunkChars: 8 };
}

/** The spoken argument of each decision, for assertions. */
export function spokenOf(reply: FakeReply): string {
  if (reply.kind !== 'tool') return '';
  const args = reply.arguments as Record<string, string>;
  return args.question ?? args.acknowledgement ?? args.answer ?? args.words ?? '';
}
