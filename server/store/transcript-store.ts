import type { Database, Statement } from 'better-sqlite3';
import {
  transcriptPageSize,
  type ListTranscriptsQuery,
  type LiveSegment,
  type Snippet,
  type SpeakerSegment,
  type Transcript,
  type TranscriptSummary,
} from '../../contracts/transcript.js';
import { hasCjk, likePattern, searchTerms, splitTermsByLength, termSnippet } from './cjk-search.js';
import { readJson, writeJson } from './json-column.js';
import type { StoredVoiceSession } from './session-store.js';
import { StatementCache } from './statement-cache.js';
import { wordSnippet } from './word-snippet.js';

interface TranscriptRow {
  id: string;
  org_id: string;
  session_id: string;
  transcript_text: string;
  transcript_s3_url: string | null;
  candidate_name: string | null;
  interview_type: string | null;
  summary: string | null;
  word_count: number;
  speaker_segments: string;
  metadata: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string | null;
}

type SummaryRow = Omit<TranscriptRow, 'transcript_text' | 'speaker_segments' | 'metadata' | 'created_by' | 'updated_by'> & {
  rank?: number;
  snip?: string;
};

const SUMMARY_COLUMNS = `t.id, t.org_id, t.session_id, t.candidate_name, t.interview_type, t.word_count, t.summary,
  t.transcript_s3_url, t.created_at, t.updated_at`;

// Snippet markers: control characters never kept in stored text (see cleanSegmentText).
const MARK_START = '\u0001';
const MARK_END = '\u0002';

function toSummary(row: SummaryRow): TranscriptSummary {
  const summary: TranscriptSummary = {
    id: row.id,
    orgId: row.org_id,
    sessionId: row.session_id,
    candidateName: row.candidate_name,
    interviewType: row.interview_type,
    wordCount: row.word_count,
    summary: row.summary,
    transcriptS3Url: row.transcript_s3_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.rank !== undefined) summary.rank = row.rank;
  if (row.snip !== undefined) summary.snippet = parseSnippet(row.snip);
  return summary;
}

function parseSnippetOrNull(marked: string | undefined): Snippet | null {
  return marked === undefined ? null : parseSnippet(marked);
}

export function parseSnippet(marked: string): Snippet {
  let text = '';
  const highlights: [number, number][] = [];
  let start = -1;
  for (const char of marked) {
    if (char === MARK_START) start = text.length;
    else if (char === MARK_END) {
      if (start >= 0) highlights.push([start, text.length]);
      start = -1;
    } else text += char;
  }
  return { text, highlights };
}

/** Control characters (bar newline and tab) are dropped from spoken text: they carry no speech. */
export function cleanSegmentText(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * Turns free text into an FTS5 query that cannot be a syntax error: each word is quoted and ANDed,
 * and the last one also matches as a prefix, so search-as-you-type finds "kubern" → "kubernetes".
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return null;
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ');
}

export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}


/** The list's filters (org, session, interview type, candidate name), shared by every search path. */
function addListFilters(query: ListTranscriptsQuery, where: string[], args: unknown[]): void {
  where.push('t.org_id = ?');
  args.push(query.orgId);
  if (query.sessionId) {
    where.push('t.session_id = ?');
    args.push(query.sessionId);
  }
  if (query.interviewType) {
    where.push('t.interview_type = ?');
    args.push(query.interviewType);
  }
  if (query.candidateName) {
    where.push("t.candidate_name LIKE ? ESCAPE '\\'");
    args.push(likePattern(query.candidateName));
  }
}

export class TranscriptStore {
  private readonly getStatement: Statement<[string], TranscriptRow>;
  private readonly bySessionStatement: Statement<[string], { id: string }>;
  private readonly deleteStatement: Statement<[string]>;
  private readonly insertSegmentStatement: Statement<[string, number, string, string, number, number, number | null, string]>;
  private readonly segmentsStatement: Statement<[string], SpeakerSegment>;
  private readonly upsertStatement: Statement<Record<string, unknown>>;
  private readonly setS3UrlStatement: Statement<[string, string]>;
  private readonly setSummaryStatement: Statement<[string, string]>;
  private readonly restoreStatement: Statement<[string, string, string]>;
  private readonly textStatement: Statement<[string], { transcript_text: string }>;
  private readonly statements: StatementCache;

  constructor(db: Database) {
    this.statements = new StatementCache(db);
    this.getStatement = db.prepare('SELECT * FROM voice_transcripts WHERE id = ?');
    this.bySessionStatement = db.prepare('SELECT id FROM voice_transcripts WHERE session_id = ?');
    this.deleteStatement = db.prepare('DELETE FROM voice_transcripts WHERE id = ?');
    this.insertSegmentStatement = db.prepare(`INSERT OR IGNORE INTO voice_live_segments
      (session_id, seq, speaker, text, start_time, end_time, confidence, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.segmentsStatement = db.prepare(`SELECT seq, speaker, text, start_time AS startTime, end_time AS endTime, confidence
      FROM voice_live_segments WHERE session_id = ? ORDER BY seq`);
    this.setSummaryStatement = db.prepare('UPDATE voice_transcripts SET summary = ? WHERE id = ?');
    this.setS3UrlStatement = db.prepare('UPDATE voice_transcripts SET transcript_s3_url = ? WHERE id = ?');
    this.restoreStatement = db.prepare('UPDATE voice_transcripts SET transcript_text = ?, speaker_segments = ? WHERE id = ?');
    this.textStatement = db.prepare('SELECT transcript_text FROM voice_transcripts WHERE id = ?');
    this.upsertStatement = db.prepare(`INSERT INTO voice_transcripts
      (id, org_id, session_id, transcript_text, candidate_name, interview_type, word_count, speaker_segments, metadata,
       created_at, updated_at, created_by, updated_by)
      VALUES (@id, @org_id, @session_id, @transcript_text, @candidate_name, @interview_type, @word_count, @speaker_segments, '{}',
       @now, @now, @actor, NULL)
      ON CONFLICT (session_id) DO UPDATE SET transcript_text = excluded.transcript_text,
        candidate_name = excluded.candidate_name, interview_type = excluded.interview_type,
        word_count = excluded.word_count, speaker_segments = excluded.speaker_segments,
        updated_at = excluded.updated_at, updated_by = @actor`);
  }

  get(id: string): Transcript | undefined {
    const row = this.getStatement.get(id);
    if (!row) return undefined;
    return {
      ...toSummary(row),
      transcriptText: row.transcript_text,
      speakerSegments: readJson<SpeakerSegment[]>(row.speaker_segments, []),
      metadata: readJson<Record<string, unknown>>(row.metadata, {}),
      createdBy: row.created_by,
      updatedBy: row.updated_by,
    };
  }

  idForSession(sessionId: string): string | undefined {
    return this.bySessionStatement.get(sessionId)?.id;
  }

  delete(id: string): void {
    this.deleteStatement.run(id);
  }

  /** Stores a final segment; a resent `seq` is ignored. Returns whether this call stored it. */
  addSegment(sessionId: string, segment: LiveSegment, receivedAt: string): boolean {
    const result = this.insertSegmentStatement.run(
      sessionId,
      segment.seq,
      segment.speaker,
      cleanSegmentText(segment.text),
      segment.startTime,
      segment.endTime,
      segment.confidence,
      receivedAt,
    );
    return result.changes === 1;
  }

  segments(sessionId: string): SpeakerSegment[] {
    return this.segmentsStatement.all(sessionId);
  }

  /** Whether any final segment is stored, without reading them (a session's may run to megabytes). */
  hasSegments(sessionId: string): boolean {
    return this.statements.get<{ found: number }>('SELECT EXISTS (SELECT 1 FROM voice_live_segments WHERE session_id = ?) AS found').get(sessionId)?.found === 1;
  }

  /** Builds (or rebuilds) the session's transcript row from every stored segment; returns its id. */
  assemble(session: StoredVoiceSession, newId: string, actor: string, now: string): string {
    const segments = this.segments(session.id);
    const text = segments
      .map((segment) => `${segment.speaker === 'bot' ? 'Interviewer' : 'Candidate'}: ${segment.text}`)
      .join('\n');
    this.upsertStatement.run({
      id: newId,
      org_id: session.orgId,
      session_id: session.id,
      transcript_text: text,
      candidate_name: session.candidateName,
      interview_type: session.interviewType,
      word_count: segments.reduce((total, segment) => total + countWords(segment.text), 0),
      speaker_segments: writeJson(segments),
      now,
      actor,
    });
    return this.idForSession(session.id) as string;
  }

  setSummary(id: string, summary: string): void {
    this.setSummaryStatement.run(summary, id);
  }

  setS3Url(id: string, url: string): void {
    this.setS3UrlStatement.run(url, id);
  }

  /** Puts text fetched back from the archive into the local cache. */
  restoreText(id: string, text: string, segments: SpeakerSegment[]): void {
    this.restoreStatement.run(text, writeJson(segments), id);
  }

  /** Lists, or with `q` searches, an org's transcripts. Returns null when `q` holds no word. */
  list(query: ListTranscriptsQuery): { items: TranscriptSummary[]; total: number } | null {
    if (query.q !== undefined && hasCjk(query.q)) return this.searchCjk(query, query.q);
    const where: string[] = [];
    const args: unknown[] = [];
    addListFilters(query, where, args);
    if (query.q !== undefined) {
      const match = ftsQuery(query.q);
      if (match === null) return null;
      return this.searchWords(query, match, where, args);
    }
    const whereSql = where.join(' AND ');
    const from = 'voice_transcripts t';
    const rows = this.statements
      .get<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM ${from} WHERE ${whereSql} ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?`)
      .all(...args, transcriptPageSize(query), query.offset);
    const total = this.statements.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${from} WHERE ${whereSql}`).get(...args)?.n ?? 0;
    return { items: rows.map(toSummary), total };
  }

  /**
   * A word search over the unicode61 index, bm25-ranked. The rank is computed for every match, but
   * only rowids and ranks are sorted: the page's rows and their snippets (which read and tokenize
   * the whole transcript) are fetched afterwards for the page alone. Putting `snippet()` in the
   * ranked query made SQLite build one for every match before sorting.
   */
  private searchWords(query: ListTranscriptsQuery, match: string, filters: string[], filterArgs: unknown[]): { items: TranscriptSummary[]; total: number } {
    const from = 'voice_transcripts_fts f JOIN voice_transcripts t ON t.rowid = f.rowid';
    const whereSql = ['voice_transcripts_fts MATCH ?', ...filters].join(' AND ');
    const args = [match, ...filterArgs];
    // One pass over the matches gives both the page and the total (a window count); only a page past
    // the end, which has no row to carry it, counts again.
    const top = this.statements
      .get<{ rid: number; rank: number; total: number }>(
        `SELECT f.rowid AS rid, f.rank AS rank, COUNT(*) OVER () AS total FROM ${from} WHERE ${whereSql} ORDER BY f.rank LIMIT ? OFFSET ?`,
      )
      .all(...args, transcriptPageSize(query), query.offset);
    const total = top[0]?.total ?? this.statements.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${from} WHERE ${whereSql}`).get(...args)?.n ?? 0;
    const rowStatement = this.statements.get<SummaryRow & { transcript_text: string }>(
      `SELECT ${SUMMARY_COLUMNS}, t.transcript_text FROM voice_transcripts t WHERE t.rowid = ?`,
    );
    const snippetStatement = this.statements.get<{ snip: string }>(
      `SELECT snippet(voice_transcripts_fts, -1, '${MARK_START}', '${MARK_END}', '…', 24) AS snip
       FROM voice_transcripts_fts WHERE voice_transcripts_fts MATCH ? AND rowid = ?`,
    );
    const words = searchTerms(query.q ?? '');
    const items: TranscriptSummary[] = [];
    for (const { rid, rank } of top) {
      const row = rowStatement.get(rid);
      if (!row) continue;
      const { transcript_text: text, ...summaryRow } = row;
      const summary = toSummary({ ...summaryRow, rank });
      const snippet = wordSnippet(text, words) ?? parseSnippetOrNull(snippetStatement.get(match, rid)?.snip);
      if (snippet) summary.snippet = snippet;
      items.push(summary);
    }
    return { items, total };
  }

  /**
   * A query with CJK characters, over the trigram index (only transcripts with CJK text are in it).
   * Terms of three characters or more use the index and its bm25 rank; shorter ones are LIKE
   * matches over the same rows, ranked by how often they occur when no term could use the index.
   */
  private searchCjk(query: ListTranscriptsQuery, q: string): { items: TranscriptSummary[]; total: number } | null {
    const terms = searchTerms(q);
    if (terms.length === 0) return null;
    const { indexed, short } = splitTermsByLength(terms);
    const where: string[] = [];
    const args: unknown[] = [];
    if (indexed.length > 0) {
      where.push('voice_transcripts_cjk MATCH ?');
      args.push(indexed.map((term) => `"${term}"`).join(' '));
    }
    for (const term of short) {
      where.push("(c.transcript_text LIKE ? ESCAPE '\\' OR c.candidate_name LIKE ? ESCAPE '\\')");
      args.push(likePattern(term), likePattern(term));
    }
    addListFilters(query, where, args);
    const occurrences = short.map(() => "(length(c.transcript_text) - length(replace(c.transcript_text, ?, ''))) / length(?)");
    const rank = indexed.length > 0 ? 'c.rank' : `-(${occurrences.join(' + ')})`;
    const rankArgs = indexed.length > 0 ? [] : short.flatMap((term) => [term, term]);
    const from = 'voice_transcripts_cjk c JOIN voice_transcripts t ON t.rowid = c.rowid';
    const whereSql = where.join(' AND ');
    const rows = this.statements
      .get<SummaryRow>(`SELECT ${SUMMARY_COLUMNS}, ${rank} AS rank FROM ${from} WHERE ${whereSql} ORDER BY rank, t.created_at DESC, t.id DESC LIMIT ? OFFSET ?`)
      .all(...rankArgs, ...args, transcriptPageSize(query), query.offset);
    const total = this.statements.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${from} WHERE ${whereSql}`).get(...args)?.n ?? 0;
    const items = rows.map((row) => {
      const summary = toSummary(row);
      const text = this.textStatement.get(row.id);
      const snippet = termSnippet(text?.transcript_text ?? '', terms) ?? termSnippet(row.candidate_name ?? '', terms);
      if (snippet) summary.snippet = snippet;
      return summary;
    });
    return { items, total };
  }
}
