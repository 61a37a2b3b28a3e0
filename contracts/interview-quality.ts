import { z } from 'zod';

/**
 * How an interview felt to the candidate, measured by the bot over the whole call and reported
 * once at its end; stored on the session as `sessionMetadata.quality` (issue 14, section 3).
 * Times are on the call's audio clock: from the end of the candidate's speech to the first bot
 * audio played.
 */
/**
 * Bounds of the figures, shared with the team project's check (migrations/supabase/012_bot_quality.sql):
 * no interview has more turns than this, and no reply comes after more than an hour.
 */
export const MAX_QUALITY_COUNT = 100_000;
export const MAX_QUALITY_LATENCY_MS = 3_600_000;
const count = z.number().int().min(0).max(MAX_QUALITY_COUNT);
const latency = z.number().min(0).max(MAX_QUALITY_LATENCY_MS).nullable();

export const interviewQuality = z.strictObject({
  version: z.literal(1),
  /** How turns were taken: Nova with semantic or fixed patience, or Flux. */
  turnTaking: z.enum(['nova-semantic', 'nova-fixed', 'flux']),
  sttModel: z.string().max(100),
  /** Bot replies to a finished candidate turn that were measured. */
  replies: count,
  /** Voice-to-voice latency per reply; null when no reply was measured. */
  voiceToVoiceP50Ms: latency,
  voiceToVoiceP95Ms: latency,
  /** Times the candidate talked over the bot and it stopped. */
  bargeIns: count,
  /** Replies that came more than 2 s after the candidate finished. */
  longSilences: count,
  /** Bot lines the candidate talked over within 1 s of their start: the bot cut in. */
  cutIns: count,
});
export type InterviewQuality = z.infer<typeof interviewQuality>;

/** The quality figures of a session's metadata, if the bot reported them. */
export function qualityOf(sessionMetadata: Record<string, unknown>): InterviewQuality | null {
  const parsed = interviewQuality.safeParse(sessionMetadata.quality);
  return parsed.success ? parsed.data : null;
}

export const LONG_SILENCE_MS = 2000;
export const CUT_IN_WINDOW_MS = 1000;

/** Quality across interviews (all of an org's, or one config's): the typical interview, and the counts. */
export interface QualitySummary {
  interviews: number;
  /** Median over interviews of each one's voice-to-voice p50 and p95. */
  voiceToVoiceP50Ms: number | null;
  voiceToVoiceP95Ms: number | null;
  replies: number;
  bargeIns: number;
  longSilences: number;
  cutIns: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
}

export function summarizeQuality(interviews: readonly InterviewQuality[]): QualitySummary {
  const sum = (pick: (quality: InterviewQuality) => number): number => interviews.reduce((total, quality) => total + pick(quality), 0);
  return {
    interviews: interviews.length,
    voiceToVoiceP50Ms: median(interviews.flatMap((quality) => (quality.voiceToVoiceP50Ms === null ? [] : [quality.voiceToVoiceP50Ms]))),
    voiceToVoiceP95Ms: median(interviews.flatMap((quality) => (quality.voiceToVoiceP95Ms === null ? [] : [quality.voiceToVoiceP95Ms]))),
    replies: sum((quality) => quality.replies),
    bargeIns: sum((quality) => quality.bargeIns),
    longSilences: sum((quality) => quality.longSilences),
    cutIns: sum((quality) => quality.cutIns),
  };
}

/** The dashboard's quality figures: overall, per config, and per way of taking turns (the STT model in use). */
export interface QualityStats {
  overall: QualitySummary;
  byConfig: (QualitySummary & { configId: string | null; configName: string | null })[];
  byTurnTaking: (QualitySummary & { turnTaking: InterviewQuality['turnTaking']; sttModel: string })[];
}
