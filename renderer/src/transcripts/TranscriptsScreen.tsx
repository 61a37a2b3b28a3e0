import { useEffect, useState } from 'react';
import type { TranscriptSummary } from '../../../contracts/transcript.js';
import { withQuery } from '../api/api-client.js';
import { useApiGet } from '../api/use-api-get.js';
import { useAccount } from '../app/me-context.js';
import { navigate, useLocation } from '../app/navigation.js';
import { paths } from '../app/routes.js';
import { formatDate } from '../format/dates.js';
import type { TranscriptLandingState } from '../session-detail/TranscriptTab.js';
import { useFilterOptions } from '../sessions/use-filter-options.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { HighlightedText } from '../ui/HighlightedText.js';
import { Link } from '../ui/Link.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { Skeleton } from '../ui/Skeleton.js';

const PAGE = 25;
const DEBOUNCE_MS = 250;

/** Full-text search over every transcript of the org, best matches first, with highlighted excerpts. */
export function TranscriptsScreen() {
  const { orgId } = useAccount();
  const location = useLocation();
  const q = location.search.get('q') ?? '';
  const type = location.search.get('type') ?? '';
  const candidate = location.search.get('candidate') ?? '';
  const page = Math.max(0, Number(location.search.get('page') ?? 0) || 0);
  const [text, setText] = useState(q);
  const [candidateText, setCandidateText] = useState(candidate);
  const { interviewTypes } = useFilterOptions(orgId);

  const update = (changes: Record<string, string>): void => {
    const next = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    const search = next.toString();
    navigate(`${paths.transcripts}${search ? `?${search}` : ''}`, { replace: true });
  };

  useEffect(() => {
    if (text === q && candidateText === candidate) return;
    const timer = setTimeout(() => update({ q: text.trim(), candidate: candidateText.trim() }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  });

  const path = withQuery('/api/voice/transcripts', {
    orgId,
    q: q.trim() || undefined,
    interviewType: type || undefined,
    candidateName: candidate.trim() || undefined,
    limit: PAGE,
    offset: page * PAGE,
  });
  const results = useApiGet<TranscriptSummary[]>(path);
  const total = results.pagination?.total ?? 0;

  return (
    <section className="screen transcripts-screen" aria-labelledby="transcripts-title">
      <header className="screen-head">
        <h1 id="transcripts-title">Transcripts</h1>
      </header>
      <div className="filters" role="search">
        <label className="filter-search grow">
          <span className="visually-hidden">Search all transcripts</span>
          <input type="search" dir="auto" autoFocus placeholder="Search what was said, e.g. kubernetes migration" value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <label>
          <span>Type</span>
          <select value={type} onChange={(event) => update({ type: event.target.value })}>
            <option value="">All types</option>
            {interviewTypes.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Candidate</span>
          <input type="text" placeholder="Name" value={candidateText} onChange={(event) => setCandidateText(event.target.value)} />
        </label>
      </div>
      <OfflineCopyNote cachedAt={results.cachedAt} />
      {results.error && !results.data ? (
        <ErrorPanel error={results.error} onRetry={results.reload} />
      ) : !results.data ? (
        <Skeleton lines={6} label="Searching transcripts" />
      ) : results.data.length === 0 ? (
        q ? (
          <EmptyState title="No transcript mentions that">Try fewer or different words; the last word also matches as a prefix.</EmptyState>
        ) : (
          <EmptyState title="No transcripts yet">Transcripts appear here when interviews end. Start a session from the Sessions screen.</EmptyState>
        )
      ) : (
        <>
          <p className="list-summary" aria-live="polite">
            {total.toLocaleString()} transcript{total === 1 ? '' : 's'}
            {q ? `, best matches first` : ', newest first'}
          </p>
          <ol className="search-results">
            {results.data.map((item) => {
              const state: TranscriptLandingState | undefined = item.snippet ? { snippet: item.snippet } : undefined;
              return (
                <li key={item.id} className="search-result">
                  <Link to={`${paths.session(item.sessionId, 'transcript')}${q ? `?q=${encodeURIComponent(q)}` : ''}`} state={state} className="result-title" dir="auto">
                    {item.candidateName ?? 'Unnamed candidate'}
                  </Link>
                  <span className="muted result-meta">
                    {item.interviewType ?? '—'} · {formatDate(item.createdAt)} · {item.wordCount.toLocaleString()} words
                  </span>
                  {item.snippet ? (
                    <p className="snippet" dir="auto">
                      <HighlightedText text={item.snippet.text} ranges={item.snippet.highlights} />
                    </p>
                  ) : (
                    item.summary && (
                      <p className="snippet" dir="auto">
                        {item.summary}
                      </p>
                    )
                  )}
                </li>
              );
            })}
          </ol>
          {total > PAGE && (
            <nav className="pager" aria-label="Result pages">
              <button type="button" disabled={page === 0} onClick={() => update({ page: String(page - 1) })}>
                Previous
              </button>
              <span>
                Page {page + 1} of {Math.ceil(total / PAGE)}
              </span>
              <button type="button" disabled={(page + 1) * PAGE >= total} onClick={() => update({ page: String(page + 1) })}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
