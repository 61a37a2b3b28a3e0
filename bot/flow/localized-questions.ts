import type { ConfigJson, InterviewQuestion } from '../../contracts/config-json.js';

/** A question's text in `language`: its translation for that exact tag, else for its primary subtag, else its text. */
export function questionTextIn(question: InterviewQuestion, language: string): string {
  const translations = question.translations ?? {};
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? '';
  const exact = Object.entries(translations).find(([tag]) => tag.toLowerCase() === language.toLowerCase())?.[1];
  return exact ?? translations[primary] ?? question.text;
}

/**
 * The config as the bot runs it: every question in the interview's language (the transcription
 * language), so the plan, the prompt and every line said again use the words the candidate hears.
 */
export function inInterviewLanguage(config: ConfigJson): ConfigJson {
  const language = config.transcription.language;
  return {
    ...config,
    interview: {
      ...config.interview,
      questions: config.interview.questions.map((question) => ({ ...question, text: questionTextIn(question, language) })),
    },
  };
}
