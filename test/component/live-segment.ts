import type { LiveSegment } from '../../contracts/transcript.js';

/** A streamed segment for the Live tab's tests: three seconds per turn, a confidence once final. */
export const segment = (seq: number, speaker: LiveSegment['speaker'], text: string, final: boolean): LiveSegment => ({
  seq,
  speaker,
  text,
  startTime: seq * 3,
  endTime: seq * 3 + 2,
  confidence: final ? 0.9 : null,
  final,
});
