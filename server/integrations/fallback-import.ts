import { z } from 'zod';
import { botFallbackFile, botFallbackKey, type BotFallbackFile } from '../../contracts/bot-fallback.js';
import { isTerminalStatus, sessionTransitions, type SessionStatus } from '../../contracts/session.js';
import type { TranscriptBucket } from '../archive/transcript-bucket.js';
import { finalizeTranscript } from '../domain/finalize-transcript.js';
import type { StatusEvents } from '../domain/status-events.js';
import { transition } from '../domain/transition.js';
import { nowIso } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';
import type { OrgMode } from '../sync/sync-service.js';

export type FallbackOutcome = 'imported' | 'none' | 'no-bucket';

const importReply = z.object({ status: z.string(), inserted: z.number() }).loose();
const outcomeReply = z.object({ added: z.array(z.string()) }).loose();

/** The shortest legal walk from one status to another (ready -> active -> completed), or null. */
export function statusPath(from: SessionStatus, to: SessionStatus): SessionStatus[] | null {
  if (from === to) return [];
  const queue: SessionStatus[][] = [[from]];
  while (queue.length > 0) {
    const path = queue.shift() as SessionStatus[];
    for (const next of sessionTransitions[path[path.length - 1] as SessionStatus]) {
      if (next === to) return [...path.slice(1), next];
      if (!path.includes(next)) queue.push([...path, next]);
    }
  }
  return null;
}

/**
 * A bot that could not deliver everything leaves it in the transcript bucket
 * (`transcripts/{orgId}/undelivered/{sessionId}.json`, contracts/bot-fallback.ts). This brings
 * such a file in: for a team org through voice_import_bot_transcript (the project stores the
 * missing segments, walks the status forward and assembles the transcript); for the local org
 * through the local store and the usual finalize path. Then the file is removed. Every step is
 * idempotent, so two desktops (or a retry after a crash) importing the same file change nothing more.
 */
export class FallbackImporter {
  constructor(
    private readonly deps: {
      stores: Stores;
      bucket: () => TranscriptBucket | null;
      orgMode: (orgId: string) => OrgMode;
      statusEvents: StatusEvents;
      logger: Logger;
    },
  ) {}

  /** Throws when the bucket or the team project cannot be reached (the caller tries again later). */
  async importFor(session: Pick<StoredVoiceSession, 'id' | 'orgId'>): Promise<FallbackOutcome> {
    const bucket = this.deps.bucket();
    if (!bucket) return 'no-bucket';
    const key = botFallbackKey(session.orgId, session.id);
    const text = await bucket.readText(key);
    if (text === null) return 'none';
    const parsed = botFallbackFile.safeParse(safeJson(text));
    if (!parsed.success || parsed.data.sessionId !== session.id || parsed.data.orgId !== session.orgId) {
      // Never deleted: a file this console cannot read may still be read by a person.
      this.deps.logger.error('a bot fallback file could not be read; it is left in the bucket', { sessionId: session.id, key });
      return 'none';
    }
    const file = parsed.data;
    const mode = this.deps.orgMode(session.orgId);
    if (mode.kind === 'team-signed-out') throw new Error('sign in to the team project to import this session\'s transcript');
    if (mode.kind === 'team') {
      const reply = await mode.team.rpc(
        'voice_import_bot_transcript',
        { p_session_id: session.id, p_segments: file.segments, p_status: file.status, p_reason: file.reason },
        importReply,
      );
      this.deps.logger.info('bot fallback file imported into the team project', { sessionId: session.id, inserted: reply.inserted, status: reply.status });
      if (file.quality || file.consent) {
        const outcome = await mode.team.rpc(
          'voice_import_bot_outcome',
          { p_session_id: session.id, p_quality: file.quality ?? null, p_consent: file.consent ?? null },
          outcomeReply,
        );
        this.deps.logger.info('bot fallback figures and consent imported into the team project', { sessionId: session.id, added: outcome.added });
      }
      mode.team.requestPull();
    } else {
      this.importLocally(file);
    }
    await bucket.remove(key);
    return 'imported';
  }

  private importLocally(file: BotFallbackFile): void {
    const { stores } = this.deps;
    let inserted = 0;
    transition(stores, this.deps.statusEvents, (change) => {
      const now = nowIso();
      for (const segment of file.segments) if (stores.transcripts.addSegment(file.sessionId, segment, now)) inserted++;
      const session = stores.sessions.get(file.sessionId);
      if (!session) return;
      const reason = file.reason ?? 'imported from the bot\'s fallback file';
      const path = file.status ? (statusPath(session.status, file.status) ?? []) : [];
      let current: StoredVoiceSession = session;
      for (const step of path) {
        change(current, step, null, reason, now);
        current = stores.sessions.get(file.sessionId) as StoredVoiceSession;
      }
      // Already ended (or left where it was): the transcript is rebuilt with what was missing.
      if (path.length === 0 && inserted > 0 && isTerminalStatus(session.status)) finalizeTranscript(stores, session, session.createdBy, now);
      keepOutcome(stores, file, now);
    });
    this.deps.logger.info('bot fallback file imported', { sessionId: file.sessionId, inserted, status: file.status });
  }
}

/** The file's figures and consent, where the session has none yet (the bot may have delivered them before it lost us). */
function keepOutcome(stores: Stores, file: BotFallbackFile, now: string): void {
  const session = stores.sessions.get(file.sessionId);
  if (!session) return;
  const metadata = session.sessionMetadata;
  const added: Record<string, unknown> = {};
  if (file.quality && metadata.quality === undefined) added.quality = file.quality;
  if (file.consent && metadata.consent === undefined) added.consent = { ...file.consent, configVersion: session.configVersion };
  if (Object.keys(added).length === 0) return;
  stores.sessions.update(session.id, { sessionMetadata: { ...metadata, ...added }, updatedAt: now, updatedBy: null });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
