import { useEffect, useReducer, useSyncExternalStore } from 'react';
import { applyLiveEvent, emptyLiveTranscript, liveEventOf, type LiveTranscript } from './live-transcript.js';
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
        if (message.type === 'subscribed') setError(null);
        else if (message.type === 'error') setError(message.message);
        const event = liveEventOf(message, Date.now());
        if (event) dispatch(event);
      }),
    [sessionId],
  );

  return { transcript, socket, error };
}
