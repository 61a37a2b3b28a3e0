import { describe, expect, it } from 'vitest';
import { configJson } from '../../contracts/config-json.js';
import { languageName } from '../../contracts/interview-language.js';
import { analysisMessages } from '../../server/analytics/analysis-prompt.js';

/** Issue 14, section 2: the analysis of an interview held in Spanish or Japanese is written in it. */
const config = (language: string) =>
  configJson.parse({
    bot_name: 'Ada',
    system_prompt: 'Interview well.',
    transcription: { language },
    interview: { questions: [{ id: 'q1', text: 'Tell me about a system you built.', translations: { es: 'Háblame de un sistema que hayas construido.' } }] },
  });
const segments = [{ seq: 0, speaker: 'candidate' as const, text: 'Construí una cola.', startTime: 1, endTime: 2, confidence: 0.9 }];

describe('the analysis in the interview language', () => {
  it('asks for the summary and feedback in the interview language, with the questions as they were asked', () => {
    const system = analysisMessages(config('es-ES'), 'technical', segments)[0]?.content ?? '';
    expect(system).toContain('The interview was held in Spanish (es-ES). Write the summary, feedback');
    expect(system).toContain('- q1: Háblame de un sistema que hayas construido.');
    expect(languageName('ja-JP')).toBe('Japanese');
  });

  it('says nothing about language for an English interview', () => {
    const system = analysisMessages(config('en-US'), 'technical', segments)[0]?.content ?? '';
    expect(system).not.toContain('The interview was held in');
    expect(system).toContain('- q1: Tell me about a system you built.');
  });
});
