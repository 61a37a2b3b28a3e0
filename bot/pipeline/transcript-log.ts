import type { LiveSegment, Speaker } from '../../contracts/transcript.js';

/** Where segments go: the server's live socket, the rehearsal page. */
export interface TranscriptSink {
  segment(segment: LiveSegment): void;
}

const MAX_TEXT = 20_000;
const MAX_SECONDS = 86_400;

function clampSeconds(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(MAX_SECONDS, Math.max(0, Math.round(value * 1000) / 1000));
}

/**
 * Numbers the session's segments and hands each to every sink the moment it is final. Interim
 * candidate text goes out too (not final, for the live view) under the seq its final will take,
 * so a console can replace the grey text in place.
 */
export class TranscriptLog {
  private readonly finals: LiveSegment[] = [];

  constructor(private readonly sinks: TranscriptSink[]) {}

  get segments(): readonly LiveSegment[] {
    return this.finals;
  }

  private get nextSeq(): number {
    return this.finals.length;
  }

  interim(speaker: Speaker, text: string, start: number, end: number, confidence: number | null): void {
    this.emit(this.build(speaker, text, start, end, confidence, false));
  }

  final(speaker: Speaker, text: string, start: number, end: number, confidence: number | null): LiveSegment | null {
    if (text.trim().length === 0) return null;
    const segment = this.build(speaker, text, start, end, confidence, true);
    this.finals.push(segment);
    this.emit(segment);
    return segment;
  }

  private build(speaker: Speaker, text: string, start: number, end: number, confidence: number | null, final: boolean): LiveSegment {
    const startTime = clampSeconds(start);
    return {
      seq: this.nextSeq,
      speaker,
      text: text.trim().slice(0, MAX_TEXT),
      startTime,
      endTime: Math.max(startTime, clampSeconds(end)),
      confidence: confidence === null ? null : Math.min(1, Math.max(0, confidence)),
      final,
    };
  }

  private emit(segment: LiveSegment): void {
    for (const sink of this.sinks) sink.segment(segment);
  }
}
