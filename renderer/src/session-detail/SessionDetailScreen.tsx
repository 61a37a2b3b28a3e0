import { useEffect, useRef } from 'react';
import type { VoiceSession, VoiceSessionDetail } from '../../../contracts/session.js';
import { useApiGet } from '../api/use-api-get.js';
import { navigate } from '../app/navigation.js';
import { paths, sessionTabs, type SessionTab } from '../app/routes.js';
import { useLiveSession } from '../live/use-live-session.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Link } from '../ui/Link.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { ScoreBadge } from '../ui/ScoreBadge.js';
import { Skeleton } from '../ui/Skeleton.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { TabList } from '../ui/TabList.js';
import { AnalyticsTab } from './AnalyticsTab.js';
import { LiveTab } from './LiveTab.js';
import { OverviewTab } from './OverviewTab.js';
import { TranscriptTab } from './TranscriptTab.js';
import { useSessionTranscript } from './use-session-transcript.js';

const tabLabels: Record<SessionTab, string> = { overview: 'Overview', live: 'Live', transcript: 'Transcript', analytics: 'Analytics' };

/** One session: overview and actions, the live view, the transcript, the scorecard. */
export function SessionDetailScreen({ id, tab }: { id: string; tab: SessionTab }) {
  const detail = useApiGet<VoiceSessionDetail>(`/api/voice/sessions/${id}`);
  // Asked for at once, beside the session, rather than after the session has rendered its tab.
  const transcript = useSessionTranscript(tab === 'transcript' ? id : null);
  const live = useLiveSession(id);
  const session = detail.data;
  const reloadDetail = detail.reload;

  // A status change pushed over the live socket (by the bot or another console) refreshes the page.
  const lastStatus = useRef(live.transcript.status);
  useEffect(() => {
    if (live.transcript.status && lastStatus.current && live.transcript.status !== lastStatus.current) reloadDetail();
    lastStatus.current = live.transcript.status;
  }, [live.transcript.status, reloadDetail]);

  if (detail.error && !session) {
    return (
      <section className="screen">
        <p>
          <Link to={paths.sessions}>← Sessions</Link>
        </p>
        <ErrorPanel error={detail.error} onRetry={detail.error.status === 404 ? undefined : detail.reload} />
      </section>
    );
  }
  if (!session) {
    return (
      <section className="screen">
        <Skeleton lines={6} label="Loading session" />
      </section>
    );
  }

  const onChanged = (updated: VoiceSession): void => {
    detail.replace({ ...session, ...updated });
    reloadDetail();
  };

  return (
    <section className="screen session-detail" aria-labelledby="session-title">
      <p className="breadcrumb">
        <Link to={paths.sessions}>← Sessions</Link>
      </p>
      <header className="screen-head">
        <div>
          <h1 id="session-title">{session.candidateName ?? 'Unnamed candidate'}</h1>
          <p className="subtitle">
            <StatusBadge status={session.status} /> <span>{session.interviewType}</span> <ScoreBadge score={session.overallScore} />
          </p>
        </div>
      </header>
      <OfflineCopyNote cachedAt={detail.cachedAt} />
      <TabList
        label="Session views"
        idPrefix="session"
        items={sessionTabs.map((key) => ({ key, label: key === 'live' && session.status === 'active' ? <>{tabLabels[key]} <span className="live-dot" aria-label="in progress" /></> : tabLabels[key] }))}
        selected={tab}
        onSelect={(next) => navigate(paths.session(id, next))}
      />
      <div id="session-panel" role="tabpanel" aria-labelledby={`session-tab-${tab}`} className="tab-panel">
        {tab === 'overview' && <OverviewTab session={session} onChanged={onChanged} onReload={reloadDetail} />}
        {tab === 'live' && <LiveTab session={session} live={live} />}
        {tab === 'transcript' && <TranscriptTab session={session} stored={transcript} />}
        {tab === 'analytics' && <AnalyticsTab session={session} onReload={reloadDetail} />}
      </div>
    </section>
  );
}
