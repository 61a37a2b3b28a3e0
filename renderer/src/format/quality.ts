import type { InterviewQuality } from '../../../contracts/interview-quality.js';

/** A latency figure in milliseconds, or a dash when nothing was measured. */
export function latencyText(ms: number | null): string {
  return ms === null ? '—' : `${ms.toLocaleString()} ms`;
}

export function turnTakingText(turnTaking: InterviewQuality['turnTaking'], sttModel: string): string {
  const how = turnTaking === 'flux' ? 'Flux turn detection' : turnTaking === 'nova-semantic' ? 'semantic patience' : 'fixed patience';
  return `${sttModel}, ${how}`;
}
