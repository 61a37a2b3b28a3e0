import type { LiveSegment } from '../../contracts/transcript.js';
import { clockTime } from '../../contracts/transcript-clock.js';

/** Who said a line, as the rehearsal page names people. */
export function rehearsalSpeaker(segment: LiveSegment): string {
  return segment.speaker === 'bot' ? 'Interviewer' : 'You';
}

/**
 * The rehearsal's transcript as Markdown, to copy or keep: nothing of a rehearsal is stored on the
 * server, so this is the recruiter's only record of it.
 */
export function rehearsalMarkdown(segments: readonly LiveSegment[], endedAt: Date, endedReason: string | null): string {
  const lines = [`# Interview rehearsal`, '', `${endedAt.toLocaleString()}${endedReason ? `, ended: ${endedReason}` : ''}`, ''];
  for (const segment of segments) {
    if (segment.final) lines.push(`**${rehearsalSpeaker(segment)}** [${clockTime(segment.startTime)}]: ${segment.text}`, '');
  }
  return lines.join('\n');
}
