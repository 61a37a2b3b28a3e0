import { useEffect, useMemo, useRef, useState } from 'react';
import { consentOf, consentSummary } from '../../../contracts/consent.js';
import { isTerminalStatus, type VoiceSession } from '../../../contracts/session.js';
import type { Snippet } from '../../../contracts/transcript.js';
import { errorMessage } from '../api/api-error.js';
import { useLocation } from '../app/navigation.js';
import { paths } from '../app/routes.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Link } from '../ui/Link.js';
import { OfflineCopyNote } from '../ui/OfflineCopyNote.js';
import { Skeleton } from '../ui/Skeleton.js';
import { toast } from '../ui/toast-store.js';
import { reportToAudit } from './audit-report.js';
import { downloadFile } from './download-file.js';
import { redactTranscriptSource, type RedactionChoice } from './redact-export.js';
import { RedactionToggle } from './RedactionToggle.js';
import { segmentAtTime, segmentForSnippet } from './locate-segment.js';
import { exportFileName, transcriptJson, transcriptMarkdown, transcriptPlainText, transcriptPrintDocument, type ExportSource } from './transcript-export.js';
import { printPdf } from '../print/print-pdf.js';
import { TranscriptViewer } from './TranscriptViewer.js';
import type { SessionTranscript } from './use-session-transcript.js';

/** What a search result passes along when it opens a transcript (kept out of the address). */
export interface TranscriptLandingState {
  snippet: Snippet;
}

function isLandingState(value: unknown): value is TranscriptLandingState {
  return typeof value === 'object' && value !== null && 'snippet' in value;
}

/** `stored` is loaded by the session screen, side by side with the session itself. */
export function TranscriptTab({ session, stored }: { session: VoiceSession; stored: SessionTranscript }) {
  const location = useLocation();
  const { transcript, none, loading, error, cachedAt, reload } = stored;
  const query = location.search.get('q') ?? '';
  const at = location.search.get('t');
  const snippet = isLandingState(location.state) ? location.state.snippet : null;
  const [redaction, setRedaction] = useState<RedactionChoice>({ redact: false, includeName: false });

  // The transcript is (re)assembled when the session ends: fetch it again when that happens here.
  const seenStatus = useRef(session.status);
  useEffect(() => {
    const was = seenStatus.current;
    seenStatus.current = session.status;
    if (was !== session.status && isTerminalStatus(session.status)) reload();
  }, [session.status, reload]);

  const targetSeq = useMemo(() => {
    if (!transcript) return null;
    if (at !== null && Number.isFinite(Number(at))) return segmentAtTime(transcript.speakerSegments, Number(at));
    if (query || snippet) return segmentForSnippet(transcript.speakerSegments, snippet, query);
    return null;
  }, [transcript, at, query, snippet]);

  if (error && !transcript) return <ErrorPanel error={error} onRetry={reload} />;
  if (loading && !transcript) return <Skeleton lines={10} label="Loading transcript" />;
  if (none || !transcript) {
    return isTerminalStatus(session.status) ? (
      <EmptyState title="No transcript">Nothing was said in this session, so no transcript was recorded.</EmptyState>
    ) : (
      <EmptyState title="No transcript yet" action={<Link to={paths.session(session.id, 'live')}>Follow it on the Live tab</Link>}>
        The transcript is put together from the streamed speech when the session ends.
      </EmptyState>
    );
  }

  const source: ExportSource = redactTranscriptSource({ session, transcript }, redaction);
  const audit = (action: 'transcript.exported' | 'transcript.copied', format: 'markdown' | 'json' | 'pdf' | 'text'): void =>
    reportToAudit({ orgId: session.orgId, action, sessionId: session.id, format, redacted: redaction.redact });
  const exportAs = (format: 'markdown' | 'json'): void => {
    if (format === 'markdown') downloadFile(exportFileName(source, 'md'), transcriptMarkdown(source), 'text/markdown');
    else downloadFile(exportFileName(source, 'json'), transcriptJson(source), 'application/json');
    audit('transcript.exported', format);
  };
  // Chromium prints the PDF (the desktop's, or the server's in a browser), so it takes a moment.
  const exportPdf = async (): Promise<void> => {
    try {
      downloadFile(exportFileName(source, 'pdf'), await printPdf(transcriptPrintDocument(source)), 'application/pdf');
      audit('transcript.exported', 'pdf');
    } catch (failure) {
      toast.error(errorMessage(failure, 'The PDF could not be printed'));
    }
  };
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(transcriptPlainText(source));
      audit('transcript.copied', 'text');
      toast.success(redaction.redact ? 'Transcript copied, personal data redacted' : 'Transcript copied');
    } catch {
      toast.error('The clipboard is not available here');
    }
  };

  return (
    <div className="transcript-tab">
      <OfflineCopyNote cachedAt={cachedAt} />
      {consentOf(session.sessionMetadata) && (
        <p className="muted" data-testid="transcript-consent">
          AI consent: {consentSummary(consentOf(session.sessionMetadata))}
        </p>
      )}
      <div className="toolbar">
        <span className="muted">
          {transcript.speakerSegments.length} turns · {transcript.wordCount.toLocaleString()} words
        </span>
        <div className="toolbar-actions">
          <RedactionToggle choice={redaction} onChange={setRedaction} />
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" onClick={() => exportAs('markdown')}>
            Export Markdown
          </button>
          <button type="button" onClick={() => exportAs('json')}>
            Export JSON
          </button>
          <button type="button" onClick={() => void exportPdf()}>
            Export PDF
          </button>
        </div>
      </div>
      {transcript.speakerSegments.length === 0 ? (
        <EmptyState title="Empty transcript">The session ended before anyone spoke.</EmptyState>
      ) : (
        <TranscriptViewer segments={transcript.speakerSegments} initialQuery={query} targetSeq={targetSeq} />
      )}
    </div>
  );
}
