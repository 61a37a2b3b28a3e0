/** A session's overall score, coloured by band so a long list can be scanned. */
export function scoreBand(score: number): 'high' | 'mid' | 'low' {
  if (score >= 75) return 'high';
  if (score >= 50) return 'mid';
  return 'low';
}

export function ScoreBadge({ score }: { score: number | null }) {
  if (score === null) return <span className="muted" aria-label="not scored">—</span>;
  return (
    <span className={`badge score score-${scoreBand(score)}`} aria-label={`score ${Math.round(score)} of 100`}>
      {Math.round(score)}
    </span>
  );
}
