import { afterEach, describe, expect, it } from 'vitest';
import { configJson, type ConfigJsonInput } from '../../contracts/config-json.js';
import { voiceIdIn } from '../../contracts/interview-language.js';
import { seedExampleConfigJson } from '../support/seed-example-config.js';
import { decide } from './support/fake-providers.js';
import { startInProcessInterview, type InProcessInterview } from './support/in-process-interview.js';

/**
 * Issue 14, section 2: a Cartesia voice per interview language. The config's voice block may name a
 * voice per language tag; the bot speaks with the one for the interview's language (exact tag, then
 * primary subtag), else with the config's default voice.
 */
const DEFAULT_VOICE = 'a0e99841-438c-4a64-b679-ae501e7d6091';
const SPANISH_VOICE = '5c5ad5e7-1020-476b-8b91-fdcbe9cc313c';
const MEXICAN_VOICE = '15d0c2e2-8d29-44c3-be23-d585d5f154a1';
const JAPANESE_VOICE = '2b568345-1d48-4047-b25f-7baccf842eb0';

const voices = { es: SPANISH_VOICE, 'es-MX': MEXICAN_VOICE, ja: JAPANESE_VOICE };

describe('the voice block: a voice per language (contract)', () => {
  it('round-trips: parsed, stored as JSON and parsed again, the map is unchanged', () => {
    const input: ConfigJsonInput = { bot_name: 'Ada', system_prompt: 'Be calm.', voice: { voice_id: DEFAULT_VOICE, voice_ids_by_language: voices } };
    const parsed = configJson.parse(input);
    expect(parsed.voice).toEqual({ provider: 'cartesia', voice_id: DEFAULT_VOICE, voice_ids_by_language: voices, speed: 1 });
    expect(configJson.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('keeps every config without it valid, the seed example included, and adds nothing to them', () => {
    const plain = configJson.parse({ bot_name: 'Ada', system_prompt: 'Be calm.' });
    expect(plain.voice).toEqual({ provider: 'cartesia', voice_id: DEFAULT_VOICE, speed: 1 });
    const seed = configJson.safeParse(seedExampleConfigJson);
    expect(seed.success, JSON.stringify(seed.error?.issues)).toBe(true);
    expect(seed.data?.voice.voice_ids_by_language).toBeUndefined();
  });

  it('refuses a key that is not a language tag and an empty voice id, naming where', () => {
    const badTag = configJson.safeParse({ bot_name: 'Ada', system_prompt: 'Be calm.', voice: { voice_ids_by_language: { Spanish: SPANISH_VOICE } } });
    expect(badTag.success).toBe(false);
    expect(badTag.error?.issues[0]).toMatchObject({ path: ['voice', 'voice_ids_by_language', 'Spanish'], message: 'keys must be language tags such as es or ja-JP' });
    const blank = configJson.safeParse({ bot_name: 'Ada', system_prompt: 'Be calm.', voice: { voice_ids_by_language: { es: '  ' } } });
    expect(blank.success).toBe(false);
    expect(blank.error?.issues[0]?.path).toEqual(['voice', 'voice_ids_by_language', 'es']);
  });

  it('picks the exact tag, then the primary subtag, then the default voice', () => {
    const voice = configJson.parse({ bot_name: 'Ada', system_prompt: 'Be calm.', voice: { voice_ids_by_language: voices } }).voice;
    expect(voiceIdIn(voice, 'es-MX')).toBe(MEXICAN_VOICE);
    expect(voiceIdIn(voice, 'ES-mx')).toBe(MEXICAN_VOICE);
    expect(voiceIdIn(voice, 'es-ES')).toBe(SPANISH_VOICE);
    expect(voiceIdIn(voice, 'ja-JP')).toBe(JAPANESE_VOICE);
    expect(voiceIdIn(voice, 'de-DE')).toBe(DEFAULT_VOICE);
    expect(voiceIdIn(voice, 'en-US')).toBe(DEFAULT_VOICE);
  });
});

describe('the bot speaks with the interview language\'s voice', () => {
  let interview: InProcessInterview | null = null;
  afterEach(async () => {
    await interview?.stop();
    interview = null;
  });

  const spanish = (voiceIds: Record<string, string> | undefined): ConfigJsonInput => ({
    bot_name: 'Ada',
    system_prompt: 'Eres una entrevistadora técnica tranquila.',
    initial_message: 'Hola, soy Ada. ¿Empezamos?',
    voice: { voice_id: DEFAULT_VOICE, ...(voiceIds ? { voice_ids_by_language: voiceIds } : {}) },
    transcription: { language: 'es-ES', model: 'nova-2' },
    interview: { questions: [{ id: 'q1', text: 'Háblame de un sistema que hayas construido.', follow_up_enabled: false }] },
  });

  /** The voice ids of every TTS request the Cartesia fake received while the bot greeted and asked. */
  async function voicesUsed(config: ConfigJsonInput): Promise<string[]> {
    interview = await startInProcessInterview({ config, answers: ['Sí, claro.'], llm: [decide('next_question', { acknowledgement: 'Perfecto.' })] });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    const ids = interview.fakes.cartesia.requests.map((request) => (request.voice as { id?: unknown } | undefined)?.id);
    return [...new Set(ids.map(String))];
  }

  it('a Spanish interview: every TTS request carries the Spanish voice', async () => {
    expect(await voicesUsed(spanish(voices))).toEqual([SPANISH_VOICE]);
  });

  it('a Spanish interview with no voice for Spanish: the default voice', async () => {
    expect(await voicesUsed(spanish({ ja: JAPANESE_VOICE }))).toEqual([DEFAULT_VOICE]);
  });
});
