import type { BotState } from '../../contracts/live-events.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import type { BotToPageMessage } from '../transports/bridge-protocol.js';
import { AudioBridge, bridgeKey, type PlaybackStats } from './audio-bridge.js';
import { rehearsalMarkdown, rehearsalSpeaker } from './rehearsal-transcript.js';

/**
 * The rehearsal page: the person's microphone is the candidate, the speakers play the bot, and the
 * transcript builds up as segments arrive (interim text greyed, replaced in place by its final).
 * `window.rehearsal` exposes the same state for diagnostics and tests.
 */
interface RehearsalState {
  phase: 'idle' | 'starting' | 'live' | 'ended' | 'error';
  /** What the interviewer is doing, as the bot reports it. */
  botState: BotState | null;
  endedReason: string | null;
  segments: LiveSegment[];
  stats: PlaybackStats | null;
}

declare global {
  interface Window {
    rehearsal: RehearsalState;
  }
}

const state: RehearsalState = { phase: 'idle', botState: null, endedReason: null, segments: [], stats: null };
window.rehearsal = state;

const startButton = document.getElementById('start') as HTMLButtonElement;
const statusLine = document.getElementById('status') as HTMLParagraphElement;
const list = document.getElementById('transcript') as HTMLOListElement;
const activityLine = document.getElementById('activity') as HTMLParagraphElement;
const keepBar = document.getElementById('keep') as HTMLDivElement;
const copyButton = document.getElementById('copy') as HTMLButtonElement;
const downloadButton = document.getElementById('download') as HTMLButtonElement;
let microphone: MediaStream | null = null;

function showStatus(text: string): void {
  statusLine.textContent = text;
}

function render(): void {
  list.replaceChildren(
    ...state.segments.map((segment) => {
      const item = document.createElement('li');
      item.className = `${segment.speaker}${segment.final ? '' : ' interim'}`;
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = rehearsalSpeaker(segment);
      item.append(who, segment.text);
      return item;
    }),
  );
}

function onSegment(segment: LiveSegment): void {
  const at = state.segments.findIndex((existing) => existing.seq === segment.seq);
  if (at >= 0) {
    // A final never gives way to a late interim.
    if (!(state.segments[at]?.final === true && !segment.final)) state.segments[at] = segment;
  } else {
    state.segments.push(segment);
    state.segments.sort((a, b) => a.seq - b.seq);
  }
  render();
}

const activityLabels: Record<BotState, string> = {
  listening: 'The interviewer is listening',
  thinking: 'The interviewer is thinking…',
  speaking: 'The interviewer is speaking',
};

function showActivity(next: BotState | null): void {
  state.botState = next;
  activityLine.hidden = next === null;
  activityLine.dataset.state = next ?? '';
  activityLine.textContent = next ? activityLabels[next] : '';
}

function onMessage(message: BotToPageMessage): void {
  if (message.type === 'segment') onSegment(message.segment);
  else if (message.type === 'bot_state') showActivity(message.state);
  else if (message.type === 'ended') {
    showActivity(null);
    state.phase = 'ended';
    state.endedReason = message.reason;
    state.segments = state.segments.filter((segment) => segment.final);
    render();
    showStatus(`The interview ended (${message.reason}). The transcript is below: copy or download it before you close this page.`);
    keepBar.hidden = false;
    downloadButton.focus();
    for (const track of microphone?.getTracks() ?? []) track.stop();
  }
}

async function start(): Promise<void> {
  startButton.disabled = true;
  state.phase = 'starting';
  showStatus('Asking for the microphone…');
  const bridge = new AudioBridge('rehearsal', onMessage);
  state.stats = bridge.stats;
  try {
    await bridge.context.resume();
    microphone = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
    await bridge.start(bridgeKey());
    bridge.output.connect(bridge.context.destination);
    bridge.setInput(microphone);
    bridge.send({ type: 'presence', present: true });
    state.phase = 'live';
    showStatus('Live: the interviewer can hear you.');
  } catch (error) {
    state.phase = 'error';
    showStatus(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
    startButton.disabled = false;
  }
}

function transcriptText(): string {
  return rehearsalMarkdown(state.segments, new Date(), state.endedReason);
}

async function copyTranscript(): Promise<void> {
  try {
    await navigator.clipboard.writeText(transcriptText());
    showStatus('The transcript is on the clipboard.');
  } catch {
    showStatus('The browser did not allow copying: use Download instead.');
  }
}

function downloadTranscript(): void {
  const url = URL.createObjectURL(new Blob([transcriptText()], { type: 'text/markdown' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `rehearsal-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}.md`;
  link.click();
  // Revoked on the next turn: the download has taken its copy by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

startButton.addEventListener('click', () => void start());
copyButton.addEventListener('click', () => void copyTranscript());
downloadButton.addEventListener('click', downloadTranscript);
