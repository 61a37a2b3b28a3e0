import { useEffect, useRef, useState } from 'react';
import type { SessionStatus } from '../../../contracts/session.js';
import { useConnectivity } from '../api/use-connectivity.js';
import { CallUnreachable, joinAsObserver, requestObserverGrant, type ObserverCall } from './observer-call.js';

type CallState =
  | { kind: 'idle' }
  | { kind: 'joining'; step: string }
  | { kind: 'joined'; participants: number }
  | { kind: 'unreachable'; reason: string };

/**
 * "Join call": listen in on the Daily room, muted. Never claims a call it did not join.
 * `autoJoin`: the recruiter asked to join from elsewhere (the Overview's "Join as observer").
 */
export function JoinCallPanel({ sessionId, status, autoJoin = false }: { sessionId: string; status: SessionStatus; autoJoin?: boolean }) {
  const { status: connectivity } = useConnectivity();
  const [state, setState] = useState<CallState>({ kind: 'idle' });
  const call = useRef<ObserverCall | null>(null);
  const joinable = status === 'ready' || status === 'active';

  useEffect(
    () => () => {
      void call.current?.leave();
      call.current = null;
    },
    [],
  );

  const join = async (): Promise<void> => {
    if (connectivity === 'offline') {
      setState({ kind: 'unreachable', reason: 'You are offline: the call cannot be reached.' });
      return;
    }
    try {
      setState({ kind: 'joining', step: 'Asking the server for access…' });
      const grant = await requestObserverGrant(sessionId);
      setState({ kind: 'joining', step: 'Connecting to the call…' });
      call.current = await joinAsObserver(grant, {
        onParticipants: (participants) => setState({ kind: 'joined', participants }),
        onLeft: () => {
          call.current = null;
          setState({ kind: 'idle' });
        },
      });
      setState((current) => (current.kind === 'joined' ? current : { kind: 'joined', participants: 1 }));
    } catch (error) {
      setState({ kind: 'unreachable', reason: error instanceof CallUnreachable ? error.message : 'The call could not be reached.' });
    }
  };

  // Once per arrival: a later re-render with the same landing state must not rejoin after leaving.
  const autoJoined = useRef(false);
  useEffect(() => {
    if (!autoJoin || !joinable || autoJoined.current) return;
    autoJoined.current = true;
    void join();
  }, [autoJoin, joinable]);

  const leave = async (): Promise<void> => {
    const current = call.current;
    call.current = null;
    setState({ kind: 'idle' });
    await current?.leave();
  };

  return (
    <section className="card join-call" aria-labelledby="join-call-title">
      <h3 id="join-call-title">Call</h3>
      {state.kind === 'joined' ? (
        <>
          <p className="call-status" role="status">
            Listening in, muted · {state.participants} in the call
          </p>
          <button type="button" onClick={() => void leave()}>
            Leave call
          </button>
        </>
      ) : (
        <>
          <button type="button" className="primary" disabled={!joinable || state.kind === 'joining'} onClick={() => void join()}>
            {state.kind === 'joining' ? 'Joining…' : 'Join call (muted)'}
          </button>
          {!joinable && <p className="hint">The call can be joined while the session is ready or active.</p>}
          {state.kind === 'joining' && (
            <p className="hint" role="status">
              {state.step}
            </p>
          )}
          {state.kind === 'unreachable' && (
            <div className="call-unreachable" role="alert" data-testid="call-unreachable">
              <strong>Cannot reach the call.</strong> {state.reason}
            </div>
          )}
        </>
      )}
    </section>
  );
}
