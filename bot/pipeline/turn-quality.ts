import { CUT_IN_WINDOW_MS, LONG_SILENCE_MS, type InterviewQuality } from '../../contracts/interview-quality.js';

/** One bot line as it played, on the call's audio clock (seconds). */
export interface PlayedLine {
  startSeconds: number;
  endSeconds: number;
  /** Some of it was played (a line thrown away before a sample played is not counted). */
  played: boolean;
  interrupted: boolean;
  /** It answered a finished candidate turn (not the greeting, a check-in or a welcome back). */
  reply: boolean;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? null;
}

/**
 * Measures an interview as the candidate lived it: per reply, the time from the end of their
 * speech to the bot's first audio; how often they talked over the bot; replies that left them in
 * silence over 2 s; and lines they talked over within 1 s of the start (the bot cut in on them).
 */
export class TurnQuality {
  private candidateSpeechEnd: number | null = null;
  private readonly latenciesMs: number[] = [];
  private bargeIns = 0;
  private longSilences = 0;
  private cutIns = 0;

  constructor(private readonly mode: { turnTaking: InterviewQuality['turnTaking']; sttModel: string }) {}

  /** The candidate's words end here (the end of a final transcript). */
  candidateSpoke(endSeconds: number): void {
    this.candidateSpeechEnd = Math.max(this.candidateSpeechEnd ?? 0, endSeconds);
  }

  botLine(line: PlayedLine): void {
    if (!line.played) return;
    if (line.reply && this.candidateSpeechEnd !== null && line.startSeconds >= this.candidateSpeechEnd) {
      const latencyMs = (line.startSeconds - this.candidateSpeechEnd) * 1000;
      this.latenciesMs.push(latencyMs);
      if (latencyMs > LONG_SILENCE_MS) this.longSilences++;
    }
    if (line.interrupted) {
      this.bargeIns++;
      if ((line.endSeconds - line.startSeconds) * 1000 <= CUT_IN_WINDOW_MS) this.cutIns++;
    }
  }

  figures(): InterviewQuality {
    const sorted = [...this.latenciesMs].sort((a, b) => a - b);
    const round = (value: number | null): number | null => (value === null ? null : Math.round(value));
    return {
      version: 1,
      turnTaking: this.mode.turnTaking,
      sttModel: this.mode.sttModel,
      replies: sorted.length,
      voiceToVoiceP50Ms: round(percentile(sorted, 0.5)),
      voiceToVoiceP95Ms: round(percentile(sorted, 0.95)),
      bargeIns: this.bargeIns,
      longSilences: this.longSilences,
      cutIns: this.cutIns,
    };
  }
}
