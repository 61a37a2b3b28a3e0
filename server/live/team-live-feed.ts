import type { RealtimeChannel } from '@supabase/supabase-js';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { botState } from '../../contracts/live-events.js';
import { sessionStatus, type SessionStatus } from '../../contracts/session.js';
import { speaker, type LiveSegment } from '../../contracts/transcript.js';
import { nowIso } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Stores } from '../store/stores.js';
import type { TeamProject } from '../sync/team-project.js';
import type { LiveHub, WatchListener } from './live-hub.js';

/** The Realtime topic a team session's reports are broadcast on (migration 009). */
export const liveSessionTopic = (sessionId: string): string => `live:session:${sessionId}`;

/** Broadcast payloads, read tolerantly (a newer project may add fields) and checked field by field. */
const segmentFields = z.object({
  seq: z.number().int().min(0).max(1_000_000),
  speaker,
  text: z.string().max(20_000),
  startTime: z.number().min(0),
  endTime: z.number().min(0),
  confidence: z.number().min(0).max(1).nullish(),
});
const segmentPayload = z.object({ sessionId: z.string(), segment: segmentFields });
const statusPayload = z.object({ sessionId: z.string(), status: sessionStatus, previousStatus: sessionStatus, at: z.string() });
const botStatePayload = z.object({ sessionId: z.string(), state: botState, at: z.string() });
const storedSegment = z.object({
  seq: z.number(),
  speaker,
  text: z.string(),
  start_time: z.number(),
  end_time: z.number(),
  confidence: z.number().nullable(),
});

/** PostgREST's default page cap on a Supabase project. */
const PAGE = 1000;
/** How long a snapshot waits for the channel join before reading anyway (broadcasts may then be missed until it joins). */
const JOIN_WAIT_MS = 5000;

interface Feed {
  sessionId: string;
  team: TeamProject;
  channel: RealtimeChannel;
  joined: Promise<void>;
  /** Segments relayed since the feed opened: a snapshot read before one was stored still shows it. */
  relayed: Map<number, LiveSegment>;
  /** The last status the feed told its consoles (a rejoin compares the project's with it). */
  status: SessionStatus | null;
  joinedOnce: boolean;
  closed: boolean;
}

/**
 * The Live tab for team sessions, whichever desktop started them: while a console on this desktop
 * watches a session of a team org, this joins the session's private Realtime channel as the
 * signed-in user, answers the subscription with the segments the project has stored, and relays
 * the bot's `segment`, `status` and `bot_state` broadcasts as the same messages a bot on this
 * desktop's socket produces. A status broadcast also asks sync to pull (the row follows). The
 * channel is left when no console watches any more.
 */
export class TeamLiveFeed implements WatchListener {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly deps: {
      stores: Stores;
      hub: LiveHub;
      teamFor: (orgId: string) => TeamProject | null;
      logger: Logger;
    },
  ) {}

  subscribed(sessionId: string, socket: WebSocket): void {
    const session = this.deps.stores.sessions.get(sessionId);
    if (!session) return;
    const team = this.deps.teamFor(session.orgId);
    if (!team) return;
    let feed = this.feeds.get(sessionId);
    if (feed && feed.team !== team) {
      this.close(feed);
      feed = undefined;
    }
    feed ??= this.open(sessionId, team);
    void this.sendSnapshot(feed, socket).catch((error: unknown) => {
      this.deps.logger.warn('team live snapshot failed', { sessionId, error: error instanceof Error ? error.message : String(error) });
    });
  }

  unwatched(sessionId: string): void {
    const feed = this.feeds.get(sessionId);
    if (feed) this.close(feed);
  }

  /** Sessions with a joined (or joining) channel, for tests and the health view. */
  watchedSessions(): string[] {
    return [...this.feeds.keys()];
  }

  closeAll(): void {
    for (const feed of [...this.feeds.values()]) this.close(feed);
  }

  private open(sessionId: string, team: TeamProject): Feed {
    let markJoined!: () => void;
    const feed: Feed = {
      sessionId,
      team,
      joined: new Promise<void>((resolve) => (markJoined = resolve)),
      relayed: new Map(),
      status: null,
      joinedOnce: false,
      closed: false,
      channel: team.client
        .channel(liveSessionTopic(sessionId), { config: { private: true, broadcast: { self: false, ack: false } } })
        .on('broadcast', { event: 'segment' }, ({ payload }) => this.onSegment(feed, payload))
        .on('broadcast', { event: 'status' }, ({ payload }) => this.onStatus(feed, payload))
        .on('broadcast', { event: 'bot_state' }, ({ payload }) => this.onBotState(feed, payload)),
    };
    this.feeds.set(sessionId, feed);
    // The private channel is authorized by the user's JWT (RLS on realtime.messages): set it first.
    void team.client.realtime
      .setAuth()
      .catch((error: unknown) => this.deps.logger.debug('realtime auth not set', { error: String(error) }))
      .then(() => {
        if (feed.closed) return;
        feed.channel.subscribe((status, error) => {
          if (status !== 'SUBSCRIBED') {
            if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
              this.deps.logger.info('team live channel not joined', { sessionId, status, error: error?.message });
            }
            return;
          }
          markJoined();
          // Joined again after a drop: what was broadcast meanwhile is read back from the store.
          if (feed.joinedOnce) void this.catchUp(feed);
          feed.joinedOnce = true;
        });
      });
    return feed;
  }

  private close(feed: Feed): void {
    feed.closed = true;
    this.feeds.delete(feed.sessionId);
    void feed.team.client.removeChannel(feed.channel);
  }

  private onSegment(feed: Feed, payload: unknown): void {
    const parsed = segmentPayload.safeParse(payload);
    if (!parsed.success || parsed.data.sessionId !== feed.sessionId) return;
    const segment = toLive(parsed.data.segment);
    // A stored segment never changes (idempotent on seq): one a catch-up already sent is not sent twice.
    if (feed.relayed.has(segment.seq)) return;
    feed.relayed.set(segment.seq, segment);
    this.deps.hub.segment(feed.sessionId, segment);
  }

  private onStatus(feed: Feed, payload: unknown): void {
    const parsed = statusPayload.safeParse(payload);
    if (!parsed.success || parsed.data.sessionId !== feed.sessionId) return;
    feed.status = parsed.data.status;
    this.deps.hub.statusChanged(parsed.data);
    // The status is the session row's: sync brings it (and the transcript, once completed).
    feed.team.requestPull();
  }

  private onBotState(feed: Feed, payload: unknown): void {
    const parsed = botStatePayload.safeParse(payload);
    if (!parsed.success || parsed.data.sessionId !== feed.sessionId) return;
    this.deps.hub.botState(feed.sessionId, parsed.data.state, parsed.data.at);
  }

  /** The `subscribed` answer from the project's store (merged with what this desktop has and relayed). */
  private async sendSnapshot(feed: Feed, socket: WebSocket): Promise<void> {
    await Promise.race([feed.joined, new Promise((resolve) => setTimeout(resolve, JOIN_WAIT_MS).unref())]);
    const [stored, status] = await Promise.all([this.storedSegments(feed), this.remoteStatus(feed)]);
    if (feed.closed) return;
    const bySeq = new Map<number, LiveSegment>();
    for (const segment of this.deps.stores.transcripts.segments(feed.sessionId)) bySeq.set(segment.seq, { ...segment, final: true });
    for (const segment of stored) bySeq.set(segment.seq, segment);
    for (const segment of feed.relayed.values()) bySeq.set(segment.seq, segment);
    const local = this.deps.stores.sessions.get(feed.sessionId);
    const current = status ?? local?.status ?? 'pending';
    feed.status = current;
    this.deps.hub.sendTo(socket, {
      type: 'subscribed',
      sessionId: feed.sessionId,
      status: current,
      segments: [...bySeq.values()].sort((a, b) => a.seq - b.seq),
      botState: this.deps.hub.botStateOf(feed.sessionId),
    });
  }

  private async catchUp(feed: Feed): Promise<void> {
    try {
      const [stored, status] = await Promise.all([this.storedSegments(feed), this.remoteStatus(feed)]);
      for (const segment of stored) {
        if (feed.closed || feed.relayed.has(segment.seq)) continue;
        feed.relayed.set(segment.seq, segment);
        this.deps.hub.segment(feed.sessionId, segment);
      }
      // A status change broadcast while the channel was cut: told now, after the segments it followed.
      if (!feed.closed && status && feed.status && status !== feed.status) {
        this.deps.hub.statusChanged({ sessionId: feed.sessionId, status, previousStatus: feed.status, at: nowIso() });
        feed.status = status;
      }
      feed.team.requestPull();
    } catch (error) {
      this.deps.logger.info('team live catch-up failed', { sessionId: feed.sessionId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async storedSegments(feed: Feed): Promise<LiveSegment[]> {
    const segments: LiveSegment[] = [];
    for (let from = 0; ; from += PAGE) {
      const reply = await feed.team.client
        .from('voice_live_segments')
        .select('seq,speaker,text,start_time,end_time,confidence')
        .eq('session_id', feed.sessionId)
        .order('seq', { ascending: true })
        .range(from, from + PAGE - 1);
      if (reply.error) throw new Error(`live segments not read: ${reply.error.message}`);
      const rows = z.array(storedSegment).parse(reply.data);
      for (const row of rows) {
        segments.push(toLive({ seq: row.seq, speaker: row.speaker, text: row.text, startTime: row.start_time, endTime: row.end_time, confidence: row.confidence }));
      }
      if (rows.length < PAGE) return segments;
    }
  }

  private async remoteStatus(feed: Feed): Promise<SessionStatus | null> {
    const reply = await feed.team.client.from('voice_sessions').select('status').eq('id', feed.sessionId).maybeSingle();
    const parsed = z.object({ status: sessionStatus }).safeParse(reply.data);
    return parsed.success ? parsed.data.status : null;
  }
}

function toLive(segment: z.infer<typeof segmentFields>): LiveSegment {
  return {
    seq: segment.seq,
    speaker: segment.speaker,
    text: segment.text,
    startTime: segment.startTime,
    endTime: segment.endTime,
    confidence: segment.confidence ?? null,
    final: true,
  };
}
