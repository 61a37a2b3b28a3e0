import type { Speaker } from '../../../contracts/transcript.js';

/** How a speaker is named on screen and in exports (the same words as the server's transcript text). */
export function speakerLabel(speaker: Speaker): string {
  return speaker === 'bot' ? 'Interviewer' : 'Candidate';
}
