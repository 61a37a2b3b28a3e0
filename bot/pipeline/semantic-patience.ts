/**
 * How long to wait, after the STT says the candidate stopped, before taking their turn as over:
 * read from what they said, not a fixed delay. A finished thought ("I built the billing pipeline.",
 * or "Yes." to a yes/no question) needs only a short wait, which the reply being prepared hides
 * anyway. A thought still going ("...and", "so,", "my role was", a list with items to come, a
 * two-word start to an open question) needs long enough to cover a real thinking pause (up to
 * about 1.5 s), or the bot cuts in. Tuned on test/bot/data/thinking-pause-utterances.json.
 */
export type ThoughtShape =
  /** Finished: a sentence that ends, answering what was asked. */
  | 'complete'
  /** Unfinished: the words so far cannot end a sentence, or a list is under way. */
  | 'trailing'
  /** Finished sentences, but only a few words in answer to an open question: more usually follows. */
  | 'brief';

export interface PatienceTiers {
  completeMs: number;
  trailingMs: number;
  briefMs: number;
}

/**
 * The STT's endpoint comes 150-300 ms into the silence, and the candidate's resumption is noticed
 * about 100 ms after they start again: a 1.5 s pause needs over 1.45 s after the endpoint.
 */
export const defaultPatienceTiers: PatienceTiers = { completeMs: 250, trailingMs: 1600, briefMs: 1600 };

/**
 * Words a sentence does not end on: conjunctions, prepositions, articles, fillers. (Auxiliaries can:
 * "I would." answers a question; "My role was" is caught by its missing full stop.)
 */
const TRAILING_WORDS = new Set(
  [
    'and', 'but', 'or', 'so', 'because', 'cause', 'since', 'although', 'though', 'while', 'whereas', 'if', 'unless', 'when', 'whenever',
    'where', 'which', 'who', 'whom', 'whose', 'that', 'then', 'also', 'plus', 'than', 'as', 'like', 'until', 'before', 'after',
    'of', 'to', 'in', 'on', 'at', 'for', 'from', 'with', 'without', 'about', 'into', 'onto', 'over', 'under', 'between', 'through', 'by', 'via',
    'the', 'a', 'an', 'my', 'our', 'their', 'his', 'her', 'its', 'your', 'this', 'these', 'those', 'some', 'every', 'each',
    'um', 'uh', 'er', 'erm', 'hmm', 'mm', 'well', 'just', 'really', 'very', 'maybe', 'basically', 'actually',
    "i'm", "it's", "we're", "they're", "that's", "there's", "i'd", "we'd", "i'll", "we'll",
  ],
);

/** Two-word endings that trail as a phrase. */
const TRAILING_PHRASES = ['you know', 'i mean', 'kind of', 'sort of', 'and then', 'so that', 'such as', 'let me think', 'let me see', 'how do i put it'];

/** Opens a list: the turn goes on until it is closed. */
const LIST_OPENER =
  /((^|[.!?,:;]\s*)(first|firstly|first of all|for one|one is|number one|to start with|to begin with)\b|\b(two|three|four|five|a few|a couple of|several|some) (big |main |key |important )?(things|reasons|ways|problems|issues|parts|steps|lessons|points|areas|options)\b)/i;
const LIST_COUNT: Record<string, number> = { two: 2, 'a couple of': 2, three: 3, four: 4, five: 5 };
const COUNTED = /\b(two|a couple of|three|four|five) (big |main |key |important )?(things|reasons|ways|problems|issues|parts|steps|lessons|points|areas|options)\b/i;
const ORDINALS: [RegExp, number][] = [
  // "First ... then ..." is a sequence of two at least.
  [/\b(second|secondly|number two|the other (one |thing )?is|and the other|then)\b/i, 2],
  [/\b(third|thirdly|number three)\b/i, 3],
  [/\b(fourth|fourthly|number four)\b/i, 4],
  [/\b(fifth|fifthly|number five)\b/i, 5],
];
const LIST_END = /\b(finally|lastly|last but not least|and last(ly)?)\b/i;

/** A list was announced or begun, and its items are not all there yet. */
function listUnderWay(text: string): boolean {
  if (!LIST_OPENER.test(text) || LIST_END.test(text)) return false;
  const counted = COUNTED.exec(text);
  const expected = counted ? (LIST_COUNT[(counted[1] ?? '').toLowerCase()] ?? 2) : 2;
  const reached = Math.max(1, ...ORDINALS.filter(([pattern]) => pattern.test(text)).map(([, at]) => at));
  return reached < expected;
}

/** The bot asked for an account, not a yes or a no. */
const OPEN_QUESTION = /\b(tell me|describe|walk me|explain|talk (me )?(about|through)|give me|share|how|why|what|which|where|when)\b/i;

/** The last sentence of what the bot said (the question the candidate is answering). */
function lastSentence(text: string): string {
  const sentences = text.trim().split(/(?<=[.!?])\s+/).filter(Boolean);
  return sentences.at(-1) ?? '';
}

export function isOpenQuestion(botLine: string | null): boolean {
  if (!botLine) return false;
  return OPEN_QUESTION.test(lastSentence(botLine));
}

const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0 && word !== '-');

/** Spanish words a sentence does not end on (conjunctions, prepositions, articles, fillers). */
const SPANISH_TRAILING = new Set(
  ['y', 'e', 'o', 'u', 'pero', 'porque', 'que', 'entonces', 'pues', 'como', 'cuando', 'si', 'aunque', 'de', 'del', 'en', 'con', 'para', 'por', 'a', 'al', 'el', 'la', 'los', 'las', 'un', 'una', 'mi', 'mis', 'nuestro', 'nuestra', 'este', 'esta', 'eh', 'em', 'bueno', 'sea'],
);
/** Japanese endings that leave the sentence open: connective particles and forms, and hesitations. */
const JAPANESE_TRAILING = /(て|で|が|けど|けれど|けれども|から|ので|し|と|は|を|に|も|えーと|えっと|あの|その|なんか)$/;

/** Outside English: the closing punctuation and the last word (or particle) say it; no word lists for a brief answer. */
function otherLanguageShape(text: string, language: string): { shape: ThoughtShape; cue: string } {
  if (/(,|、|:|;|-|…|\.\.\.)$/.test(text)) return { shape: 'trailing', cue: `ends with "${text.slice(-1)}"` };
  const code = language.toLowerCase().split(/[-_]/)[0];
  const bare = text.replace(/[.!?。！？]+$/, '');
  if (code === 'es') {
    const last = wordsOf(bare).at(-1) ?? '';
    if (SPANISH_TRAILING.has(last)) return { shape: 'trailing', cue: `ends on "${last}"` };
  }
  if (code === 'ja' && JAPANESE_TRAILING.test(bare)) return { shape: 'trailing', cue: 'ends on a connective' };
  if (!/[.!?。！？]["')\]」]?$/.test(text)) return { shape: 'trailing', cue: 'no closing punctuation' };
  return { shape: 'complete', cue: 'a finished sentence' };
}

export function thoughtShape(turnText: string, botLine: string | null, language = 'en'): { shape: ThoughtShape; cue: string } {
  const text = turnText.trim();
  if (text.length > 0 && !language.toLowerCase().startsWith('en')) return otherLanguageShape(text, language);
  if (text.length === 0) return { shape: 'trailing', cue: 'nothing said yet' };
  // A trailing comma, colon, dash or ellipsis: the speaker's own voice did not close the thought.
  if (/(,|:|;|-|–|—|\.\.\.|…)$/.test(text)) return { shape: 'trailing', cue: `ends with "${text.slice(-1)}"` };
  const words = wordsOf(text);
  const last = words.at(-1) ?? '';
  if (TRAILING_WORDS.has(last)) return { shape: 'trailing', cue: `ends on "${last}"` };
  const tail = words.slice(-4).join(' ');
  const phrase = TRAILING_PHRASES.find((candidate) => tail.endsWith(candidate));
  if (phrase) return { shape: 'trailing', cue: `ends on "${phrase}"` };
  // Nova punctuates most finals; a final with no closing mark is a thought cut at a pause.
  if (!/[.!?]["')\]]?$/.test(text)) return { shape: 'trailing', cue: 'no closing punctuation' };
  if (listUnderWay(text)) return { shape: 'trailing', cue: 'a list is under way' };
  if (/^(let me|give me a (second|moment|sec)|hold on|good question|that's a good question)\b/i.test(lastSentence(text))) return { shape: 'trailing', cue: 'gathering thoughts' };
  if (isOpenQuestion(botLine) && words.length < 8 && !text.endsWith('?')) return { shape: 'brief', cue: `${words.length} word(s) in answer to an open question` };
  return { shape: 'complete', cue: 'a finished sentence' };
}

/** The wait for a turn's text, given the line it answers. */
export function patienceFor(turnText: string, botLine: string | null, tiers: PatienceTiers = defaultPatienceTiers, language = 'en'): number {
  const { shape } = thoughtShape(turnText, botLine, language);
  return shape === 'complete' ? tiers.completeMs : shape === 'brief' ? tiers.briefMs : tiers.trailingMs;
}

/**
 * With Flux, whose own model has already judged the end of the turn: no extra wait for a finished
 * thought, the semantic wait only where the words are plainly unfinished.
 */
export function holdAfterFluxEnd(turnText: string, botLine: string | null, tiers: PatienceTiers = defaultPatienceTiers, language = 'en'): number {
  return thoughtShape(turnText, botLine, language).shape === 'complete' ? 0 : patienceFor(turnText, botLine, tiers, language);
}
