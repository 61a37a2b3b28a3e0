import type { InterviewQuestion } from '../../../contracts/config-json.js';

/** Every language some question is written in (besides its text), in first-seen order. */
export function translationLanguages(questions: readonly InterviewQuestion[]): string[] {
  const seen = new Set<string>();
  for (const question of questions) for (const tag of Object.keys(question.translations ?? {})) seen.add(tag);
  return [...seen];
}

/**
 * The question with its text in `language` set to `text`; an empty text removes that translation,
 * and removing the last one drops `translations`, so the stored config stays as if never translated.
 */
export function withTranslation(question: InterviewQuestion, language: string, text: string): InterviewQuestion {
  const translations = Object.fromEntries(Object.entries(question.translations ?? {}).filter(([tag]) => tag !== language));
  if (text !== '') translations[language] = text;
  const next: InterviewQuestion = { ...question, translations };
  if (Object.keys(translations).length === 0) delete next.translations;
  return next;
}
