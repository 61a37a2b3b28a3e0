import type { Database, Statement } from 'better-sqlite3';
import { sessionStatuses, type SessionStatus } from '../../contracts/session.js';
import type { OrgStats } from '../../contracts/stats.js';
import { qualityOf, summarizeQuality, type InterviewQuality, type QualityStats } from '../../contracts/interview-quality.js';

const DAY_MS = 86_400_000;

/** The dashboard's figures for one org (the seed's get_org_voice_stats, extended). */
export class StatsStore {
  private readonly countsStatement: Statement<[string], { status: SessionStatus; interview_type: string; n: number }>;
  private readonly completedStatement: Statement<[string], { avg: number | null }>;
  private readonly scoreStatement: Statement<[string], { avg: number | null }>;
  private readonly sinceStatement: Statement<[string, string], { n: number }>;
  private readonly histogramStatement: Statement<[string], { bucket: number; n: number }>;
  private readonly perDayStatement: Statement<[string, string], { day: string; n: number }>;
  private readonly qualityStatement: Statement<[string], { config_id: string | null; config_name: string | null; quality: string }>;

  constructor(db: Database) {
    this.countsStatement = db.prepare('SELECT status, interview_type, n FROM voice_session_counts WHERE org_id = ? AND n > 0');
    this.completedStatement = db.prepare(
      "SELECT AVG(duration_seconds) AS avg FROM voice_sessions WHERE org_id = ? AND status = 'completed'",
    );
    this.scoreStatement = db.prepare('SELECT AVG(overall_score) AS avg FROM voice_analytics WHERE org_id = ?');
    this.sinceStatement = db.prepare('SELECT COUNT(*) AS n FROM voice_sessions WHERE org_id = ? AND created_at >= ?');
    this.histogramStatement = db.prepare(
      `SELECT MIN(CAST(overall_score / 10 AS INTEGER), 9) AS bucket, COUNT(*) AS n FROM voice_analytics
       WHERE org_id = ? AND overall_score IS NOT NULL GROUP BY bucket`,
    );
    this.perDayStatement = db.prepare(
      `SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS n FROM voice_sessions
       WHERE org_id = ? AND created_at >= ? GROUP BY day`,
    );
    this.qualityStatement = db.prepare(
      `SELECT s.config_id, c.name AS config_name, json_extract(s.session_metadata, '$.quality') AS quality
       FROM voice_sessions s LEFT JOIN voice_configs c ON c.id = s.config_id
       WHERE s.org_id = ? AND json_extract(s.session_metadata, '$.quality') IS NOT NULL`,
    );
  }

  /** The quality figures the bots reported, across interviews, per config and per way of taking turns. */
  private quality(orgId: string): QualityStats {
    const rows = this.qualityStatement.all(orgId).flatMap((row) => {
      const quality = qualityOf({ quality: JSON.parse(row.quality) as unknown });
      return quality ? [{ configId: row.config_id, configName: row.config_name, quality }] : [];
    });
    const groups = <K>(keyOf: (row: (typeof rows)[number]) => string, make: (row: (typeof rows)[number]) => K) => {
      const byKey = new Map<string, { key: K; list: InterviewQuality[] }>();
      for (const row of rows) {
        const entry = byKey.get(keyOf(row)) ?? { key: make(row), list: [] };
        entry.list.push(row.quality);
        byKey.set(keyOf(row), entry);
      }
      return [...byKey.values()].map(({ key, list }) => ({ ...key, ...summarizeQuality(list) })).sort((a, b) => b.interviews - a.interviews);
    };
    return {
      overall: summarizeQuality(rows.map((row) => row.quality)),
      byConfig: groups((row) => row.configId ?? '', (row) => ({ configId: row.configId, configName: row.configName })),
      byTurnTaking: groups(
        (row) => `${row.quality.turnTaking} ${row.quality.sttModel}`,
        (row) => ({ turnTaking: row.quality.turnTaking, sttModel: row.quality.sttModel }),
      ),
    };
  }

  forOrg(orgId: string, now: Date = new Date()): OrgStats {
    const byStatus = Object.fromEntries(sessionStatuses.map((status) => [status, 0])) as Record<SessionStatus, number>;
    const byType = new Map<string, number>();
    for (const row of this.countsStatement.all(orgId)) {
      byStatus[row.status] += row.n;
      byType.set(row.interview_type, (byType.get(row.interview_type) ?? 0) + row.n);
    }
    const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
    const ended = byStatus.completed + byStatus.failed + byStatus.cancelled;

    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const firstDay = new Date(today - 29 * DAY_MS).toISOString();
    const perDay = new Map(this.perDayStatement.all(orgId, firstDay).map((row) => [row.day, row.n]));
    const histogram = new Map(this.histogramStatement.all(orgId).map((row) => [row.bucket, row.n]));
    const avgDuration = this.completedStatement.get(orgId)?.avg ?? null;
    const avgScore = this.scoreStatement.get(orgId)?.avg ?? null;

    return {
      totalSessions: total,
      completedSessions: byStatus.completed,
      completionRate: ended > 0 ? round(byStatus.completed / ended, 4) : null,
      avgDurationSeconds: avgDuration === null ? null : Math.round(avgDuration),
      avgScore: avgScore === null ? null : round(avgScore, 1),
      sessionsThisMonth: this.sinceStatement.get(orgId, monthStart)?.n ?? 0,
      byStatus,
      byInterviewType: [...byType.entries()]
        .map(([interviewType, count]) => ({ interviewType, count }))
        .sort((a, b) => b.count - a.count || a.interviewType.localeCompare(b.interviewType)),
      scoreHistogram: Array.from({ length: 10 }, (_, bucket) => ({
        from: bucket * 10,
        to: bucket === 9 ? 100 : bucket * 10 + 10,
        count: histogram.get(bucket) ?? 0,
      })),
      sessionsPerDay: Array.from({ length: 30 }, (_, index) => {
        const date = new Date(today - (29 - index) * DAY_MS).toISOString().slice(0, 10);
        return { date, count: perDay.get(date) ?? 0 };
      }),
      quality: this.quality(orgId),
    };
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
