import { join } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import type { SessionStatus } from '../../contracts/session.js';
import { ensureLocalIdentity } from '../../server/identity/local-identity.js';
import { openDatabase } from '../../server/store/open-database.js';
import { Random } from './random.js';
import { TranscriptGenerator } from './text-generator.js';
import { EMAIL_DOMAINS, FIRST_NAMES, INTERVIEW_TYPES, LAST_NAMES, type InterviewType } from './vocabulary.js';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'migrations', 'sqlite');

export interface DatasetSize {
  sessions: number;
  /** Completed sessions that get a full transcript (and analytics). */
  transcripts: number;
  /** Further completed sessions with analytics but no stored transcript. */
  extraAnalytics: number;
  /** Days back from `now` that created_at spreads over. */
  days: number;
}

export interface SeedSummary {
  orgId: string;
  sessions: number;
  transcripts: number;
  analytics: number;
  historyRows: number;
  transcriptWords: number;
  transcriptSegments: number;
  vocabularySize: number;
  seedMs: number;
}

const DAY_MS = 86_400_000;
const RECENT_MS = 2 * DAY_MS;

/** Old sessions have mostly ended; the last two days still hold invites and live interviews. */
const OLD_STATUSES: readonly (readonly [SessionStatus, number])[] = [
  ['completed', 66],
  ['cancelled', 12],
  ['failed', 9],
  ['pending', 9],
  ['ready', 4],
];
const RECENT_STATUSES: readonly (readonly [SessionStatus, number])[] = [
  ['pending', 35],
  ['ready', 20],
  ['active', 10],
  ['completed', 30],
  ['failed', 2],
  ['cancelled', 3],
];
const STATUS_CODES: readonly SessionStatus[] = ['pending', 'ready', 'active', 'completed', 'failed', 'cancelled'];

interface Statements {
  session: Statement<unknown[]>;
  history: Statement<unknown[]>;
  transcript: Statement<unknown[]>;
  analytics: Statement<unknown[]>;
}

/**
 * Fills a fresh data folder with one org's worth of history. The schema and local identity come
 * from the server's own code, so the rows land exactly where the server will look for them.
 */
export function seedDataset(dataDir: string, size: DatasetSize, seed: number, now: Date): SeedSummary {
  const started = performance.now();
  const db = openDatabase({ dataDir, migrationsDir: MIGRATIONS_DIR });
  try {
    const user = ensureLocalIdentity(db).currentUser();
    const { org_id: orgId } = db.prepare('SELECT org_id FROM org_members WHERE user_id = ?').get(user.id) as { org_id: string };

    // A bench fixture: losing it in a crash only costs a reseed, so skip the WAL and fsyncs while loading.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');

    const random = new Random(seed);
    const generator = new TranscriptGenerator(random);
    const statements = prepareStatements(db);
    const plan = planSessions(random, size, now.getTime());
    const summary = { orgId, sessions: size.sessions, transcripts: 0, analytics: 0, historyRows: 0, transcriptWords: 0, transcriptSegments: 0 };

    db.transaction(() => {
      for (let i = 0; i < size.sessions; i++) {
        const kind = plan.extras[i] as number;
        const written = insertSession(statements, random, generator, {
          orgId,
          userId: user.id,
          createdMs: plan.createdMs[i] as number,
          status: STATUS_CODES[plan.status[i] as number] as SessionStatus,
          withTranscript: kind === EXTRA_TRANSCRIPT,
          withAnalytics: kind !== EXTRA_NONE,
          nowMs: now.getTime(),
        });
        summary.historyRows += written.historyRows;
        summary.transcriptWords += written.transcriptWords;
        summary.transcriptSegments += written.transcriptSegments;
        if (kind === EXTRA_TRANSCRIPT) summary.transcripts++;
        if (kind !== EXTRA_NONE) summary.analytics++;
      }
    })();

    db.pragma('journal_mode = WAL');
    return { ...summary, vocabularySize: generator.vocabularySize, seedMs: performance.now() - started };
  } finally {
    db.close();
  }
}

const EXTRA_NONE = 0;
const EXTRA_ANALYTICS = 1;
const EXTRA_TRANSCRIPT = 2;

/**
 * Creation times and statuses for every session up front, so exactly the requested number of
 * completed sessions can be given transcripts, and rows go in in creation order (as a real store
 * fills up, which is what decides how well rowid order matches the created_at index).
 */
function planSessions(random: Random, size: DatasetSize, nowMs: number): { createdMs: Float64Array; status: Uint8Array; extras: Uint8Array } {
  const createdMs = new Float64Array(size.sessions);
  for (let i = 0; i < size.sessions; i++) createdMs[i] = nowMs - random.next() * size.days * DAY_MS;
  createdMs.sort();
  const status = new Uint8Array(size.sessions);
  const completed: number[] = [];
  for (let i = 0; i < size.sessions; i++) {
    const recent = nowMs - (createdMs[i] as number) < RECENT_MS;
    const chosen = random.weighted(recent ? RECENT_STATUSES : OLD_STATUSES);
    status[i] = STATUS_CODES.indexOf(chosen);
    if (chosen === 'completed') completed.push(i);
  }
  if (completed.length < size.transcripts + size.extraAnalytics) {
    throw new Error(`only ${completed.length} completed sessions for ${size.transcripts} transcripts + ${size.extraAnalytics} analytics`);
  }
  const extras = new Uint8Array(size.sessions);
  const chosen = random.shuffled(completed);
  chosen.slice(0, size.transcripts).forEach((index) => (extras[index] = EXTRA_TRANSCRIPT));
  chosen.slice(size.transcripts, size.transcripts + size.extraAnalytics).forEach((index) => (extras[index] = EXTRA_ANALYTICS));
  return { createdMs, status, extras };
}

function prepareStatements(db: Database): Statements {
  return {
    session: db.prepare(`INSERT INTO voice_sessions (
      id, org_id, candidate_name, candidate_email, interview_type, config_id, config_version, status,
      daily_room_url, daily_room_name, daily_room_token, ecs_task_arn, session_metadata,
      started_at, completed_at, duration_seconds, created_at, updated_at, created_by, updated_by
    ) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    history: db.prepare(`INSERT INTO voice_session_status_history (session_id, from_status, to_status, changed_at, changed_by, reason)
      VALUES (?, ?, ?, ?, ?, ?)`),
    transcript: db.prepare(`INSERT INTO voice_transcripts (
      id, org_id, session_id, transcript_text, transcript_s3_url, candidate_name, interview_type, summary, word_count,
      speaker_segments, metadata, created_at, updated_at, created_by, updated_by
    ) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, '{}', ?, ?, ?, NULL)`),
    analytics: db.prepare(`INSERT INTO voice_analytics (
      id, org_id, session_id, transcript_id, overall_score, category_scores, strengths, weaknesses, recommendations,
      key_moments, detailed_analysis, model_used, processing_time_ms, created_at, updated_at, created_by
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  };
}

interface SessionSpec {
  orgId: string;
  userId: string;
  createdMs: number;
  status: SessionStatus;
  withTranscript: boolean;
  withAnalytics: boolean;
  nowMs: number;
}

/** One session with the history, transcript and analysis its status implies, stamped as the server would. */
function insertSession(
  statements: Statements,
  random: Random,
  generator: TranscriptGenerator,
  spec: SessionSpec,
): { historyRows: number; transcriptWords: number; transcriptSegments: number } {
  const id = random.uuid();
  const type = random.weighted(INTERVIEW_TYPES);
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  // Some invites go out before the candidate's name is known.
  const name = random.chance(0.03) ? null : `${first} ${last}`;
  const email = random.chance(0.05) ? null : `${first}.${last}${random.int(1, 999)}@${random.pick(EMAIL_DOMAINS)}`.toLowerCase();
  const iso = (ms: number): string => new Date(Math.min(ms, spec.nowMs)).toISOString();

  const steps = lifecycle(random, spec.status);
  const readyMs = spec.createdMs + random.int(5_000, 600_000);
  const startMs = readyMs + random.int(60_000, 2 * DAY_MS);
  const transcript = spec.withTranscript ? generator.transcript(name, type, random.normal(1800, 420, 600, 3600)) : null;
  let durationSeconds: number | null = null;
  if (spec.status === 'completed') durationSeconds = transcript?.durationSeconds ?? Math.round(random.normal(1750, 500, 300, 3600));
  else if (steps.includes('active') && (spec.status === 'failed' || spec.status === 'cancelled')) durationSeconds = random.int(20, 900);
  else if (spec.status === 'failed' || spec.status === 'cancelled') durationSeconds = 0;
  const started = steps.includes('active');
  const endMs = started ? startMs + (durationSeconds ?? 0) * 1000 : readyMs + random.int(60_000, 3 * DAY_MS);
  const ended = spec.status === 'completed' || spec.status === 'failed' || spec.status === 'cancelled';
  const hasRoom = steps.includes('ready');
  const roomName = `voice-${id.slice(0, 8)}`;
  const stepMs: Record<SessionStatus, number> = {
    pending: spec.createdMs,
    ready: readyMs,
    active: startMs,
    completed: endMs,
    failed: endMs,
    cancelled: endMs,
  };
  const updatedMs = stepMs[steps.at(-1) as SessionStatus];

  statements.session.run(
    id,
    spec.orgId,
    name,
    email,
    type,
    spec.status,
    hasRoom ? `https://interviews.daily.co/${roomName}` : null,
    hasRoom ? roomName : null,
    hasRoom ? `eyJ${random.hex(120)}` : null,
    started ? `arn:aws:ecs:us-east-1:123456789012:task/voice-bots/${random.hex(32)}` : null,
    JSON.stringify({
      source: random.pick(['ats', 'manual', 'api', 'import']),
      requisitionId: `REQ-${random.int(1000, 9999)}`,
      recruiter: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
      timezone: random.pick(['America/New_York', 'Europe/London', 'Asia/Kolkata', 'America/Los_Angeles', 'Europe/Berlin']),
    }),
    started ? iso(startMs) : null,
    ended ? iso(endMs) : null,
    durationSeconds,
    iso(spec.createdMs),
    iso(updatedMs),
    spec.userId,
    steps.length > 1 ? spec.userId : null,
  );
  steps.forEach((step, index) => {
    statements.history.run(id, index === 0 ? null : steps[index - 1], step, iso(stepMs[step]), spec.userId, index === 0 ? null : 'updated by user');
  });

  let transcriptId: string | null = null;
  if (transcript) {
    transcriptId = random.uuid();
    statements.transcript.run(
      transcriptId,
      spec.orgId,
      id,
      transcript.text,
      name,
      type,
      `${name ?? 'The candidate'} interviewed for a ${type} role. ${generator.prose(random.int(20, 45), type)}`,
      transcript.wordCount,
      JSON.stringify(transcript.segments),
      iso(endMs),
      iso(endMs),
      spec.userId,
    );
  }
  if (spec.withAnalytics) insertAnalytics(statements, random, generator, spec, id, transcriptId, type, iso(endMs + random.int(20_000, 120_000)));
  return { historyRows: steps.length, transcriptWords: transcript?.wordCount ?? 0, transcriptSegments: transcript?.segments.length ?? 0 };
}

/** The statuses a session passed through to reach `status`, following the server's allowed moves. */
function lifecycle(random: Random, status: SessionStatus): SessionStatus[] {
  switch (status) {
    case 'pending':
      return ['pending'];
    case 'ready':
      return ['pending', 'ready'];
    case 'active':
      return ['pending', 'ready', 'active'];
    case 'completed':
      return ['pending', 'ready', 'active', 'completed'];
    case 'failed':
      return random.chance(0.4) ? ['pending', 'failed'] : ['pending', 'ready', 'active', 'failed'];
    case 'cancelled':
      return random.weighted<SessionStatus[]>([
        [['pending', 'cancelled'], 5],
        [['pending', 'ready', 'cancelled'], 3],
        [['pending', 'ready', 'active', 'cancelled'], 2],
      ]);
  }
}

function insertAnalytics(
  statements: Statements,
  random: Random,
  generator: TranscriptGenerator,
  spec: SessionSpec,
  sessionId: string,
  transcriptId: string | null,
  type: InterviewType,
  at: string,
): void {
  const overall = Math.round(random.normal(68, 14, 5, 99) * 10) / 10;
  const category = (weight: number): { score: number; weight: number; feedback: string } => ({
    score: Math.round(random.normal(overall, 10, 0, 100)),
    weight,
    feedback: generator.prose(random.int(12, 30), type),
  });
  const notes = (count: number): string[] => Array.from({ length: count }, () => generator.prose(random.int(8, 20), type));
  statements.analytics.run(
    random.uuid(),
    spec.orgId,
    sessionId,
    transcriptId,
    overall,
    JSON.stringify({ communication: category(0.3), problemSolving: category(0.3), roleKnowledge: category(0.25), cultureAdd: category(0.15) }),
    JSON.stringify(notes(3)),
    JSON.stringify(notes(2)),
    JSON.stringify(notes(2)),
    JSON.stringify(
      Array.from({ length: 3 }, () => ({
        timestamp: random.int(30, 1800),
        type: random.pick(['strength', 'concern', 'neutral']),
        description: generator.prose(random.int(8, 16), type),
        quote: generator.prose(random.int(6, 14), type),
      })),
    ),
    JSON.stringify({ summary: generator.prose(random.int(40, 80), type) }),
    random.pick(['gpt-4o', 'claude-sonnet-4', 'gpt-4.1-mini']),
    random.int(2_000, 40_000),
    at,
    at,
    spec.userId,
  );
}
