/**
 * What the bot says without the LLM: the fallbacks that keep it from going silent, and the fixed
 * moments of an interview. Short on purpose; each is spoken whole.
 */
export const scriptedLines = {
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
} as const;
