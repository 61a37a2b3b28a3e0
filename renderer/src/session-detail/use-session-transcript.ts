import { useCallback } from 'react';
import type { Transcript, TranscriptSummary } from '../../../contracts/transcript.js';
import { withQuery } from '../api/api-client.js';
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

/** A session's transcript: found by session id in the list, then loaded whole. */
export function useSessionTranscript(orgId: string, sessionId: string): SessionTranscript {
  const summary = useApiGet<TranscriptSummary[]>(withQuery('/api/voice/transcripts', { orgId, sessionId, limit: 1 }));
  const id = summary.data?.[0]?.id ?? null;
  const reloadSummary = summary.reload;
  const full = useApiGet<Transcript>(id ? `/api/voice/transcripts/${id}` : null);
  const reloadFull = full.reload;
  return {
    transcript: full.data,
    none: summary.data !== undefined && summary.data.length === 0,
    loading: summary.loading || full.loading,
    error: summary.error ?? full.error,
    cachedAt: full.cachedAt ?? summary.cachedAt,
    reload: useCallback(() => {
      reloadSummary();
      reloadFull();
    }, [reloadSummary, reloadFull]),
  };
}
