import { CUT_IN_WINDOW_MS, LONG_SILENCE_MS, qualityOf } from '../../../contracts/interview-quality.js';
import { latencyText, turnTakingText } from '../format/quality.js';

/** How the interview felt to the candidate, as the bot measured it (nothing until it reports at the end). */
export function QualityCard({ sessionMetadata }: { sessionMetadata: Record<string, unknown> }) {
  const quality = qualityOf(sessionMetadata);
  return (
    <section className="card" aria-labelledby="quality-title" data-testid="quality-card">
      <h3 id="quality-title">Interview quality</h3>
      {!quality ? (
        <p className="muted">The bot reports these figures when the interview ends.</p>
      ) : (
        <dl className="facts">
          <dt>Response time</dt>
          <dd title="From the end of the candidate's speech to the bot's first word, per reply">
            {latencyText(quality.voiceToVoiceP50Ms)} typical, {latencyText(quality.voiceToVoiceP95Ms)} slowest 5% ({quality.replies} replies)
          </dd>
          <dt>Barge-ins</dt>
          <dd>{quality.bargeIns} (the candidate talked over the bot)</dd>
          <dt>Cut-ins</dt>
          <dd>{quality.cutIns} (the candidate went on within {CUT_IN_WINDOW_MS / 1000} s of the bot starting)</dd>
          <dt>Long silences</dt>
          <dd>{quality.longSilences} (replies over {LONG_SILENCE_MS / 1000} s after the candidate finished)</dd>
          <dt>Turn-taking</dt>
          <dd>{turnTakingText(quality.turnTaking, quality.sttModel)}</dd>
        </dl>
      )}
    </section>
  );
}
