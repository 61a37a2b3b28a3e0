import type { SpeakerSegment } from '../../contracts/transcript.js';
import { WeightedSampler, zipfSampler, zipfWeight, type Random } from './random.js';
import {
  ADJECTIVES,
  ADVERBS,
  ANSWER_OPENERS,
  FILLERS,
  FUNCTION_WORDS,
  NOUNS,
  QUESTION_OPENERS,
  TOPIC_TERMS,
  VERBS,
  type InterviewType,
} from './vocabulary.js';

export interface GeneratedTranscript {
  /** As the server assembles it: one "Interviewer: …" / "Candidate: …" line per segment. */
  text: string;
  segments: SpeakerSegment[];
  wordCount: number;
  durationSeconds: number;
}

/** Conversational speech runs at 150-170 words a minute; this puts a 30-minute interview near 4,500 words. */
const WORDS_PER_SECOND = 2.75;
/** Share of tokens that are the interview type's jargon, and that are spoken fillers. */
const TOPIC_RATE = 0.02;
const FILLER_RATE = 0.012;
const COMMA_RATE = 0.06;
const ZIPF_EXPONENT = 1.05;
/**
 * How likely a transcript is to use a content word of content rank r at all: INCLUSION / sqrt(r+1).
 * Real conversations use a few hundred words of a large lexicon and repeat them; without this,
 * every word of a small lexicon lands in nearly every 4,500-word transcript and no search term is
 * "mid-frequency".
 */
const INCLUSION = 5;
const TOPIC_INCLUSION = 1.6;

const DOUBLED_FINAL = new Set(['plan', 'commit', 'stop', 'drop', 'step', 'map', 'chat', 'submit', 'admit', 'ship', 'run']);
const SIBILANT_END = /(s|sh|ch|x|z)$/;
const CONSONANT_Y_END = /[^aeiou]y$/;

export function pluralize(noun: string): string {
  if (SIBILANT_END.test(noun)) return `${noun}es`;
  if (CONSONANT_Y_END.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

export function inflectVerb(verb: string): { s: string; ed: string; ing: string } {
  if (DOUBLED_FINAL.has(verb)) {
    const doubled = verb + verb.at(-1);
    return { s: `${verb}s`, ed: `${doubled}ed`, ing: `${doubled}ing` };
  }
  const s = SIBILANT_END.test(verb) ? `${verb}es` : CONSONANT_Y_END.test(verb) ? `${verb.slice(0, -1)}ies` : `${verb}s`;
  const ed = verb.endsWith('e') ? `${verb}d` : CONSONANT_Y_END.test(verb) ? `${verb.slice(0, -1)}ied` : `${verb}ed`;
  const ing = verb.endsWith('e') && !verb.endsWith('ee') ? `${verb.slice(0, -1)}ing` : `${verb}ing`;
  return { s, ed, ing };
}

/**
 * Every surface form ranked by expected frequency. Content lemmas interleave by part of speech;
 * inflected forms rank a fixed factor behind their lemma, so "worked" trails "work" the way it does
 * in real speech instead of every plural landing in the rare tail.
 */
export function rankedVocabulary(): { words: string[]; functionCount: number } {
  const scored: { word: string; score: number }[] = FUNCTION_WORDS.map((word, index) => ({ word, score: index }));
  const lists: { words: readonly string[]; perRound: number; kind: 'verb' | 'noun' | 'other' }[] = [
    { words: NOUNS, perRound: 3, kind: 'noun' },
    { words: VERBS, perRound: 2, kind: 'verb' },
    { words: ADJECTIVES, perRound: 1, kind: 'other' },
    { words: ADVERBS, perRound: 1, kind: 'other' },
  ];
  const cursors = lists.map(() => 0);
  let rank = FUNCTION_WORDS.length;
  while (lists.some((list, index) => (cursors[index] as number) < list.words.length)) {
    lists.forEach((list, index) => {
      for (let n = 0; n < list.perRound; n++) {
        const cursor = cursors[index] as number;
        const word = list.words[cursor];
        if (word === undefined) return;
        cursors[index] = cursor + 1;
        scored.push({ word, score: rank });
        if (list.kind === 'noun') scored.push({ word: pluralize(word), score: rank * 1.8 });
        if (list.kind === 'verb') {
          const forms = inflectVerb(word);
          scored.push({ word: forms.ing, score: rank * 2 }, { word: forms.ed, score: rank * 2.2 }, { word: forms.s, score: rank * 3 });
        }
        rank++;
      }
    });
  }
  scored.sort((a, b) => a.score - b.score);
  const seen = new Set<string>();
  const ranked: string[] = [];
  for (const { word } of scored) {
    if (seen.has(word)) continue;
    seen.add(word);
    ranked.push(word);
  }
  return { words: ranked, functionCount: new Set(FUNCTION_WORDS).size };
}

interface WordSource {
  words: readonly string[];
  sampler: WeightedSampler;
}

const countWords = (text: string): number => text.split(' ').length;

/** English-like interview text: Zipf-distributed vocabulary, topic jargon, turn-taking and timing. */
export class TranscriptGenerator {
  private readonly vocabulary: string[];
  private readonly functionCount: number;
  private readonly everyWord: WordSource;
  private readonly fillerWords = FILLERS.map(countWords);
  private readonly questionWords = QUESTION_OPENERS.map(countWords);
  private readonly answerWords = ANSWER_OPENERS.map(countWords);

  constructor(private readonly random: Random) {
    const ranked = rankedVocabulary();
    this.vocabulary = ranked.words;
    this.functionCount = ranked.functionCount;
    this.everyWord = { words: this.vocabulary, sampler: zipfSampler(this.vocabulary.length, ZIPF_EXPONENT) };
  }

  get vocabularySize(): number {
    return this.vocabulary.length;
  }

  transcript(candidateName: string | null, interviewType: InterviewType, targetSeconds: number): GeneratedTranscript {
    const random = this.random;
    const words = this.documentWords();
    const topic = this.documentTopic(interviewType);
    const segments: SpeakerSegment[] = [];
    const lines: string[] = [];
    let wordCount = 0;
    let clock = random.next() * 3;
    const firstName = candidateName?.split(' ')[0];
    for (let seq = 0; clock < targetSeconds; seq++) {
      const speaker = seq % 2 === 0 ? 'bot' : 'candidate';
      let turn: { text: string; words: number };
      if (seq === 0) {
        const greeting = `Hi${firstName ? ` ${firstName}` : ''}, thanks for joining today.`;
        const rest = this.turn('bot', 14, words, topic);
        turn = { text: `${greeting} ${rest.text}`, words: countWords(greeting) + rest.words };
      } else {
        const target = speaker === 'bot' ? random.normal(18, 7, 6, 45) : random.normal(42, 18, 8, 120);
        turn = this.turn(speaker, Math.round(target), words, topic);
      }
      const spoken = (turn.words / WORDS_PER_SECOND) * random.normal(1, 0.12, 0.7, 1.4);
      const startTime = round2(clock);
      const endTime = round2(clock + spoken);
      segments.push({ seq, speaker, text: turn.text, startTime, endTime, confidence: round2(random.normal(0.93, 0.03, 0.7, 0.99)) });
      lines.push(`${speaker === 'bot' ? 'Interviewer' : 'Candidate'}: ${turn.text}`);
      wordCount += turn.words;
      clock = endTime + random.normal(0.9, 0.5, 0.2, 3);
    }
    const last = segments.at(-1);
    return { text: lines.join('\n'), segments, wordCount, durationSeconds: Math.round(last ? last.endTime : 0) };
  }

  /** A sentence or two of ordinary prose, for summaries and analysis notes. */
  prose(words: number, interviewType: InterviewType): string {
    return capitalize(this.sentences(words, this.everyWord, this.documentTopic(interviewType), false).text);
  }

  /** This transcript's share of the lexicon: every function word, and content words more often the commoner they are. */
  private documentWords(): WordSource {
    const words: string[] = [];
    const weights: number[] = [];
    this.vocabulary.forEach((word, rank) => {
      const contentRank = rank - this.functionCount;
      if (contentRank >= 0 && !this.random.chance(Math.min(0.95, INCLUSION / Math.sqrt(contentRank + 1)))) return;
      words.push(word);
      weights.push(zipfWeight(rank, ZIPF_EXPONENT));
    });
    return { words, sampler: new WeightedSampler(weights) };
  }

  private documentTopic(interviewType: InterviewType): WordSource {
    const terms = TOPIC_TERMS[interviewType];
    const words = terms.filter((_, rank) => this.random.chance(Math.min(0.9, TOPIC_INCLUSION / Math.sqrt(rank + 1))));
    if (words.length === 0) words.push(terms[0] as string);
    return { words, sampler: zipfSampler(words.length, 0.9, 1) };
  }

  private turn(speaker: 'bot' | 'candidate', targetWords: number, words: WordSource, topic: WordSource): { text: string; words: number } {
    const openers = speaker === 'bot' ? QUESTION_OPENERS : ANSWER_OPENERS;
    const openerWords = speaker === 'bot' ? this.questionWords : this.answerWords;
    const index = Math.floor(this.random.next() * openers.length);
    const opener = openers[index] as string;
    const body = this.sentences(Math.max(3, targetWords - (openerWords[index] as number)), words, topic, speaker === 'bot');
    const glue = opener.endsWith('.') ? ' ' + capitalize(body.text) : ' ' + body.text;
    return { text: opener + glue, words: (openerWords[index] as number) + body.words };
  }

  private sentences(targetWords: number, source: WordSource, topic: WordSource, endWithQuestion: boolean): { text: string; words: number } {
    const random = this.random;
    const parts: string[] = [];
    let words = 0;
    let sentenceLeft = random.int(5, 20);
    // The caller decides how the first word reads: it may continue an opener like "So basically".
    let sentenceStart = false;
    while (words < targetWords) {
      let token: string;
      const roll = random.next();
      if (roll < TOPIC_RATE) {
        token = topic.words[topic.sampler.sample(random)] as string;
        words++;
      } else if (roll < TOPIC_RATE + FILLER_RATE) {
        const index = Math.floor(random.next() * FILLERS.length);
        token = FILLERS[index] as string;
        words += this.fillerWords[index] as number;
      } else {
        token = source.words[source.sampler.sample(random)] as string;
        words++;
      }
      if (token === 'i' || token.startsWith("i'")) token = `I${token.slice(1)}`;
      if (sentenceStart) {
        token = capitalize(token);
        sentenceStart = false;
      }
      sentenceLeft--;
      const last = words >= targetWords;
      if (last) token += endWithQuestion ? '?' : '.';
      else if (sentenceLeft <= 0) {
        token += '.';
        sentenceLeft = random.int(5, 20);
        sentenceStart = true;
      } else if (random.chance(COMMA_RATE)) token += ',';
      parts.push(token);
    }
    return { text: parts.join(' '), words };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
