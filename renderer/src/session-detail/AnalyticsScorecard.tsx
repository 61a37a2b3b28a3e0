import { analysisDetailsOf, type EvidenceQuote } from '../../../contracts/analysis-details.js';
import type { VoiceAnalytics } from '../../../contracts/analytics.js';
import type { InterviewQuestion } from '../../../contracts/config-json.js';
import { clockTime } from '../../../contracts/transcript-clock.js';
import { paths } from '../app/routes.js';
import { Link } from '../ui/Link.js';
import { scoreBand } from '../ui/ScoreBadge.js';
import { coverageLabels, humanizeKey, questionRows } from './report-export.js';

interface Props {
  sessionId: string;
  analytics: VoiceAnalytics;
  questions: readonly Pick<InterviewQuestion, 'id' | 'text'>[];
}

/** A quote with its moment: the link opens the Transcript tab at the segment said then. */
function QuoteLink({ sessionId, quote }: { sessionId: string; quote: EvidenceQuote }) {
  return (
    <li className="evidence">
      <Link to={`${paths.session(sessionId, 'transcript')}?t=${quote.timestamp}`} className="moment-time" aria-label={`Open the transcript at ${clockTime(quote.timestamp)}`}>
        {clockTime(quote.timestamp)}
      </Link>
      <blockquote>“{quote.quote}”</blockquote>
    </li>
  );
}

/** Everything the server stored about the interview's analysis, in the order a reviewer reads it. */
export function AnalyticsScorecard({ sessionId, analytics: data, questions }: Props) {
  const details = analysisDetailsOf(data.detailedAnalysis);
  const categories = Object.entries(data.categoryScores);
  const coverage = questionRows({ analytics: data, questions });

  return (
    <>
      <div className="analytics-top">
        <section className="card overall" aria-labelledby="overall-title">
          <h3 id="overall-title">Overall score</h3>
          {data.overallScore === null ? (
            <p className="muted">Not scored</p>
          ) : (
            <p className={`overall-score score-${scoreBand(data.overallScore)}`} data-testid="overall-score">
              {Math.round(data.overallScore)}
              <span className="muted">/100</span>
            </p>
          )}
          <p className="hint">
            {data.modelUsed ? `Scored by ${data.modelUsed}` : 'Scored'}
            {data.processingTimeMs !== null ? ` in ${(data.processingTimeMs / 1000).toFixed(1)} s` : ''}
          </p>
          {details.overallScoreRecomputed && (
            <p className="hint">The model said {details.overallScoreRecomputed.modelSaid}; the weighted criteria give {details.overallScoreRecomputed.weighted}, which is shown.</p>
          )}
        </section>
        <section className="card summary" aria-labelledby="summary-title">
          <h3 id="summary-title">Summary</h3>
          {details.summary ? <p data-testid="analysis-summary">{details.summary}</p> : <p className="muted">No summary was recorded for this analysis.</p>}
        </section>
      </div>
      <section className="card categories" aria-labelledby="categories-title">
        <h3 id="categories-title">Criteria</h3>
        {categories.length === 0 ? (
          <p className="muted">No category scores.</p>
        ) : (
          <ul className="category-list">
            {categories.map(([name, category]) => {
              const quotes = details.criterionEvidence?.[name] ?? [];
              return (
                <li key={name}>
                  <div className="category-head">
                    <span className="category-name">{humanizeKey(name)}</span>
                    <span className="category-weight muted">weight {Math.round(category.weight * 100)}%</span>
                    <span className="category-score">{Math.round(category.score)}</span>
                  </div>
                  <div className="bar-track" aria-hidden="true">
                    <div className={`bar-fill score-${scoreBand(category.score)}`} style={{ width: `${Math.max(0, Math.min(100, category.score))}%` }} />
                  </div>
                  {category.feedback && <p className="category-feedback">{category.feedback}</p>}
                  {quotes.length > 0 && (
                    <ul className="evidence-list" aria-label={`Quotes behind ${humanizeKey(name)}`}>
                      {quotes.map((quote, index) => (
                        <QuoteLink key={index} sessionId={sessionId} quote={quote} />
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="coverage-title">
        <h3 id="coverage-title">Questions</h3>
        {coverage.length === 0 ? (
          <p className="muted">The interview's config has no questions of its own.</p>
        ) : (
          <ol className="coverage-list" data-testid="question-coverage">
            {coverage.map((question) => (
              <li key={question.id} data-question={question.id} data-status={question.status ?? 'not_recorded'}>
                <span className={`badge coverage-${question.status ?? 'not_recorded'}`}>{question.status ? coverageLabels[question.status] : 'Not recorded'}</span>
                <p className="coverage-text">{question.text}</p>
                {question.evidence.length > 0 && (
                  <ul className="evidence-list" aria-label="Evidence">
                    {question.evidence.map((quote, index) => (
                      <QuoteLink key={index} sessionId={sessionId} quote={quote} />
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <div className="analytics-lists">
        <FindingList title="Strengths" items={data.strengths} empty="None noted." />
        <FindingList title="Weaknesses" items={data.weaknesses} empty="None noted." />
        <FindingList title="Recommendations" items={data.recommendations} empty="None given." />
      </div>
      <section className="card" aria-labelledby="moments-title">
        <h3 id="moments-title">Key moments</h3>
        {data.keyMoments.length === 0 ? (
          <p className="muted">No key moments were marked.</p>
        ) : (
          <ol className="moments">
            {data.keyMoments.map((moment, index) => (
              <li key={index} className={`moment moment-${moment.type}`}>
                <Link to={`${paths.session(sessionId, 'transcript')}?t=${moment.timestamp}`} className="moment-time" aria-label={`Open the transcript at ${clockTime(moment.timestamp)}`}>
                  {clockTime(moment.timestamp)}
                </Link>
                <span className={`badge moment-type-${moment.type}`}>{moment.type}</span>
                <div>
                  <p>{moment.description}</p>
                  {moment.quote && <blockquote>“{moment.quote}”</blockquote>}
                </div>
              </li>
            ))}
          </ol>
        )}
        {details.rejectedKeyMoments && details.rejectedKeyMoments.length > 0 && (
          <p className="hint">{details.rejectedKeyMoments.length} quote(s) the model gave were not found in the transcript and were left out.</p>
        )}
      </section>
    </>
  );
}

function FindingList({ title, items, empty }: { title: string; items: readonly string[]; empty: string }) {
  const id = `findings-${title.toLowerCase()}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
