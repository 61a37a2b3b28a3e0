import { BRIDGE_PATH, BRIDGE_SAMPLE_RATE } from '../../contracts/bot-bridge.js';
import type { BotToPageMessage, PageKind, PageMessage } from '../transports/bridge-protocol.js';
import type { PlayerCommand, PlayerReport } from './worklet-messages.js';

export interface PlaybackStats {
  /** Bot samples actually output by the player. */
  playedSamples: number;
  /** Largest sample magnitude output (0..1) and the RMS over everything played. */
  peak: number;
  rms: number;
}

/**
 * The page's half of the audio bridge, shared by the rehearsal page and the Daily page: a 16 kHz
 * AudioContext with a capture worklet (whatever input it is given -> the bot) and a player worklet
 * (the bot's audio -> whatever output it is connected to), over one WebSocket to the bot.
 */
export class AudioBridge {
  readonly context = new AudioContext({ sampleRate: BRIDGE_SAMPLE_RATE, latencyHint: 'interactive' });
  readonly stats: PlaybackStats = { playedSamples: 0, peak: 0, rms: 0 };
  private capture: AudioWorkletNode | null = null;
  private player: AudioWorkletNode | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private socket: WebSocket | null = null;

  constructor(
    private readonly page: PageKind,
    private readonly onMessage: (message: BotToPageMessage) => void,
  ) {}

  /** The player's output, to connect to the speakers or to a call's microphone track. */
  get output(): AudioNode {
    if (!this.player) throw new Error('the bridge has not started');
    return this.player;
  }

  async start(key: string): Promise<void> {
    await this.context.audioWorklet.addModule('/page/bridge-worklet.js');
    this.capture = new AudioWorkletNode(this.context, 'bridge-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
    this.player = new AudioWorkletNode(this.context, 'bridge-player', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
    this.capture.port.onmessage = (event: MessageEvent<Int16Array>) => {
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(event.data.buffer);
    };
    this.player.port.onmessage = (event: MessageEvent<PlayerReport>) => this.onPlayerReport(event.data);
    await this.connect(key);
  }

  /** Feeds this stream's audio to the bot (null: nothing, e.g. no candidate yet). */
  setInput(stream: MediaStream | null): void {
    this.source?.disconnect();
    this.source = null;
    if (!stream || !this.capture) return;
    this.source = this.context.createMediaStreamSource(stream);
    this.source.connect(this.capture);
  }

  send(message: PageMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close(): void {
    this.socket?.close();
    this.setInput(null);
    void this.context.close();
  }

  private connect(key: string): Promise<void> {
    const socket = new WebSocket(`ws://${location.host}${BRIDGE_PATH}?key=${encodeURIComponent(key)}`);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data !== 'string') {
        this.command({ type: 'audio', samples: new Int16Array(event.data) }, [event.data]);
        return;
      }
      const message = JSON.parse(event.data) as BotToPageMessage;
      if (message.type === 'clear') this.command(message, []);
      else this.onMessage(message);
    };
    return new Promise((resolve, reject) => {
      socket.onopen = () => {
        this.send({ type: 'hello', page: this.page, sampleRate: this.context.sampleRate });
        resolve();
      };
      socket.onerror = () => reject(new Error('the bot did not accept the bridge connection'));
    });
  }

  private command(command: PlayerCommand, transfer: Transferable[]): void {
    this.player?.port.postMessage(command, transfer);
  }

  private onPlayerReport(report: PlayerReport): void {
    this.stats.playedSamples = report.samples;
    this.stats.peak = report.peak;
    this.stats.rms = report.samples > 0 ? Math.sqrt(report.sumSquares / report.samples) : 0;
    if (report.type === 'played') this.send({ type: 'played', samples: report.samples });
    else this.send({ type: 'cleared', id: report.id, samples: report.samples });
  }
}

/** The bridge key from the page's address (`#key=...`). */
export function bridgeKey(): string {
  return new URLSearchParams(location.hash.slice(1)).get('key') ?? '';
}
