/**
 * What the bot says without the LLM: the fallbacks that keep it from going silent, and the fixed
 * moments of an interview. Short on purpose; each is spoken whole.
 */
export interface ScriptedLines {
  fallbackAcknowledgement: string;
  firstQuestionLead: string;
  closing: string;
  idlePrompt: string;
  idleEnd: string;
  welcomeBack: string;
  sayAgainLead: Record<'question' | 'follow-up' | 'answer' | 'closing', string>;
}

export const scriptedLines: ScriptedLines = {
  /** Said before the next scripted question when the LLM failed or timed out. */
  fallbackAcknowledgement: 'Thank you.',
  firstQuestionLead: "Great, let's begin.",
  closing: 'That brings us to the end of the interview. Thank you for your time today; the team will be in touch about next steps. Goodbye!',
  idlePrompt: "Take your time. Whenever you're ready, go ahead, or tell me if you'd like me to repeat the question.",
  idleEnd: "It seems we may have lost you, so I'll end the interview here. Thank you for your time. Goodbye.",
  welcomeBack: "Welcome back. Let's pick up where we left off.",
  /**
   * Before a line the candidate talked over, said again once they finished ("So: <question>").
   * The closing needs no lead: it is said again as it is.
   */
  sayAgainLead: { question: 'So:', 'follow-up': 'So:', answer: 'As I was saying:', closing: '' },
};

/** The same lines in Spanish: an interview in Spanish has no English in it. */
const spanish: ScriptedLines = {
  fallbackAcknowledgement: 'Gracias.',
  firstQuestionLead: 'Muy bien, empecemos.',
  closing: 'Con esto llegamos al final de la entrevista. Gracias por su tiempo; el equipo se pondrá en contacto con usted sobre los próximos pasos. ¡Hasta pronto!',
  idlePrompt: 'Tómese su tiempo. Cuando esté listo, adelante, o dígame si quiere que repita la pregunta.',
  idleEnd: 'Parece que hemos perdido la conexión, así que terminaré la entrevista aquí. Gracias por su tiempo. Hasta luego.',
  welcomeBack: 'Bienvenido de nuevo. Sigamos donde lo dejamos.',
  sayAgainLead: { question: 'Entonces:', 'follow-up': 'Entonces:', answer: 'Como le decía:', closing: '' },
};

/** And in Japanese (polite form). */
const japanese: ScriptedLines = {
  fallbackAcknowledgement: 'ありがとうございます。',
  firstQuestionLead: 'それでは、始めましょう。',
  closing: '以上で面接は終了です。本日はお時間をいただきありがとうございました。今後の流れについては、担当者よりご連絡いたします。失礼いたします。',
  idlePrompt: 'ごゆっくりどうぞ。準備ができましたらお話しください。質問をもう一度お聞きになりたい場合はお知らせください。',
  idleEnd: '接続が切れてしまったようですので、ここで面接を終了いたします。本日はありがとうございました。失礼いたします。',
  welcomeBack: 'おかえりなさい。続きから始めましょう。',
  sayAgainLead: { question: 'では、', 'follow-up': 'では、', answer: '先ほどの続きですが、', closing: '' },
};

const byLanguage: Record<string, ScriptedLines> = { en: scriptedLines, es: spanish, ja: japanese };

/** The lines in the interview's language (its primary subtag: `es-MX` is Spanish); English otherwise. */
export function scriptedLinesFor(language: string): ScriptedLines {
  return byLanguage[language.toLowerCase().split(/[-_]/)[0] ?? 'en'] ?? scriptedLines;
}

/** Languages the bot has its own lines for. */
export const scriptedLanguages = Object.keys(byLanguage);
