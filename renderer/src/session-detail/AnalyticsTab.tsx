import { useEffect, useState } from 'react';
import { analyticsJobOf } from '../../../contracts/analysis-details.js';
import type { VoiceAnalytics } from '../../../contracts/analytics.js';
import type { VoiceSession } from '../../../contracts/session.js';
import { apiPost } from '../api/api-client.js';
import { errorMessage } from '../api/api-error.js';
import { useApiGet } from '../api/use-api-get.js';
import { useAccount } from '../app/me-context.js';
import { paths } from '../app/routes.js';
import { formatDateTime } from '../format/dates.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Link } from '../ui/Link.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { Skeleton } from '../ui/Skeleton.js';
import { toast } from '../ui/toast-store.js';
import { AnalyticsScorecard } from './AnalyticsScorecard.js';
import { analyticsView, isKeyProblem } from './analytics-view.js';
import { downloadFile } from './download-file.js';
import { reportFileName, reportJson, reportMarkdown, type ReportSource } from './report-export.js';
import { reportPrintDocument } from './report-print.js';
import { printPdf } from '../print/print-pdf.js';
import { mayChangeStatusByHand } from './session-actions.js';
import { useNow } from './use-now.js';
import { useSessionConfig } from './use-session-config.js';
import { useSessionTranscript } from './use-session-transcript.js';
import { reportToAudit } from './audit-report.js';
import { redactReportSource, type RedactionChoice } from './redact-export.js';
import { RedactionToggle } from './RedactionToggle.js';

/** How often a run recorded as in progress (by the server, or another console) is checked on. */
const RUN_POLL_MS = 3000;

interface Props {
  session: VoiceSession;
  /** Fetch the session again: its metadata records the analysis run's state. */
  onReload(): void;
}

export function AnalyticsTab({ session, onReload }: Props) {
  const account = useAccount();
  const analytics = useApiGet<VoiceAnalytics>(`/api/voice/analytics/${session.id}`);
  const { configJson } = useSessionConfig(session);
  const [generatingHere, setGeneratingHere] = useState(false);
  const [requestError, setRequestError] = useState<string | null>(null);
  const [confirmRegenerate, setConfirmRegenerate] = useState(false);
  const now = useNow(false);
  const job = analyticsJobOf(session.sessionMetadata);
  const view = analyticsView({ status: session.status, analyticsUpdatedAt: analytics.data?.updatedAt ?? null, job, generatingHere, requestError, now });
  const reloadAnalytics = analytics.reload;

  // A run started elsewhere (on completion, by the server) is followed until it ends.
  const serverRunning = view.kind === 'generating' && !generatingHere;
  useEffect(() => {
    if (!serverRunning) return undefined;
    const timer = setInterval(() => {
      onReload();
      reloadAnalytics();
    }, RUN_POLL_MS);
    return () => clearInterval(timer);
  }, [serverRunning, onReload, reloadAnalytics]);

  const generate = async (): Promise<void> => {
    setGeneratingHere(true);
    setRequestError(null);
    try {
      const reply = await apiPost<VoiceAnalytics>(`/api/voice/analytics/${session.id}/generate`);
      analytics.replace(reply.data);
      toast.success('The analysis is ready');
    } catch (error) {
      setRequestError(errorMessage(error, 'The analysis could not be generated'));
    } finally {
      setGeneratingHere(false);
      onReload();
    }
  };

  const admin = mayChangeStatusByHand(account);
  const questions = configJson?.interview.questions ?? [];

  if (analytics.error && analytics.error.status !== 404 && !analytics.data) return <ErrorPanel error={analytics.error} onRetry={analytics.reload} />;
  if (!analytics.data && analytics.loading && !analytics.error) return <Skeleton lines={8} label="Loading analytics" />;

  return (
    <div className="analytics">
      <OfflineCopyNote cachedAt={analytics.cachedAt} />
      {view.kind === 'generating' && (
        <div className="card analysis-running" role="status" aria-busy="true" data-testid="analysis-generating">
          <h3>Analysing the interview…</h3>
          <progress aria-label="Analysis in progress" />
          <p className="hint">
            The transcript is scored against the config's rubric{view.since ? `; started ${formatDateTime(view.since)}` : ''}. This usually takes under a minute.
          </p>
        </div>
      )}
      {view.kind === 'failed' && (
        <div className="card analysis-failed" role="alert" data-testid="analysis-failed">
          <h3>The analysis failed</h3>
          <p className="failure-reason">{view.reason}</p>
          {isKeyProblem(view.reason) && (
            <p className="hint">
              {admin ? (
                <>
                  Add or fix the OpenAI key in <Link to={paths.settings}>Settings &gt; Keys</Link>, then try again.
                </>
              ) : (
                'An org owner or admin adds the OpenAI key in Settings > Keys; then try again.'
              )}
            </p>
          )}
          {view.at && <p className="hint">Last attempt {formatDateTime(view.at)}.</p>}
          <button type="button" className="primary" onClick={() => void generate()}>
            Try again
          </button>
        </div>
      )}
      {view.kind === 'waiting' && (
        <EmptyState
          title="No analytics yet"
          action={
            view.completed ? (
              <button type="button" className="primary" onClick={() => void generate()}>
                Analyse now
              </button>
            ) : undefined
          }
        >
          {view.completed
            ? 'The scorecard appears here once the interview has been analysed.'
            : 'The scorecard is produced after the interview is completed.'}
        </EmptyState>
      )}
      {analytics.data && (
        <>
          {view.kind === 'done' && view.lastRunFailed && (
            <div className="analysis-stale" role="alert">
              <strong>The last new analysis failed:</strong> {view.lastRunFailed}. The scorecard below is the previous one.{' '}
              <button type="button" onClick={() => void generate()}>
                Try again
              </button>
            </div>
          )}
          <ReportToolbar session={session} analytics={analytics.data} questions={questions} admin={admin} busy={generatingHere} onRegenerate={() => setConfirmRegenerate(true)} />
          <AnalyticsScorecard sessionId={session.id} analytics={analytics.data} questions={questions} />
        </>
      )}
      {confirmRegenerate && (
        <ConfirmDialog
          title="Regenerate the analysis?"
          message="The transcript is scored again and the new scorecard replaces this one. If the new run fails, this one stays."
          confirmLabel="Regenerate"
          onConfirm={() => {
            setConfirmRegenerate(false);
            void generate();
          }}
          onClose={() => setConfirmRegenerate(false)}
        />
      )}
    </div>
  );
}

interface ToolbarProps {
  session: VoiceSession;
  analytics: VoiceAnalytics;
  questions: ReportSource['questions'];
  admin: boolean;
  busy: boolean;
  onRegenerate(): void;
}

/** The report (scorecard and transcript in one file) and, for admins, a fresh analysis. */
function ReportToolbar({ session, analytics, questions, admin, busy, onRegenerate }: ToolbarProps) {
  const stored = useSessionTranscript(session.id);
  const ready = stored.transcript !== undefined || stored.none;
  const [redaction, setRedaction] = useState<RedactionChoice>({ redact: false, includeName: false });
  const source: ReportSource = redactReportSource({ session, analytics, transcript: stored.transcript ?? null, questions }, redaction);
  const exportAs = (format: 'markdown' | 'json'): void => {
    if (format === 'markdown') downloadFile(reportFileName(source, 'md'), reportMarkdown(source), 'text/markdown');
    else downloadFile(reportFileName(source, 'json'), reportJson(source), 'application/json');
    reportToAudit({ orgId: session.orgId, action: 'report.exported', sessionId: session.id, format, redacted: redaction.redact });
  };
  // Chromium prints the PDF (the desktop's, or the server's in a browser), so it takes a moment.
  const exportPdf = async (): Promise<void> => {
    try {
      downloadFile(reportFileName(source, 'pdf'), await printPdf(reportPrintDocument(source)), 'application/pdf');
      reportToAudit({ orgId: session.orgId, action: 'report.exported', sessionId: session.id, format: 'pdf', redacted: redaction.redact });
    } catch (failure) {
      toast.error(errorMessage(failure, 'The PDF could not be printed'));
    }
  };
  return (
    <div className="toolbar report-toolbar">
      <span className="muted">Analysed {formatDateTime(analytics.updatedAt)}</span>
      <div className="toolbar-actions">
        <RedactionToggle choice={redaction} onChange={setRedaction} />
        <button type="button" disabled={!ready} onClick={() => exportAs('markdown')}>
          Export report (Markdown)
        </button>
        <button type="button" disabled={!ready} onClick={() => exportAs('json')}>
          Export report (JSON)
        </button>
        <button type="button" disabled={!ready} onClick={() => void exportPdf()}>
          Export report (PDF)
        </button>
        {admin && (
          <button type="button" disabled={busy} onClick={onRegenerate}>
            Regenerate
          </button>
        )}
      </div>
    </div>
  );
}
