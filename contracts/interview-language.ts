import type { InterviewQuestion } from './config-json.js';

/** The primary subtag of a language tag, lowercased: `es-MX` -> `es`. */
export function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? 'en';
}

export function isEnglish(tag: string): boolean {
  return primaryLanguage(tag) === 'en';
}

/** The language's English name (`es-ES` -> Spanish), or the tag itself when it is not known. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(primaryLanguage(tag)) ?? tag;
  } catch {
    return tag;
  }
}

/** A question's text in `language`: its translation for that exact tag, else for its primary subtag, else its text. */
export function questionTextIn(question: InterviewQuestion, language: string): string {
  const translations = question.translations ?? {};
  const exact = Object.entries(translations).find(([tag]) => tag.toLowerCase() === language.toLowerCase())?.[1];
  return exact ?? translations[primaryLanguage(language)] ?? question.text;
}
