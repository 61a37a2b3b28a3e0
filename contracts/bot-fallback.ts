import { z } from 'zod';
import { consentRecord } from './consent.js';
import { uuid } from './ids.js';
import { interviewQuality } from './interview-quality.js';
import { sessionStatus } from './session.js';
import { liveSegment } from './transcript.js';

/**
 * The file a bot leaves in the transcript bucket when, at its end, the reporting target (the team's
 * Supabase project or the desktop's socket) did not acknowledge every final segment or its final
 * status. The console imports it (idempotent on seq), so nothing said is lost while S3 is
 * reachable. One schema, written by the bot and read by the console.
 */
export const BOT_FALLBACK_VERSION = 1;

/** At most this many segments per session (the team project's bound too). */
export const MAX_SESSION_SEGMENTS = 5000;

export const botFallbackFile = z
  .strictObject({
    version: z.literal(BOT_FALLBACK_VERSION),
    sessionId: uuid,
    orgId: uuid,
    /** The status the bot ended with; null when it was stopped and left the status to whoever stopped it. */
    status: sessionStatus.nullable(),
    reason: z.string().max(2000).nullable(),
    /** Every final segment of the interview (not only the unacknowledged ones), by seq. */
    segments: z.array(liveSegment).max(MAX_SESSION_SEGMENTS),
    /**
     * What the bot measured and the consent outcome, as it would have reported them with its final
     * status. Optional: files from bots that predate them still import. The import never replaces
     * figures or consent the session already has.
     */
    quality: interviewQuality.nullable().optional(),
    consent: consentRecord.nullable().optional(),
    writtenAt: z.iso.datetime({ error: 'must be an ISO-8601 timestamp' }),
  })
  .refine((file) => file.segments.every((segment) => segment.final), { error: 'only final segments belong in the file', path: ['segments'] })
  .refine((file) => file.segments.every((segment, index) => index === 0 || segment.seq > (file.segments[index - 1]?.seq ?? -1)), {
    error: 'segments must be ordered by seq, each seq once',
    path: ['segments'],
  });
export type BotFallbackFile = z.infer<typeof botFallbackFile>;

/** Where the file goes in the transcript bucket (next to, not among, the dated archives). */
export function botFallbackKey(orgId: string, sessionId: string): string {
  return `transcripts/${orgId}/undelivered/${sessionId}.json`;
}

/** The prefix the console lists to find an org's files. */
export function botFallbackPrefix(orgId: string): string {
  return `transcripts/${orgId}/undelivered/`;
}
