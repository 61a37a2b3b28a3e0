import { useEffect, useState } from 'react';
import type { Me } from '../../contracts/identity.js';
import { sessionStatuses, type SessionStatus, type VoiceSession } from '../../contracts/session.js';
import { apiGet, ApiCallError } from './api-client.js';

type Tab = 'all' | SessionStatus;

interface SessionsPage {
  items: VoiceSession[];
  total: number;
}

/** The sessions overview: who is signed in, and the org's sessions by status. */
export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [tab, setTab] = useState<Tab>('all');
  const [page, setPage] = useState<SessionsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const orgId = me?.orgs[0]?.id;

  useEffect(() => {
    apiGet<Me>('/api/me').then(
      (reply) => setMe(reply.data),
      (failure: unknown) => setError(failure instanceof ApiCallError ? failure.message : 'Could not load your account'),
    );
  }, []);

  useEffect(() => {
    if (!orgId) return;
    const params = new URLSearchParams({ orgId, limit: '100' });
    if (tab !== 'all') params.set('status', tab);
    setPage(null);
    apiGet<VoiceSession[]>(`/api/voice/sessions?${params}`).then(
      (reply) => setPage({ items: reply.data, total: reply.pagination?.total ?? reply.data.length }),
      (failure: unknown) => setError(failure instanceof ApiCallError ? failure.message : 'Could not load sessions'),
    );
  }, [orgId, tab]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>Interview Console</h1>
        {me && (
          <span className="who">
            {me.user.displayName} · {me.orgs[0]?.name ?? 'no organization'} · {me.mode}
          </span>
        )}
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <nav className="tabs" aria-label="Session status">
        {(['all', ...sessionStatuses] as Tab[]).map((value) => (
          <button key={value} type="button" aria-pressed={tab === value} onClick={() => setTab(value)}>
            {value}
          </button>
        ))}
      </nav>
      <main>
        {!page && !error && <p className="muted">Loading sessions…</p>}
        {page && page.items.length === 0 && (
          <p className="muted">No sessions yet. Create one through the API (POST /api/voice/sessions) to see it here.</p>
        )}
        {page && page.items.length > 0 && (
          <table className="sessions">
            <caption>
              {page.total} session{page.total === 1 ? '' : 's'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Interview type</th>
                <th scope="col">Status</th>
                <th scope="col">Score</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((session) => (
                <tr key={session.id}>
                  <td>{session.candidateName ?? '—'}</td>
                  <td>{session.interviewType}</td>
                  <td>
                    <span className={`status status-${session.status}`}>{session.status}</span>
                  </td>
                  <td>{session.overallScore ?? '—'}</td>
                  <td>{new Date(session.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}
