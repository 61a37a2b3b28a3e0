/**
 * "Redact personal data" for exports and copied text: finds e-mail addresses, phone numbers
 * (international formats), street addresses, payment card numbers (Luhn-checked), US SSNs and common
 * national ID formats, dates of birth, and optionally the candidate's own name, and replaces each
 * with a label. Pure code (the renderer and the server both use it); measured against a labelled
 * corpus in test/unit/redaction-corpus.test.ts. It errs towards redacting: a missed card number
 * costs more than a redacted order number.
 */

export type RedactionKind = 'email' | 'phone' | 'address' | 'card' | 'ssn' | 'national_id' | 'date_of_birth' | 'name';

export interface RedactionHit {
  kind: RedactionKind;
  start: number;
  end: number;
}

export interface RedactionOptions {
  /** Also redact the candidate's name (each part of it, as spoken alone too). */
  candidateName?: string | null;
}

const LABELS: Record<RedactionKind, string> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  address: '[ADDRESS]',
  card: '[CARD NUMBER]',
  ssn: '[SSN]',
  national_id: '[NATIONAL ID]',
  date_of_birth: '[DATE OF BIRTH]',
  name: '[NAME]',
};

/** Luhn's checksum, as card issuers (and Canada's SIN) use it. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const digitsOf = (text: string): string => text.replace(/\D/g, '');

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = [
  `\\d{4}-\\d{1,2}-\\d{1,2}`,
  `\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}`,
  `(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}`,
  `\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\.?,?\\s+\\d{4}`,
].join('|');

const STREET_TYPES =
  'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|close|crescent|parkway|pkwy|highway|hwy|square|sq|trail|circle|cir|alley|row|gardens|grove|hill|loop';

interface Detector {
  kind: RedactionKind;
  pattern: RegExp;
  /** The part of the match to redact (a capture group), and a final check on it. */
  group?: number;
  accept?: (value: string) => boolean;
}

const DETECTORS: Detector[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // Speech-to-text spells addresses out: "jane dot doe at gmail dot com".
  {
    kind: 'email',
    pattern: /\b[a-z0-9]+(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+)*\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z]{2,})+\b/gi,
    accept: (value) => /\s+dot\s+(?:com|org|net|edu|gov|io|co|uk|de|fr|es|it|nl|ca|au|in|me|info|dev)\b/i.test(value),
  },
  // Date of birth: a date after words that say it is one.
  {
    kind: 'date_of_birth',
    pattern: new RegExp(`\\b(?:born(?:\\s+on)?|birth\\s*(?:date|day)|birthday|date\\s+of\\s+birth|d\\.?o\\.?b\\.?)(?:\\s+(?:is|was|on))?[:\\s,]+(${DATE})`, 'gi'),
    group: 1,
  },
  // US SSN: 3-2-4 with dashes or spaces, never 000/666/9xx, 00 or 0000 groups.
  { kind: 'ssn', pattern: /\b(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}\b/g },
  // A bare nine digits only where the words say it is a social security number.
  { kind: 'ssn', pattern: /\b(?:ssn|social\s+security(?:\s+number)?)(?:\s+(?:is|was))?[:\s#]+((?!000|666|9\d\d)\d{9})\b/gi, group: 1 },
  // Payment cards: 13 to 19 digits in groups, Luhn-valid.
  { kind: 'card', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, accept: (value) => luhnValid(digitsOf(value)) && !/^(\d)\1+$/.test(digitsOf(value)) },
  // UK National Insurance number.
  { kind: 'national_id', pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g },
  // Canadian SIN (3-3-3, Luhn).
  { kind: 'national_id', pattern: /(?<!\d[ -]?)\b\d{3}[ -]\d{3}[ -]\d{3}\b(?![ -]?\d)/g, accept: (value) => luhnValid(digitsOf(value)) },
  // Brazilian CPF.
  { kind: 'national_id', pattern: /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/g },
  // Spanish DNI / NIE with its check letter.
  { kind: 'national_id', pattern: /\b[XYZ]?\d{7,8}-?[A-HJ-NP-TV-Z]\b/g, accept: spanishIdValid },
  // Italian codice fiscale.
  { kind: 'national_id', pattern: /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/gi },
  // Indian PAN and Aadhaar (4-4-4, never starting 0 or 1).
  { kind: 'national_id', pattern: /\b[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]\b/g },
  { kind: 'national_id', pattern: /(?<!\d[ -]?)\b[2-9]\d{3} \d{4} \d{4}\b(?![ -]?\d)/g },
  // French NIR (sex digit, year, month, department, commune, order, key).
  { kind: 'national_id', pattern: /\b[12] ?\d{2} ?(?:0[1-9]|1[0-2]) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b/g },
  // Any ID number the speaker names as one.
  {
    kind: 'national_id',
    pattern: /\b(?:passport|national\s+id(?:entity)?|id\s+card|identity\s+card|driver'?s?\s+licen[cs]e|personnummer|bsn|tax\s+id)(?:\s+(?:number|no\.?))?(?:\s+(?:is|was))?[:\s#]+([A-Z0-9][A-Z0-9-]{5,14})\b/gi,
    group: 1,
    accept: (value) => /\d{4}/.test(value),
  },
  // Street addresses: a house number, up to four words, a street type (and a unit).
  {
    kind: 'address',
    pattern: new RegExp(
      `\\b\\d{1,5}[A-Za-z]?\\s+(?:(?:north|south|east|west|n|s|e|w)\\.?\\s+)?(?:[A-Za-z][A-Za-z'-]*\\s+){1,4}(?:${STREET_TYPES})\\b\\.?(?:\\s+(?:north|south|east|west|nw|ne|sw|se)\\b)?(?:,?\\s+(?:apt|apartment|suite|unit|flat|#)\\.?\\s*[A-Za-z0-9-]+)?`,
      'gi',
    ),
    accept: (value) => !/^\d{1,5}\s+(?:of|or|and|to|in|on|at|for|the|a|an|more|less|years?|days?|weeks?|months?|hours?|minutes?|people|times|miles?)\b/i.test(value),
  },
  // Continental order: "Hauptstraße 12", "rue de Rivoli 5", "12 rue de la Paix", "Calle Mayor 3".
  { kind: 'address', pattern: /\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|weg|gasse|platz|allee|laan|straat|gracht)\s+\d{1,4}[a-z]?\b/g },
  { kind: 'address', pattern: /\b(?:\d{1,4}\s+)?(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Cc]alle|[Vv]ia|[Vv]iale|[Pp]iazza|[Aa]venida|[Rr]ua)\s+(?:(?:de|del|de la|du|des|di|da|dos)\s+)?[A-ZÀ-Ý][\wÀ-ÿ'-]+(?:\s+\d{1,4})?\b/g, accept: (value) => /\d/.test(value) },
  // Phone numbers: international (+CC), North American, and national trunk-0 formats; 7 to 15 digits.
  {
    kind: 'phone',
    pattern: /(?:\+|\b00(?=[1-9]))\d{1,3}[\s.-]?(?:\(0?\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}\b/g,
    accept: (value) => digitsOf(value).length >= 8 && digitsOf(value).length <= 15,
  },
  { kind: 'phone', pattern: /(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/g },
  { kind: 'phone', pattern: /\b0\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b/g, accept: (value) => /[\s.-]/.test(value) && digitsOf(value).length >= 10 && digitsOf(value).length <= 11 },
  // French national format: 0X XX XX XX XX.
  { kind: 'phone', pattern: /\b0[1-9](?:[\s.-]\d{2}){4}\b/g },
  { kind: 'phone', pattern: /\b(?:phone|mobile|cell|number|call me|text me|reach me)(?:\s+(?:is|at|on))?[:\s]+(\d{3}[\s.-]?\d{4})\b/gi, group: 1 },
];

/** Spanish DNI/NIE: the letter is the number mod 23 in a fixed table. */
function spanishIdValid(value: string): boolean {
  const clean = value.replace('-', '').toUpperCase();
  const letter = clean.slice(-1);
  const prefix = { X: '0', Y: '1', Z: '2' }[clean[0] ?? ''] ?? '';
  const number = Number(prefix + clean.slice(prefix ? 1 : 0, -1));
  return Number.isFinite(number) && 'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23] === letter;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function nameDetector(candidateName: string): Detector | null {
  const parts = candidateName
    .split(/\s+/)
    .map((part) => part.replace(/[^\p{L}'-]/gu, ''))
    .filter((part) => part.length >= 2);
  if (parts.length === 0) return null;
  const full = parts.map(escapeRegExp).join('\\s+');
  const alone = parts.map(escapeRegExp).sort((a, b) => b.length - a.length);
  return { kind: 'name', pattern: new RegExp(`(?<![\\p{L}\\p{N}_@.])(?:${full}|${alone.join('|')})(?:'s)?(?![\\p{L}\\p{N}_])`, 'giu') };
}

/** Every personal-data span in `text`, longest first where they overlap, in text order. */
export function findPersonalData(text: string, options: RedactionOptions = {}): RedactionHit[] {
  const detectors = [...DETECTORS];
  const name = options.candidateName ? nameDetector(options.candidateName) : null;
  if (name) detectors.push(name);
  const hits: RedactionHit[] = [];
  for (const detector of detectors) {
    for (const match of text.matchAll(detector.pattern)) {
      const value = detector.group ? match[detector.group] : match[0];
      if (value === undefined || value.length === 0) continue;
      const offset = detector.group ? match[0].lastIndexOf(value) : 0;
      const start = (match.index ?? 0) + offset;
      if (detector.accept && !detector.accept(value)) continue;
      hits.push({ kind: detector.kind, start, end: start + value.length });
    }
  }
  // Earlier detectors win ties (a card before a phone); then the longer span; overlaps are dropped.
  const order = (hit: RedactionHit): number => detectors.findIndex((d) => d.kind === hit.kind);
  const ranked = hits.sort((a, b) => b.end - b.start - (a.end - a.start) || order(a) - order(b));
  const kept: RedactionHit[] = [];
  for (const hit of ranked) {
    if (!kept.some((k) => hit.start < k.end && k.start < hit.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** `text` with each personal-data span replaced by its label, e.g. "[EMAIL]". */
export function redactPersonalData(text: string, options: RedactionOptions = {}): string {
  let out = '';
  let at = 0;
  for (const hit of findPersonalData(text, options)) {
    out += text.slice(at, hit.start) + LABELS[hit.kind];
    at = hit.end;
  }
  return out + text.slice(at);
}
