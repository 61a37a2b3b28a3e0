import type { QualityStats, QualitySummary } from '../../../contracts/interview-quality.js';
import { latencyText, turnTakingText } from '../format/quality.js';

interface Row {
  key: string;
  label: string;
  summary: QualitySummary;
}

function QualityTable({ caption, rows }: { caption: string; rows: Row[] }) {
  return (
    <table className="data-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">Interviews</th>
          <th scope="col">Response p50</th>
          <th scope="col">Response p95</th>
          <th scope="col">Cut-ins</th>
          <th scope="col">Barge-ins</th>
          <th scope="col">Silences over 2 s</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <td>{row.summary.interviews}</td>
            <td>{latencyText(row.summary.voiceToVoiceP50Ms)}</td>
            <td>{latencyText(row.summary.voiceToVoiceP95Ms)}</td>
            <td>{row.summary.cutIns}</td>
            <td>{row.summary.bargeIns}</td>
            <td>{row.summary.longSilences}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The bots' quality figures across interviews, per config and per way of taking turns, so an admin
 * sees when a config or a speech provider gets slow or starts cutting candidates off. Latencies are
 * the median over interviews of each one's p50 and p95.
 */
export function QualityPanel({ quality }: { quality: QualityStats | undefined }) {
  return (
    <section className="card wide" aria-labelledby="quality-title" data-testid="quality-panel">
      <h3 id="quality-title">Interview quality</h3>
      {!quality || quality.overall.interviews === 0 ? (
        <p className="muted">Bots report these figures at the end of each interview; none has yet.</p>
      ) : (
        <>
          <QualityTable caption="Across interviews" rows={[{ key: 'all', label: 'All interviews', summary: quality.overall }]} />
          <QualityTable
            caption="Per config"
            rows={quality.byConfig.map((entry) => ({ key: entry.configId ?? 'none', label: entry.configName ?? (entry.configId ? 'Deleted config' : 'No config'), summary: entry }))}
          />
          <QualityTable
            caption="Per speech model and turn-taking"
            rows={quality.byTurnTaking.map((entry) => ({ key: `${entry.turnTaking} ${entry.sttModel}`, label: turnTakingText(entry.turnTaking, entry.sttModel), summary: entry }))}
          />
        </>
      )}
    </section>
  );
}
