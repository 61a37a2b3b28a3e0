import { z } from 'zod';
import { uuid, type IsoTimestamp } from './ids.js';
import { listOffset } from './session.js';

export const SEARCH_PAGE_SIZE = 20;

export const speakers = ['bot', 'candidate'] as const;
export const speaker = z.enum(speakers);
export type Speaker = z.infer<typeof speaker>;

/** One stretch of speech as the bot streams it; `seq` numbers a session's segments from 0. */
export const liveSegment = z
  .strictObject({
    seq: z.number().int().min(0).max(1_000_000),
    speaker,
    text: z.string().max(20_000),
    startTime: z.number().min(0).max(86_400),
    endTime: z.number().min(0).max(86_400),
    confidence: z.number().min(0).max(1).nullable().default(null),
    final: z.boolean(),
  })
  .refine((segment) => segment.endTime >= segment.startTime, {
    error: 'endTime must not be before startTime',
    path: ['endTime'],
  });
export type LiveSegment = z.infer<typeof liveSegment>;

/** A stored segment of a finished transcript (seed 1.2 speaker_segments, camelCased). */
export interface SpeakerSegment {
  seq: number;
  speaker: Speaker;
  text: string;
  startTime: number;
  endTime: number;
  confidence: number | null;
}

export const listTranscriptsQuery = z.strictObject({
  orgId: uuid,
  sessionId: uuid.optional(),
  interviewType: z.string().trim().min(1).max(100).optional(),
  candidateName: z.string().trim().min(1).max(255).optional(),
  /** Full-text query: words are ANDed; the last word also matches as a prefix. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Default 100 for a list, 20 for a search (each hit carries a snippet, which costs). */
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: listOffset,
});
export type ListTranscriptsQuery = z.infer<typeof listTranscriptsQuery>;

/** The limit a transcript list runs with when none is asked for. */
export function transcriptPageSize(query: Pick<ListTranscriptsQuery, 'q' | 'limit'>): number {
  return query.limit ?? (query.q !== undefined ? SEARCH_PAGE_SIZE : 100);
}

/** A highlighted excerpt: `highlights` are [start, end) character ranges into `text`. */
export interface Snippet {
  text: string;
  highlights: [number, number][];
}

export interface TranscriptSummary {
  id: string;
  orgId: string;
  sessionId: string;
  candidateName: string | null;
  interviewType: string | null;
  wordCount: number;
  summary: string | null;
  transcriptS3Url: string | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  /** Present when the list was a full-text search: bm25 rank (lower is better) and excerpt. */
  rank?: number;
  snippet?: Snippet;
}

export interface Transcript extends TranscriptSummary {
  transcriptText: string;
  speakerSegments: SpeakerSegment[];
  metadata: Record<string, unknown>;
  createdBy: string;
  updatedBy: string | null;
}

