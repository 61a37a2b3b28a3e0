import { useState } from 'react';
import type { RehearsalStarted } from '../../../contracts/rehearsal.js';
import { apiDelete, apiPost } from '../api/api-client.js';
import { errorMessage } from '../api/api-error.js';
import { openExternal } from '../desktop/desktop-bridge.js';
import { toast } from '../ui/toast-store.js';

/**
 * Rehearse a saved config: a local bot runs it and its page opens in the browser, where the
 * recruiter talks to it with their own microphone (no Daily room) and sees the transcript.
 */
export function RehearseButton({ configId }: { configId: string }) {
  const [rehearsal, setRehearsal] = useState<RehearsalStarted | null>(null);
  const [busy, setBusy] = useState(false);

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
      await apiDelete(`/api/voice/rehearsals/${encodeURIComponent(rehearsal.id)}`);
    } catch (error) {
      toast.error(errorMessage(error, 'Could not stop the rehearsal'));
    } finally {
      setRehearsal(null);
      setBusy(false);
    }
  };

  return rehearsal ? (
    <button type="button" onClick={() => void stop()} disabled={busy}>
      Stop rehearsal
    </button>
  ) : (
    <button type="button" onClick={() => void start()} disabled={busy} title="Talk to the interviewer with your own microphone">
      {busy ? 'Starting…' : 'Rehearse'}
    </button>
  );
}
