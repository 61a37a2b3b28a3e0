import { providerRequest, ProviderError } from './provider-request.js';

export interface DailyRoom {
  name: string;
  url: string;
}

export interface DailyRoomOptions {
  name: string;
  expiresAt: Date;
  maxParticipants: number;
}

export interface DailyTokenOptions {
  roomName: string;
  isOwner: boolean;
  userName: string;
  userId?: string;
  expiresAt: Date;
  startAudioOff?: boolean;
}

const unix = (date: Date): number => Math.floor(date.getTime() / 1000);

/** Daily's REST API (there is no Node SDK): rooms and meeting tokens, per protocols.md. */
export class DailyClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return providerRequest<T>(
      { provider: 'Daily', method, url: `${this.baseUrl}${path}`, headers: { authorization: `Bearer ${this.apiKey}` }, body },
      [this.apiKey],
    );
  }

  /** A private, audio-only room that expires and ejects everyone at `expiresAt`; no recording, no chat. */
  async createRoom(options: DailyRoomOptions): Promise<DailyRoom> {
    const room = await this.call<{ name: string; url: string }>('POST', '/rooms', {
      name: options.name,
      privacy: 'private',
      properties: {
        exp: unix(options.expiresAt),
        eject_at_room_exp: true,
        max_participants: options.maxParticipants,
        enable_chat: false,
        enable_prejoin_ui: false,
        start_video_off: true,
        start_audio_off: false,
      },
    });
    return { name: room.name, url: room.url };
  }

  /** Deletes the room; one that is already gone counts as deleted. */
  async deleteRoom(name: string): Promise<void> {
    try {
      await this.call('DELETE', `/rooms/${encodeURIComponent(name)}`);
    } catch (error) {
      if (error instanceof ProviderError && error.status === 404) return;
      throw error;
    }
  }

  async createMeetingToken(options: DailyTokenOptions): Promise<string> {
    const reply = await this.call<{ token: string }>('POST', '/meeting-tokens', {
      properties: {
        room_name: options.roomName,
        is_owner: options.isOwner,
        user_name: options.userName,
        ...(options.userId ? { user_id: options.userId } : {}),
        exp: unix(options.expiresAt),
        eject_at_token_exp: true,
        start_video_off: true,
        start_audio_off: options.startAudioOff ?? false,
      },
    });
    return reply.token;
  }

  /** The cheapest authenticated call: the domain's own config. */
  async checkKey(): Promise<void> {
    await this.call('GET', '/');
  }
}
