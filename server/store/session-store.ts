import type { Database, Statement } from 'better-sqlite3';
import {
  sessionSortColumns,
  sessionStatuses,
  type ListSessionsQuery,
  type SessionCounts,
  type SessionCountsQuery,
  type SessionStatus,
  type StatusChange,
  type VoiceSession,
} from '../../contracts/session.js';
import { readJson, writeJson } from './json-column.js';
import { StatementCache } from './statement-cache.js';

/** voice_sessions as SQLite returns it; it never leaves this file (callers get StoredVoiceSession). */
interface SessionRow {
  id: string;
  org_id: string;
  candidate_name: string | null;
  candidate_email: string | null;
  interview_type: string;
  config_id: string | null;
  config_version: number | null;
  status: SessionStatus;
  daily_room_url: string | null;
  daily_room_name: string | null;
  daily_room_token: string | null;
  ecs_task_arn: string | null;
  session_metadata: string;
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string | null;
  overall_score: number | null;
}

/**
 * A session as the server keeps it: every field of the contract's VoiceSession, with the
 * candidate's room token always present. Replies go through toVoiceSession, which shows the
 * token only to those allowed to see it; nothing else here is hidden from a reply.
 */
export interface StoredVoiceSession extends Omit<VoiceSession, 'dailyRoomToken'> {
  dailyRoomToken: string | null;
}

/** A new session: everything but the score, which lives in voice_analytics. */
export type SessionInsert = Omit<StoredVoiceSession, 'overallScore'>;

/** Fields a caller may change through `update`; anything else is fixed at creation. */
export type SessionChanges = Partial<
  Pick<
    StoredVoiceSession,
    | 'candidateName'
    | 'candidateEmail'
    | 'interviewType'
    | 'configId'
    | 'configVersion'
    | 'status'
    | 'dailyRoomUrl'
    | 'dailyRoomName'
    | 'dailyRoomToken'
    | 'ecsTaskArn'
    | 'sessionMetadata'
    | 'startedAt'
    | 'completedAt'
    | 'durationSeconds'
  >
>;

/** One `update`: the changes, stamped with when and by whom. */
export type SessionPatch = SessionChanges & { updatedAt: string; updatedBy: string | null };

const SELECT_SESSION = `SELECT s.*, a.overall_score FROM voice_sessions s
  LEFT JOIN voice_analytics a ON a.session_id = s.id`;

/** The column of each writable field (insert and update name them as the caller did). */
const COLUMNS: { readonly [K in keyof SessionInsert]-?: string } = {
  id: 'id',
  orgId: 'org_id',
  candidateName: 'candidate_name',
  candidateEmail: 'candidate_email',
  interviewType: 'interview_type',
  configId: 'config_id',
  configVersion: 'config_version',
  status: 'status',
  dailyRoomUrl: 'daily_room_url',
  dailyRoomName: 'daily_room_name',
  dailyRoomToken: 'daily_room_token',
  ecsTaskArn: 'ecs_task_arn',
  sessionMetadata: 'session_metadata',
  startedAt: 'started_at',
  completedAt: 'completed_at',
  durationSeconds: 'duration_seconds',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  createdBy: 'created_by',
  updatedBy: 'updated_by',
};

function isField(key: string): key is keyof SessionInsert {
  return Object.hasOwn(COLUMNS, key);
}

/** Row -> record. One object literal and the metadata's parse: the list maps every row of a page. */
function fromRow(row: SessionRow): StoredVoiceSession {
  return {
    id: row.id,
    orgId: row.org_id,
    candidateName: row.candidate_name,
    candidateEmail: row.candidate_email,
    interviewType: row.interview_type,
    configId: row.config_id,
    configVersion: row.config_version,
    status: row.status,
    dailyRoomUrl: row.daily_room_url,
    dailyRoomName: row.daily_room_name,
    dailyRoomToken: row.daily_room_token,
    ecsTaskArn: row.ecs_task_arn,
    sessionMetadata: readJson<Record<string, unknown>>(row.session_metadata, {}),
    startedAt: row.started_at,
    completedAt: row.completed_at,
    durationSeconds: row.duration_seconds,
    overallScore: row.overall_score,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

/**
 * Record -> columns, for exactly the fields given (an update sets only those: the sync triggers
 * fire on the columns an UPDATE names). Unknown keys are refused rather than written nowhere.
 */
function toRow(fields: Partial<SessionInsert>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!isField(key)) throw new Error(`voice_sessions has no field ${key}`);
    const column = COLUMNS[key];
    row[column] = column === 'session_metadata' ? writeJson(value) : value;
  }
  return row;
}

/** What a reply may show: the record, with the join token only when `revealJoinToken`. */
export function toVoiceSession(session: StoredVoiceSession, revealJoinToken: boolean): VoiceSession {
  const reply: VoiceSession = {
    id: session.id,
    orgId: session.orgId,
    candidateName: session.candidateName,
    candidateEmail: session.candidateEmail,
    interviewType: session.interviewType,
    configId: session.configId,
    configVersion: session.configVersion,
    status: session.status,
    dailyRoomUrl: session.dailyRoomUrl,
    dailyRoomName: session.dailyRoomName,
    ecsTaskArn: session.ecsTaskArn,
    sessionMetadata: session.sessionMetadata,
    startedAt: session.startedAt,
    completedAt: session.completedAt,
    durationSeconds: session.durationSeconds,
    overallScore: session.overallScore,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    createdBy: session.createdBy,
    updatedBy: session.updatedBy,
  };
  if (revealJoinToken) reply.dailyRoomToken = session.dailyRoomToken;
  return reply;
}

export class SessionStore {
  private readonly getStatement: Statement<[string], SessionRow>;
  private readonly insertStatement: Statement<Record<string, unknown>>;
  private readonly deleteStatement: Statement<[string]>;
  private readonly historyStatement: Statement<[string], StatusChange>;
  private readonly addHistoryStatement: Statement<[string, SessionStatus | null, SessionStatus, string, string | null, string | null]>;
  private readonly countByFilter: Statement<[string, string | null, string | null, string | null, string | null], { n: number | null }>;
  private readonly usesConfigStatement: Statement<[string], { n: number }>;
  private readonly countsByStatusStatement: Statement<[string, string | null, string | null], { status: SessionStatus; n: number }>;
  private readonly statements: StatementCache;

  constructor(db: Database) {
    this.statements = new StatementCache(db);
    this.getStatement = db.prepare(`${SELECT_SESSION} WHERE s.id = ?`);
    this.insertStatement = db.prepare(`INSERT INTO voice_sessions (
      id, org_id, candidate_name, candidate_email, interview_type, config_id, config_version, status,
      daily_room_url, daily_room_name, daily_room_token, ecs_task_arn, session_metadata,
      started_at, completed_at, duration_seconds, created_at, updated_at, created_by, updated_by
    ) VALUES (
      @id, @org_id, @candidate_name, @candidate_email, @interview_type, @config_id, @config_version, @status,
      @daily_room_url, @daily_room_name, @daily_room_token, @ecs_task_arn, @session_metadata,
      @started_at, @completed_at, @duration_seconds, @created_at, @updated_at, @created_by, @updated_by
    )`);
    this.deleteStatement = db.prepare('DELETE FROM voice_sessions WHERE id = ?');
    this.historyStatement = db.prepare(
      `SELECT from_status AS "from", to_status AS "to", changed_at AS at, changed_by AS by, reason
       FROM voice_session_status_history WHERE session_id = ? ORDER BY id`,
    );
    this.addHistoryStatement = db.prepare(
      `INSERT INTO voice_session_status_history (session_id, from_status, to_status, changed_at, changed_by, reason)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    // Totals for the common filters come from trigger-maintained counters, not a scan.
    this.countByFilter = db.prepare(
      `SELECT SUM(n) AS n FROM voice_session_counts
       WHERE org_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR interview_type = ?)`,
    );
    this.usesConfigStatement = db.prepare('SELECT COUNT(*) AS n FROM voice_sessions WHERE config_id = ?');
    this.countsByStatusStatement = db.prepare(
      `SELECT status, SUM(n) AS n FROM voice_session_counts
       WHERE org_id = ? AND (? IS NULL OR interview_type = ?) GROUP BY status`,
    );
  }

  get(id: string): StoredVoiceSession | undefined {
    const row = this.getStatement.get(id);
    return row && fromRow(row);
  }

  insert(session: SessionInsert): void {
    this.insertStatement.run(toRow(session));
  }

  update(id: string, patch: SessionPatch): void {
    const row = toRow(patch);
    const columns = Object.keys(row);
    const sql = `UPDATE voice_sessions SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`;
    this.statements.get(sql).run({ ...row, id });
  }

  delete(id: string): void {
    this.deleteStatement.run(id);
  }

  history(id: string): StatusChange[] {
    return this.historyStatement.all(id);
  }

  addHistory(id: string, from: SessionStatus | null, to: SessionStatus, at: string, by: string | null, reason: string | null): void {
    this.addHistoryStatement.run(id, from, to, at, by, reason);
  }

  /** Sessions that should have a bot running: the watchdog asks their runner about them. */
  withLiveBots(): StoredVoiceSession[] {
    return this.statements
      .get<SessionRow>(`${SELECT_SESSION} WHERE s.status IN ('ready', 'active') AND s.ecs_task_arn IS NOT NULL`)
      .all()
      .map(fromRow);
  }

  /** Completed sessions of the team orgs this desktop syncs that have a transcript but no analytics yet. */
  completedTeamSessionsWithoutAnalytics(): StoredVoiceSession[] {
    // No analytics row means no score: the column is NULL rather than joined.
    return this.statements
      .get<SessionRow>(
        `SELECT s.*, NULL AS overall_score FROM voice_sessions s JOIN sync_orgs o ON o.org_id = s.org_id
         WHERE s.status = 'completed'
           AND EXISTS (SELECT 1 FROM voice_transcripts t WHERE t.session_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM voice_analytics a WHERE a.session_id = s.id)`,
      )
      .all()
      .map(fromRow);
  }

  countUsingConfig(configId: string): number {
    return this.usesConfigStatement.get(configId)?.n ?? 0;
  }

  list(query: ListSessionsQuery): { sessions: StoredVoiceSession[]; total: number } {
    const { joinSql, whereSql, args } = filterSql(query);
    const direction = query.sortOrder === 'asc' ? 'ASC' : 'DESC';
    // The score lives in voice_analytics; sessions without one come last in either direction.
    const byScore = query.sortBy === 'overallScore';
    const order = byScore
      ? `ORDER BY a.overall_score IS NULL, a.overall_score ${direction}, s.id ${direction}`
      : `ORDER BY s.${sessionSortColumns[query.sortBy]} ${direction}, s.id ${direction}`;
    const pageJoin = byScore ? ANALYTICS_JOIN : joinSql;
    // The page's rowids come from the index alone; only those rows are then read and joined,
    // so a deep offset skips index entries rather than table rows.
    const listSql = `SELECT s.*, a.overall_score FROM (
        SELECT s.rowid AS rid FROM voice_sessions s ${pageJoin} WHERE ${whereSql} ${order} LIMIT ? OFFSET ?
      ) page JOIN voice_sessions s ON s.rowid = page.rid
      ${ANALYTICS_JOIN} ${order}`;
    const sessions = this.statements.get<SessionRow>(listSql).all(...args, query.limit, query.offset).map(fromRow);

    const total = countedByTriggers(query)
      ? (this.countByFilter.get(query.orgId, query.status ?? null, query.status ?? null, query.interviewType ?? null, query.interviewType ?? null)?.n ?? 0)
      : (this.statements.get<{ n: number }>(`SELECT COUNT(*) AS n FROM voice_sessions s ${joinSql} WHERE ${whereSql}`).get(...args)?.n ?? 0);
    return { sessions, total };
  }

  /** Sessions per status under the list's filters, in one query. */
  countByStatus(query: SessionCountsQuery): SessionCounts {
    let rows: { status: SessionStatus; n: number }[];
    if (countedByTriggers(query)) {
      rows = this.countsByStatusStatement.all(query.orgId, query.interviewType ?? null, query.interviewType ?? null);
    } else {
      const { joinSql, whereSql, args } = filterSql(query);
      rows = this.statements
        .get<{ status: SessionStatus; n: number }>(`SELECT s.status, COUNT(*) AS n FROM voice_sessions s ${joinSql} WHERE ${whereSql} GROUP BY s.status`)
        .all(...args);
    }
    const counts = Object.fromEntries([['all', 0], ...sessionStatuses.map((status) => [status, 0])]) as SessionCounts;
    for (const row of rows) {
      counts[row.status] = row.n;
      counts.all += row.n;
    }
    return counts;
  }
}

/** The counters hold totals per org, status and interview type; other filters need a scan. */
function countedByTriggers(query: SessionCountsQuery): boolean {
  return !query.configId && !query.candidate && !query.createdFrom && !query.createdTo && query.minScore === undefined && query.maxScore === undefined;
}

const ANALYTICS_JOIN = 'LEFT JOIN voice_analytics a ON a.session_id = s.id';

/** WHERE over `voice_sessions s`; with a score bound it also needs the analytics join it returns. */
function filterSql(query: SessionCountsQuery & { status?: SessionStatus | undefined }): { joinSql: string; whereSql: string; args: unknown[] } {
  const where = ['s.org_id = ?'];
  const args: unknown[] = [query.orgId];
  if (query.status) {
    where.push('s.status = ?');
    args.push(query.status);
  }
  if (query.interviewType) {
    where.push('s.interview_type = ?');
    args.push(query.interviewType);
  }
  if (query.configId) {
    where.push('s.config_id = ?');
    args.push(query.configId);
  }
  if (query.candidate) {
    where.push("(s.candidate_name LIKE ? ESCAPE '\\' OR s.candidate_email LIKE ? ESCAPE '\\')");
    const pattern = `%${query.candidate.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    args.push(pattern, pattern);
  }
  if (query.createdFrom) {
    where.push('s.created_at >= ?');
    args.push(new Date(query.createdFrom).toISOString());
  }
  if (query.createdTo) {
    where.push('s.created_at < ?');
    args.push(new Date(query.createdTo).toISOString());
  }
  if (query.minScore !== undefined) {
    where.push('a.overall_score >= ?');
    args.push(query.minScore);
  }
  if (query.maxScore !== undefined) {
    where.push('a.overall_score <= ?');
    args.push(query.maxScore);
  }
  const scored = query.minScore !== undefined || query.maxScore !== undefined;
  return { joinSql: scored ? ANALYTICS_JOIN : '', whereSql: where.join(' AND '), args };
}
