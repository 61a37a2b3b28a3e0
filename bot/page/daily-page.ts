import Daily, { type DailyCall, type DailyParticipant } from '@daily-co/daily-js';
import type { BotToPageMessage, JoinRequest } from '../transports/bridge-protocol.js';
import { AudioBridge, bridgeKey } from './audio-bridge.js';

/**
 * The bot's page in a Daily call (headless Chromium). The bridge's player becomes the bot's
 * microphone track; the first remote participant's audio track becomes the bridge's input. The
 * page reports `joined` only when daily-js says the meeting was joined.
 */
const bridge = new AudioBridge('daily', (message) => void onMessage(message));
const microphone = bridge.context.createMediaStreamDestination();
let call: DailyCall | null = null;
let candidateTrackId: string | null = null;
// Chromium only pulls a remote WebRTC track into WebAudio while a media element plays it too.
const sink = document.createElement('audio');
sink.muted = true;
document.body.append(sink);

function fail(message: string): void {
  bridge.send({ type: 'error', message, fatal: true });
}

function remoteParticipants(): DailyParticipant[] {
  return call ? Object.values(call.participants()).filter((participant) => !participant.local) : [];
}

/** Listens to the first remote participant with a playable audio track. */
function followCandidate(): void {
  const remotes = remoteParticipants();
  bridge.send({ type: 'presence', present: remotes.length > 0 });
  const track = remotes.map((participant) => participant.tracks.audio.persistentTrack).find((candidate) => candidate !== undefined) ?? null;
  if ((track?.id ?? null) === candidateTrackId) return;
  candidateTrackId = track?.id ?? null;
  const stream = track ? new MediaStream([track]) : null;
  sink.srcObject = stream;
  if (stream) void sink.play().catch(() => undefined);
  bridge.setInput(stream);
}

async function join(request: JoinRequest): Promise<void> {
  bridge.output.connect(microphone);
  const track = microphone.stream.getAudioTracks()[0];
  if (!track) return fail('no audio track for the bot');
  call = Daily.createCallObject({ audioSource: track, videoSource: false, subscribeToTracksAutomatically: true });
  for (const event of ['participant-joined', 'participant-updated', 'participant-left', 'track-started', 'track-stopped'] as const) {
    call.on(event, followCandidate);
  }
  call.on('error', (event) => fail(event?.errorMsg ?? 'Daily error'));
  call.on('left-meeting', () => bridge.send({ type: 'presence', present: false }));
  try {
    await call.join({ url: request.url, token: request.token, userName: request.userName, startVideoOff: true });
  } catch (error) {
    return fail(`could not join the room: ${error instanceof Error ? error.message : String(error)}`);
  }
  const local = call.participants().local;
  bridge.send({ type: 'joined', participantId: local.session_id });
  followCandidate();
}

async function onMessage(message: BotToPageMessage): Promise<void> {
  if (message.type === 'join') await join(message.join);
  else if (message.type === 'leave') {
    await call?.leave().catch(() => undefined);
    await call?.destroy().catch(() => undefined);
    call = null;
  }
}

bridge.start(bridgeKey()).catch((error: unknown) => console.error('bridge failed', error));
