import type { InterviewQuestion, VoiceSettings } from './config-json.js';

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

/** The entry of a map by language tag for `language`: its exact tag (any case), else its primary subtag. */
export function entryForLanguage<T>(byTag: Readonly<Record<string, T>> | undefined, language: string): T | undefined {
  const entries = Object.entries(byTag ?? {});
  const exact = entries.find(([tag]) => tag.toLowerCase() === language.toLowerCase())?.[1];
  return exact ?? entries.find(([tag]) => tag.toLowerCase() === primaryLanguage(language))?.[1];
}

/** A question's text in `language`: its translation for that exact tag, else for its primary subtag, else its text. */
export function questionTextIn(question: InterviewQuestion, language: string): string {
  return entryForLanguage(question.translations, language) ?? question.text;
}

/** The Cartesia voice for an interview in `language`: the config's voice for it, else its default voice. */
export function voiceIdIn(voice: VoiceSettings, language: string): string {
  return entryForLanguage(voice.voice_ids_by_language, language) ?? voice.voice_id;
}
