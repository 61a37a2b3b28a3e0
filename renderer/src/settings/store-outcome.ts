import type { StoreOutcome } from '../../../contracts/candidate-rights.js';

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** One store's part of a deletion, in words: "Done: 2 sessions, 1 transcript" or "Pending: offline". */
export function storeOutcomeText(outcome: StoreOutcome): string {
  if (outcome.state === 'not_applicable') return 'Not used';
  if (outcome.state === 'pending') return `Pending${outcome.lastError ? `: ${outcome.lastError}` : ''} (retried automatically)`;
  const c = outcome.counts;
  if (!c) return 'Done';
  const said = [
    c.sessions > 0 ? count(c.sessions, 'session', 'sessions') : '',
    c.transcripts > 0 ? count(c.transcripts, 'transcript', 'transcripts') : '',
    c.liveSegments > 0 ? count(c.liveSegments, 'live segment', 'live segments') : '',
    c.analytics > 0 ? count(c.analytics, 'analysis', 'analyses') : '',
    c.archiveObjects > 0 ? count(c.archiveObjects, 'archived file', 'archived files') : '',
  ].filter(Boolean);
  return said.length > 0 ? `Done: ${said.join(', ')}` : 'Done: nothing to delete';
}
