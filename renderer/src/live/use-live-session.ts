import { useEffect, useReducer, useSyncExternalStore } from 'react';
import { applyLiveEvent, emptyLiveTranscript, type LiveTranscript } from './live-transcript.js';
import { liveConnection, type LiveSocketState } from './live-connection.js';

/** Subscribes to one session's live events for as long as the calling screen is shown. */
export function useLiveSession(sessionId: string): { transcript: LiveTranscript; socket: LiveSocketState; error: string | null } {
  const [transcript, dispatch] = useReducer(applyLiveEvent, emptyLiveTranscript);
  const [error, setError] = useReducer((_: string | null, next: string | null) => next, null);
  const socket = useSyncExternalStore(
    (listener) => liveConnection.onStateChange(listener),
    () => liveConnection.socketState(),
  );

  useEffect(
    () =>
      liveConnection.subscribe(sessionId, (message) => {
        const at = Date.now();
        if (message.type === 'subscribed') {
          setError(null);
          dispatch({ type: 'subscribed', status: message.status, segments: message.segments, at });
        } else if (message.type === 'transcript_segment') dispatch({ type: 'segment', segment: message.segment, at });
        else if (message.type === 'session_status') dispatch({ type: 'status', status: message.status, at });
        else if (message.type === 'error') setError(message.message);
      }),
    [sessionId],
  );

  return { transcript, socket, error };
}
