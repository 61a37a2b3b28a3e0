import type { Transcript } from '../../../contracts/transcript.js';
import type { ApiCallError } from '../api/api-error.js';
import { useApiGet } from '../api/use-api-get.js';

export interface SessionTranscript {
  transcript: Transcript | undefined;
  /** True once it is known that the session has no transcript (yet). */
  none: boolean;
  loading: boolean;
  error: ApiCallError | null;
  cachedAt: number | null;
  reload(): void;
}

/** A session's transcript, loaded whole in one request by session id (null: not asked for). */
export function useSessionTranscript(sessionId: string | null): SessionTranscript {
  const whole = useApiGet<Transcript | null>(sessionId ? `/api/voice/sessions/${sessionId}/transcript` : null);
  return {
    transcript: whole.data ?? undefined,
    none: whole.data === null,
    loading: whole.loading,
    error: whole.error,
    cachedAt: whole.cachedAt,
    reload: whole.reload,
  };
}
