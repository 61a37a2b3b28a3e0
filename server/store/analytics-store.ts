import type { Database, Statement } from 'better-sqlite3';
import { analyticsRecord, type AnalyticsRecord, type ListAnalyticsQuery, type VoiceAnalytics } from '../../contracts/analytics.js';
import { readJson, writeJson } from './json-column.js';
import { StatementCache } from './statement-cache.js';

interface AnalyticsRow {
  id: string;
  org_id: string;
  session_id: string;
  transcript_id: string | null;
  overall_score: number | null;
  category_scores: string;
  strengths: string;
  weaknesses: string;
  recommendations: string;
  key_moments: string;
  detailed_analysis: string;
  model_used: string | null;
  processing_time_ms: number | null;
  created_at: string;
  updated_at: string;
  created_by: string;
}

function toAnalytics(row: AnalyticsRow): VoiceAnalytics {
  return {
    id: row.id,
    orgId: row.org_id,
    sessionId: row.session_id,
    transcriptId: row.transcript_id,
    overallScore: row.overall_score,
    categoryScores: readJson(row.category_scores, {}),
    strengths: readJson(row.strengths, []),
    weaknesses: readJson(row.weaknesses, []),
    recommendations: readJson(row.recommendations, []),
    keyMoments: readJson(row.key_moments, []),
    detailedAnalysis: readJson(row.detailed_analysis, {}),
    modelUsed: row.model_used,
    processingTimeMs: row.processing_time_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}

export interface AnalyticsOwner {
  id: string;
  orgId: string;
  sessionId: string;
  transcriptId: string | null;
  createdBy: string;
  now: string;
}

export class AnalyticsStore {
  private readonly bySessionStatement: Statement<[string], AnalyticsRow>;
  private readonly upsertStatement: Statement<Record<string, unknown>>;
  private readonly statements: StatementCache;

  constructor(db: Database) {
    this.statements = new StatementCache(db);
    this.bySessionStatement = db.prepare('SELECT * FROM voice_analytics WHERE session_id = ?');
    this.upsertStatement = db.prepare(`INSERT INTO voice_analytics
      (id, org_id, session_id, transcript_id, overall_score, category_scores, strengths, weaknesses, recommendations,
       key_moments, detailed_analysis, model_used, processing_time_ms, created_at, updated_at, created_by)
      VALUES (@id, @org_id, @session_id, @transcript_id, @overall_score, @category_scores, @strengths, @weaknesses,
       @recommendations, @key_moments, @detailed_analysis, @model_used, @processing_time_ms, @now, @now, @created_by)
      ON CONFLICT (session_id) DO UPDATE SET transcript_id = excluded.transcript_id,
        overall_score = excluded.overall_score, category_scores = excluded.category_scores,
        strengths = excluded.strengths, weaknesses = excluded.weaknesses, recommendations = excluded.recommendations,
        key_moments = excluded.key_moments, detailed_analysis = excluded.detailed_analysis,
        model_used = excluded.model_used, processing_time_ms = excluded.processing_time_ms, updated_at = excluded.updated_at`);
  }

  forSession(sessionId: string): VoiceAnalytics | undefined {
    const row = this.bySessionStatement.get(sessionId);
    return row ? toAnalytics(row) : undefined;
  }

  /** Saves a session's analysis (one per session); the JSON parts are validated before they are written. */
  save(owner: AnalyticsOwner, record: AnalyticsRecord): void {
    const valid = analyticsRecord.parse(record);
    this.upsertStatement.run({
      id: owner.id,
      org_id: owner.orgId,
      session_id: owner.sessionId,
      transcript_id: owner.transcriptId,
      overall_score: valid.overallScore,
      category_scores: writeJson(valid.categoryScores),
      strengths: writeJson(valid.strengths),
      weaknesses: writeJson(valid.weaknesses),
      recommendations: writeJson(valid.recommendations),
      key_moments: writeJson(valid.keyMoments),
      detailed_analysis: writeJson(valid.detailedAnalysis),
      model_used: valid.modelUsed,
      processing_time_ms: valid.processingTimeMs,
      now: owner.now,
      created_by: owner.createdBy,
    });
  }

  list(query: ListAnalyticsQuery): { items: VoiceAnalytics[]; total: number } {
    const where = ['org_id = ?'];
    const args: unknown[] = [query.orgId];
    if (query.minScore !== undefined) {
      where.push('overall_score >= ?');
      args.push(query.minScore);
    }
    if (query.maxScore !== undefined) {
      where.push('overall_score <= ?');
      args.push(query.maxScore);
    }
    const whereSql = where.join(' AND ');
    const rows = this.statements
      .get<AnalyticsRow>(`SELECT * FROM voice_analytics WHERE ${whereSql} ORDER BY overall_score DESC, id LIMIT ? OFFSET ?`)
      .all(...args, query.limit, query.offset);
    const total = this.statements.get<{ n: number }>(`SELECT COUNT(*) AS n FROM voice_analytics WHERE ${whereSql}`).get(...args)?.n ?? 0;
    return { items: rows.map(toAnalytics), total };
  }
}
