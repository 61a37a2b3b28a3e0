import { z } from 'zod';

/**
 * The config's `consent` block: what the bot says first (the AI disclosure), the question it asks,
 * and whether the interview may go on without a "yes". Configs without the block keep working (no
 * disclosure is spoken). The starting texts below are templates to review with counsel, not legal
 * advice: each jurisdiction's law asks for more than words (timing, records, alternatives).
 */
export const consentJurisdictions = ['illinois', 'nyc', 'eu_gdpr'] as const;
export const consentJurisdiction = z.enum(consentJurisdictions);
export type ConsentJurisdiction = z.infer<typeof consentJurisdiction>;

export const consentSettings = z.strictObject({
  /** Without consent (a "no", or unclear twice) the bot thanks the candidate and ends. */
  required: z.boolean().default(true),
  disclosure: z.string().trim().min(1).max(3000),
  question: z.string().trim().min(1).max(500),
  /** Which template the texts started from (`custom` once written by hand). */
  template: z.enum([...consentJurisdictions, 'custom']).default('custom'),
});
export type ConsentSettings = z.infer<typeof consentSettings>;

export interface ConsentTemplate {
  jurisdiction: ConsentJurisdiction;
  label: string;
  /** Always shown with the template: it is a starting point for counsel, not legal advice. */
  notice: string;
  settings: ConsentSettings;
}

const NOTICE = 'Template to review with your counsel before use. It is a starting text, not legal advice.';

export const consentTemplates: Record<ConsentJurisdiction, ConsentTemplate> = {
  illinois: {
    jurisdiction: 'illinois',
    label: 'Illinois (Artificial Intelligence Video Interview Act)',
    notice: NOTICE,
    settings: {
      required: true,
      template: 'illinois',
      disclosure:
        'Before we begin: this interview is conducted and analysed by an artificial intelligence system, not a person. ' +
        'It records what you say and turns it into a transcript. The system then evaluates your answers against the job’s criteria, ' +
        'such as how clearly you explain your experience and how well your answers cover the questions, and a recruiter reviews the result. ' +
        'Your recording is shared only with the people who evaluate your application. You may ask us to delete it at any time, ' +
        'and we will delete it, and every copy, within 30 days of your request.',
      question: 'Do you agree to be interviewed and evaluated this way?',
    },
  },
  nyc: {
    jurisdiction: 'nyc',
    label: 'New York City (Local Law 144, automated employment decision tools)',
    notice: NOTICE,
    settings: {
      required: true,
      template: 'nyc',
      disclosure:
        'Before we begin: this interview uses an automated employment decision tool. An AI interviewer asks the questions, ' +
        'and your answers are transcribed and assessed against the job qualifications and characteristics listed in the posting. ' +
        'A recruiter reviews every assessment. You may ask for an alternative selection process or an accommodation instead, ' +
        'and you may ask how long your data is kept and what data is collected.',
      question: 'Would you like to continue with the AI interview?',
    },
  },
  eu_gdpr: {
    jurisdiction: 'eu_gdpr',
    label: 'European Union (GDPR and the AI Act)',
    notice: NOTICE,
    settings: {
      required: true,
      template: 'eu_gdpr',
      disclosure:
        'Before we begin: you are talking to an AI system, not a person. We record and transcribe this interview to assess your application ' +
        'for this role, and a person on our recruiting team reviews every result: no decision is made by the AI alone. ' +
        'We keep the recording for the period stated in your invitation and then delete it. You may ask for access to your data, ' +
        'its correction or its erasure at any time, and you may object to this processing.',
      question: 'Do you consent to this interview being recorded and assessed this way?',
    },
  },
};

/** The disclosure used where a config has no consent block (the invitation still says it). */
export const DEFAULT_DISCLOSURE =
  'This interview is conducted by an AI interviewer. What you say is recorded and transcribed, and the transcript is assessed ' +
  'against the role’s criteria; a recruiter reviews every result.';

/** What the session keeps of the consent exchange (sessionMetadata.consent). */
export interface ConsentRecord {
  given: boolean;
  at: string;
  /** The candidate's own words (removed by retention and erasure; the outcome stays). */
  words?: string;
  configVersion?: number | null;
  template?: ConsentSettings['template'];
}

/** The consent outcome as the bot reports it and the session keeps it. */
export const consentRecord = z.object({
  given: z.boolean(),
  at: z.iso.datetime(),
  words: z.string().max(2000).optional(),
  configVersion: z.number().int().nullable().optional(),
  template: z.enum([...consentJurisdictions, 'custom']).optional(),
});

/** The consent outcome recorded on a session (sessionMetadata.consent), if any. */
export function consentOf(sessionMetadata: Record<string, unknown> | undefined): ConsentRecord | null {
  const parsed = consentRecord.safeParse(sessionMetadata?.consent);
  return parsed.success ? parsed.data : null;
}

/** One line for the Overview, the transcript and every export: "Given 2026-12-01 10:00 UTC: “Yes, go ahead”". */
export function consentSummary(record: ConsentRecord | null): string | null {
  if (!record) return null;
  const when = `${record.at.slice(0, 16).replace('T', ' ')} UTC`;
  const words = record.words ? `: “${record.words}”` : '';
  const version = record.configVersion ? ` (config v${record.configVersion})` : '';
  return `${record.given ? 'Given' : 'Not given'} ${when}${words}${version}`;
}
