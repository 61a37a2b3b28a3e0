import type { ConfigJson } from '../../contracts/config-json.js';
import { questionTextIn } from '../../contracts/interview-language.js';

export { questionTextIn };

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
