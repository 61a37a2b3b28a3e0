import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import { interviewQuestion, type ConfigJsonInput } from '../../contracts/config-json.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { questionTextIn } from '../../bot/flow/localized-questions.js';
import { scriptedLinesFor } from '../../bot/flow/scripted-lines.js';
import { LiveReporter } from '../../bot/live/live-reporter.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { myOrgId } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { decide } from './support/fake-providers.js';
import { startInProcessInterview, type InProcessInterview } from './support/in-process-interview.js';
import { readySessionForBot } from './support/live-session.js';

/**
 * Issue 14, section 2: an interview in the candidate's language. The config's language drives the
 * STT language, the TTS language, the LLM's instructions and the bot's own lines; the words
 * (Japanese included) reach the stored transcript as they were said, through the real bot
 * pipeline, the provider fakes and the real server.
 */
interface Case {
  language: string;
  name: string;
  config: ConfigJsonInput;
  answers: string[];
  acknowledgements: [string, string];
  /** The question as the candidate must hear it. */
  question: string;
}

const cases: Case[] = [
  {
    language: 'es-ES',
    name: 'Spanish',
    config: {
      bot_name: 'Ada',
      system_prompt: 'Eres una entrevistadora técnica tranquila.',
      initial_message: 'Hola, soy Ada. ¿Empezamos?',
      transcription: { language: 'es-ES', model: 'nova-2' },
      // Written in English with a Spanish version: the interview's language picks the Spanish.
      interview: {
        questions: [
          {
            id: 'q1',
            text: 'Tell me about a system you built.',
            translations: { es: 'Háblame de un sistema que hayas construido.', ja: 'これまでに構築したシステムについて教えてください。' },
            follow_up_enabled: false,
          },
        ],
      },
    },
    question: 'Háblame de un sistema que hayas construido.',
    answers: ['Sí, claro.', 'Construí una cola de facturación que procesaba dos millones de pedidos al mes.'],
    acknowledgements: ['Perfecto.', 'Muchas gracias.'],
  },
  {
    language: 'ja-JP',
    name: 'Japanese',
    config: {
      bot_name: 'Ada',
      system_prompt: 'あなたは落ち着いた技術面接官です。',
      initial_message: 'こんにちは、面接官のエイダです。始めてもよろしいですか？',
      transcription: { language: 'ja-JP', model: 'nova-2' },
      interview: { questions: [{ id: 'q1', text: 'これまでに構築したシステムについて教えてください。', follow_up_enabled: false }] },
    },
    question: 'これまでに構築したシステムについて教えてください。',
    answers: ['はい、お願いします。', '請求処理のキューを構築し、月に二百万件の注文を処理しました。'],
    acknowledgements: ['ありがとうございます。', '詳しく教えていただき、ありがとうございました。'],
  },
];

describe('interviews in the candidate language', () => {
  let server: ServerProcess;
  let interview: InProcessInterview | null = null;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterEach(async () => {
    await interview?.stop();
    interview = null;
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it.each(cases)('$name: no English in the bot, the providers told the language, the words stored as said', async (item) => {
    const orgId = await myOrgId(server);
    const { session, botEnv } = await readySessionForBot(server, orgId);
    const reporter = new LiveReporter({ url: botEnv.WEBSOCKET_URL as string, token: botEnv.BOT_TOKEN as string, logger: silentLogger });
    interview = await startInProcessInterview({
      config: item.config,
      answers: item.answers,
      llm: [decide('next_question', { acknowledgement: item.acknowledgements[0] }), decide('wrap_up', { acknowledgement: item.acknowledgements[1], reason: 'all_questions_done' })],
      reporter,
      env: { BOT_TURN_PATIENCE: 'semantic' },
    });
    await interview.botTurnsDone(1);
    await interview.answer();
    await interview.botTurnsDone(2);
    await interview.answer(1.5);
    const outcome = await interview.outcome;
    const lines = scriptedLinesFor(item.language);
    const question = item.question;

    expect(outcome.reason).toBe('interview complete');
    const said = outcome.segments.map((segment) => `${segment.speaker}:${segment.text}`);
    expect(said).toEqual([
      `bot:${item.config.initial_message}`,
      `candidate:${item.answers[0]}`,
      `bot:${item.acknowledgements[0]} ${question}`,
      `candidate:${item.answers[1]}`,
      `bot:${item.acknowledgements[1]} ${lines.closing}`,
    ]);
    // The bot's own closing is in the interview's language, not English.
    expect(lines.closing).not.toBe(scriptedLinesFor('en').closing);
    // Each provider was told the language: the STT's query, the TTS's requests, the LLM's instructions.
    expect(interview.fakes.deepgram.connections[0]?.query.language).toBe(item.language);
    const ttsLanguages = new Set(interview.fakes.cartesia.requests.map((request) => request.language).filter((value) => value !== undefined));
    expect([...ttsLanguages]).toEqual([item.language.slice(0, 2)]);
    const system = (interview.fakes.openai.requests[0]?.body.messages as { role: string; content: string }[])[0]?.content ?? '';
    expect(system).toContain(`The interview is held in ${item.name} (${item.language}). Speak only ${item.name}`);
    expect(system).not.toContain('Tell me about a system you built.');

    // The stored transcript holds the same words, non-Latin text included.
    const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
    const transcript = await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${list.json.data[0]?.id}`);
    expect(transcript.json.data.speakerSegments.map((segment) => `${segment.speaker}:${segment.text}`)).toEqual(said);
  });
});

describe('questions written per language', () => {
  const question = { id: 'q1', text: 'Tell me about a system you built.', type: 'open' as const, follow_up_enabled: true, max_follow_ups: 2, translations: { es: 'Háblame de un sistema.', 'es-MX': 'Platícame de un sistema.' } };

  it('asks the exact language first, then its primary subtag, then the question as written', () => {
    expect(questionTextIn(question, 'es-MX')).toBe('Platícame de un sistema.');
    expect(questionTextIn(question, 'es-ES')).toBe('Háblame de un sistema.');
    expect(questionTextIn(question, 'ja-JP')).toBe('Tell me about a system you built.');
    expect(questionTextIn({ ...question, translations: undefined }, 'es-ES')).toBe('Tell me about a system you built.');
  });

  it('refuses a translation under something that is not a language tag', () => {
    expect(interviewQuestion.safeParse({ ...question, translations: { Spanish: 'Hola' } }).success).toBe(false);
    expect(interviewQuestion.parse({ id: 'q1', text: 'Hi?', translations: { 'ja-JP': 'こんにちは？' } }).translations).toEqual({ 'ja-JP': 'こんにちは？' });
  });
});
