import { useEffect, useState } from 'react';
import type { RehearsalStarted, RehearsalStatus } from '../../../contracts/rehearsal.js';
import { apiDelete, apiGetLive, apiPost } from '../api/api-client.js';
import { ApiCallError, errorMessage } from '../api/api-error.js';
import { openExternal } from '../desktop/desktop-bridge.js';
import { toast } from '../ui/toast-store.js';

/** How often the editor checks on a running rehearsal (its page runs in the browser, not here). */
const FOLLOW_MS = 2000;

/**
 * Rehearse a saved config: a local bot runs it and its page opens in the browser, where the
 * recruiter talks to it with their own microphone (no Daily room) and keeps the transcript. The
 * button follows the rehearsal, so it turns back into "Rehearse" when the interview ends there.
 */
export function RehearseButton({ configId }: { configId: string }) {
  const [rehearsal, setRehearsal] = useState<RehearsalStarted | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!rehearsal) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      apiGetLive<RehearsalStatus>(`/api/voice/rehearsals/${encodeURIComponent(rehearsal.id)}`, controller.signal).then(
        ({ data }) => {
          if (data.state !== 'ended') return;
          setRehearsal(null);
          toast.info(`The rehearsal ended (${data.endedReason ?? 'done'})`);
        },
        (error: unknown) => {
          // Gone from the server (it restarted): nothing runs any more.
          if (error instanceof ApiCallError && error.status === 404) setRehearsal(null);
        },
      );
    }, FOLLOW_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [rehearsal]);

  const start = async (): Promise<void> => {
    setBusy(true);
    try {
      const { data } = await apiPost<RehearsalStarted>(`/api/voice/configs/${configId}/rehearse`);
      setRehearsal(data);
      openExternal(data.url);
      toast.info('The rehearsal opened in your browser: allow the microphone and start talking');
    } catch (error) {
      toast.error(errorMessage(error, 'Could not start a rehearsal'));
    } finally {
      setBusy(false);
    }
  };

  const stop = async (): Promise<void> => {
    if (!rehearsal) return;
    setBusy(true);
    try {
      await apiDelete<RehearsalStatus>(`/api/voice/rehearsals/${encodeURIComponent(rehearsal.id)}`);
      setRehearsal(null);
    } catch (error) {
      if (error instanceof ApiCallError && error.status === 404) setRehearsal(null);
      else toast.error(errorMessage(error, 'Could not stop the rehearsal'));
    } finally {
      setBusy(false);
    }
  };

  return rehearsal ? (
    <button type="button" onClick={() => void stop()} disabled={busy}>
      {busy ? 'Stopping…' : 'Stop rehearsal'}
    </button>
  ) : (
    <button type="button" onClick={() => void start()} disabled={busy} title="Talk to the interviewer with your own microphone">
      {busy ? 'Starting…' : 'Rehearse'}
    </button>
  );
}
