import { apiPost } from '../api/api-client.js';
import { ApiCallError } from '../api/api-error.js';

/** What the server hands out for watching a call: the room and a muted, receive-only token. */
export interface ObserverGrant {
  roomUrl: string;
  token: string;
}

export class CallUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallUnreachable';
  }
}

export interface ObserverCall {
  leave(): Promise<void>;
}

export interface ObserverEvents {
  onParticipants(count: number): void;
  onLeft(reason: string | null): void;
}

const JOIN_TIMEOUT_MS = 20_000;

/**
 * Asks the server for an observer token. The endpoint may not exist on this server yet (404/501),
 * or the session may have no call room (409): each is a plain "cannot reach the call" reason.
 */
export async function requestObserverGrant(sessionId: string): Promise<ObserverGrant> {
  try {
    const reply = await apiPost<ObserverGrant>(`/api/voice/sessions/${sessionId}/observer-token`);
    if (typeof reply.data?.roomUrl !== 'string' || typeof reply.data.token !== 'string') {
      throw new CallUnreachable('The server did not return a call room for this session.');
    }
    return reply.data;
  } catch (error) {
    if (error instanceof CallUnreachable) throw error;
    if (error instanceof ApiCallError) {
      if (error.isUnreachable) throw new CallUnreachable('You are offline: the console server cannot be reached.');
      if (error.status === 404 || error.status === 501) {
        throw new CallUnreachable('This server cannot open the call for observers (no Daily key is set up, or the feature is not available yet).');
      }
      if (error.status === 409) throw new CallUnreachable(`The call is not available: ${error.message}`);
      throw new CallUnreachable(error.message);
    }
    throw new CallUnreachable('The call could not be reached.');
  }
}

/**
 * Joins the Daily room as a muted observer: no microphone or camera is ever opened; remote audio
 * plays so the recruiter can listen. daily-js is loaded only here (its own chunk), and it fetches
 * its call engine from Daily's servers, so offline this fails, and says so.
 */
export async function joinAsObserver(grant: ObserverGrant, events: ObserverEvents): Promise<ObserverCall> {
  const Daily = await import('@daily-co/daily-js').then(
    (module) => module.default,
    () => null,
  );
  if (!Daily) throw new CallUnreachable('The call component could not be loaded.');
  const call = Daily.createCallObject({ audioSource: false, videoSource: false, subscribeToTracksAutomatically: true });
  const players = new Map<string, HTMLAudioElement>();
  const stopAudio = (): void => {
    for (const player of players.values()) {
      player.srcObject = null;
      player.remove();
    }
    players.clear();
  };
  call.on('track-started', (event) => {
    if (!event?.participant || event.participant.local || event.track.kind !== 'audio') return;
    const player = players.get(event.participant.session_id) ?? document.createElement('audio');
    player.autoplay = true;
    player.srcObject = new MediaStream([event.track]);
    players.set(event.participant.session_id, player);
    void player.play().catch(() => undefined);
  });
  call.on('participant-counts-updated', (event) => events.onParticipants(event?.participantCounts.present ?? 0));
  call.on('left-meeting', () => {
    stopAudio();
    events.onLeft(null);
  });

  const failure = new Promise<never>((_, reject) => {
    call.on('error', (event) => reject(new CallUnreachable(`The call could not be reached: ${event?.errorMsg ?? 'connection failed'}`)));
    call.on('load-attempt-failed', () => reject(new CallUnreachable('The call could not be reached: its components did not load (offline?).')));
    setTimeout(() => reject(new CallUnreachable('The call could not be reached in time. Check the internet connection.')), JOIN_TIMEOUT_MS);
  });
  try {
    await Promise.race([call.join({ url: grant.roomUrl, token: grant.token, startAudioOff: true, startVideoOff: true }), failure]);
  } catch (error) {
    stopAudio();
    await call.destroy().catch(() => undefined);
    throw error instanceof CallUnreachable ? error : new CallUnreachable('The call could not be reached.');
  }
  return {
    leave: async () => {
      stopAudio();
      await call.leave().catch(() => undefined);
      await call.destroy().catch(() => undefined);
    },
  };
}
