import type { InterviewQuality } from '../../contracts/interview-quality.js';

/** A bot's quality figures as it reports them at the end of an interview (contracts/interview-quality.ts). */
export function qualityFigures(overrides: Partial<InterviewQuality> = {}): InterviewQuality {
  return {
    version: 1,
    turnTaking: 'flux',
    sttModel: 'flux-general-en',
    replies: 9,
    voiceToVoiceP50Ms: 612,
    voiceToVoiceP95Ms: 874.5,
    bargeIns: 2,
    longSilences: 1,
    cutIns: 0,
    ...overrides,
  };
}
