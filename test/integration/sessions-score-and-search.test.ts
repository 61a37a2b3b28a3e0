import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { SessionCounts, VoiceSession } from '../../contracts/session.js';
import type { TranscriptSummary } from '../../contracts/transcript.js';
import { ensureLocalIdentity } from '../../server/identity/local-identity.js';
import { AnalyticsStore } from '../../server/store/analytics-store.js';
import { openDatabase } from '../../server/store/open-database.js';
import { createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { makeDataDir, removeDataDir, repoRoot, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * Two defects of issue 9, section 3, against the built server: the Sessions list's score sort and
 * score range, and transcript search finding Chinese, Japanese and Korean words inside sentences.
 */
let server: ServerProcess;
let orgId: string;
const byName = new Map<string, string>();

beforeAll(async () => {
  server = await startServerProcess();
  orgId = await myOrgId(server);
  const scores: [string, number | null][] = [
    ['Ada', 91],
    ['Barbara', 47.5],
    ['Claude', null],
    ['Dorothy', 68],
    ['Edsger', 12],
    ['Frances', 68],
  ];
  const db = openStore(server.dataDir);
  try {
    const analytics = new AnalyticsStore(db);
    for (const [name, score] of scores) {
      const session = await createSession(server, orgId, { candidateName: name, candidateEmail: `${name.toLowerCase()}@example.com` });
      byName.set(name, session.id);
      await moveSession(server, session.id, 'ready', 'active', 'completed');
      if (score === null) continue;
      analytics.save(
        { id: randomUUID(), orgId, sessionId: session.id, transcriptId: null, createdBy: randomUUID(), now: new Date().toISOString() },
        { overallScore: score, categoryScores: {}, strengths: [], weaknesses: [], recommendations: [], keyMoments: [], detailedAnalysis: {}, modelUsed: null, processingTimeMs: null },
      );
    }
    // A pending session has no analysis at all.
    const pending = await createSession(server, orgId, { candidateName: 'Grace', candidateEmail: 'grace@example.com' });
    byName.set('Grace', pending.id);
  } finally {
    db.close();
  }
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

async function list(query: string): Promise<{ names: (string | null)[]; scores: (number | null)[]; total: number }> {
  const reply = await server.call<ApiSuccess<VoiceSession[]>>('GET', `/api/voice/sessions?orgId=${orgId}&${query}`);
  expect(reply.status, reply.text).toBe(200);
  return { names: reply.json.data.map((session) => session.candidateName), scores: reply.json.data.map((session) => session.overallScore), total: reply.json.pagination?.total ?? -1 };
}

describe('sessions list: score', () => {
  it('sorts by score both ways, ties by id, sessions without a score last either way', async () => {
    const ascending = await list('sortBy=overallScore&sortOrder=asc');
    expect(ascending.scores).toEqual([12, 47.5, 68, 68, 91, null, null]);
    expect(ascending.names.slice(-2).sort()).toEqual(['Claude', 'Grace']);
    const descending = await list('sortBy=overallScore&sortOrder=desc');
    expect(descending.scores).toEqual([91, 68, 68, 47.5, 12, null, null]);
    // The snake_case spelling is accepted like the other columns'.
    expect((await list('sortBy=overall_score&sortOrder=asc')).scores).toEqual(ascending.scores);
    // Paging through the score order gives every session once.
    const pages = [await list('sortBy=overallScore&sortOrder=asc&limit=3&offset=0'), await list('sortBy=overallScore&sortOrder=asc&limit=3&offset=3'), await list('sortBy=overallScore&sortOrder=asc&limit=3&offset=6')];
    expect(pages.flatMap((page) => page.names)).toEqual(ascending.names);
  });

  it('filters by an inclusive score range, leaving out unscored sessions, with the total to match', async () => {
    const range = await list('minScore=47.5&maxScore=68&sortBy=overallScore&sortOrder=asc');
    expect(range.scores).toEqual([47.5, 68, 68]);
    expect(range.total).toBe(3);
    expect((await list('minScore=90')).names).toEqual(['Ada']);
    expect((await list('maxScore=12')).names).toEqual(['Edsger']);
    // Combined with the other filters.
    expect((await list('minScore=60&candidate=dorothy')).names).toEqual(['Dorothy']);
    expect((await list('minScore=0&status=pending')).total).toBe(0);
  });

  it('counts the status tabs under the score range', async () => {
    const all = await server.call<ApiSuccess<SessionCounts>>('GET', `/api/voice/sessions/counts?orgId=${orgId}`);
    expect(all.json.data).toMatchObject({ all: 7, completed: 6, pending: 1 });
    const ranged = await server.call<ApiSuccess<SessionCounts>>('GET', `/api/voice/sessions/counts?orgId=${orgId}&minScore=50`);
    expect(ranged.status).toBe(200);
    expect(ranged.json.data).toMatchObject({ all: 3, completed: 3, pending: 0 });
  });

  it('refuses bounds outside 0-100 or in the wrong order', async () => {
    for (const query of ['minScore=101', 'maxScore=-1', 'minScore=abc', 'minScore=80&maxScore=20']) {
      const reply = await server.call<ApiError>('GET', `/api/voice/sessions?orgId=${orgId}&${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.json.error.code).toBe('VALIDATION_ERROR');
    }
    const counts = await server.call<ApiError>('GET', `/api/voice/sessions/counts?orgId=${orgId}&minScore=80&maxScore=20`);
    expect(counts.status).toBe(400);
  });
});

/** A completed session with a stored transcript, written straight to the store (triggers index it). */
function storeTranscript(db: Database, org: string, candidateName: string, text: string): string {
  const userId = (db.prepare('SELECT user_id FROM org_members WHERE org_id = ? LIMIT 1').get(org) as { user_id: string }).user_id;
  const now = new Date().toISOString();
  const sessionId = randomUUID();
  db.prepare(`INSERT INTO voice_sessions (id, org_id, candidate_name, interview_type, status, created_at, updated_at, created_by)
    VALUES (?, ?, ?, 'technical', 'completed', ?, ?, ?)`).run(sessionId, org, candidateName, now, now, userId);
  db.prepare(`INSERT INTO voice_transcripts (id, org_id, session_id, transcript_text, candidate_name, word_count, created_at, updated_at, created_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(randomUUID(), org, sessionId, text, candidateName, text.split(/\s+/).length, now, now, userId);
  return sessionId;
}

async function search(running: ServerProcess, org: string, q: string): Promise<{ items: TranscriptSummary[]; total: number }> {
  const reply = await running.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${org}&q=${encodeURIComponent(q)}`);
  expect(reply.status, reply.text).toBe(200);
  return { items: reply.json.data, total: reply.json.pagination?.total ?? -1 };
}

const highlighted = (item: TranscriptSummary | undefined): string[] =>
  (item?.snippet?.highlights ?? []).map(([start, end]) => item?.snippet?.text.slice(start, end) ?? '');

describe('transcript search: CJK words inside sentences', () => {
  const sessions: Record<string, string> = {};

  beforeAll(() => {
    const db = openStore(server.dataDir);
    try {
      sessions.beijing = storeTranscript(db, orgId, '王伟', 'Interviewer: 请介绍一下你的项目。\nCandidate: 我们在北京开发了一个支付系统，每天处理一百万笔交易。');
      sessions.shanghai = storeTranscript(db, orgId, '李娜', 'Interviewer: 你在哪里工作？\nCandidate: 我在上海的一家银行负责支付系统的数据库迁移。');
      sessions.tokyo = storeTranscript(db, orgId, '佐藤花子', 'Interviewer: 自己紹介をお願いします。\nCandidate: 私は東京でバックエンドエンジニアとして働いています。');
      sessions.seoul = storeTranscript(db, orgId, 'Kim Minji', 'Candidate: 저는 서울에서 결제시스템을 개발했습니다. We moved it to Kubernetes last year.');
      sessions.latinA = storeTranscript(db, orgId, 'Alan Turing', 'Candidate: Kubernetes upgrades, Kubernetes networking and Kubernetes operators: I ran all of it.');
      sessions.latinB = storeTranscript(db, orgId, 'Grace Kubernetes', 'Candidate: I mostly wrote compilers.');
      sessions.latinC = storeTranscript(db, orgId, 'Barbara Liskov', 'Candidate: We tried kubernetes once, then went back to plain VMs for the billing rewrite.');
    } finally {
      db.close();
    }
  });

  it('finds two-character Chinese words inside a sentence (北京), with the word highlighted', async () => {
    const found = await search(server, orgId, '北京');
    expect(found.total).toBe(1);
    expect(found.items[0]?.sessionId).toBe(sessions.beijing);
    expect(highlighted(found.items[0])).toEqual(['北京']);
    expect(found.items[0]?.snippet?.text).toContain('我们在北京开发了一个支付系统');
  });

  it('finds longer words through the trigram index, bm25-ranked (支付系统)', async () => {
    const found = await search(server, orgId, '支付系统');
    expect(found.total).toBe(2);
    expect(found.items.map((item) => item.sessionId).sort()).toEqual([sessions.beijing, sessions.shanghai].sort());
    for (const item of found.items) {
      expect(highlighted(item)).toEqual(['支付系统']);
      expect(typeof item.rank).toBe('number');
    }
    // Words are ANDed, short and long ones together.
    expect((await search(server, orgId, '上海 支付系统')).items.map((item) => item.sessionId)).toEqual([sessions.shanghai]);
    expect((await search(server, orgId, '北京 上海')).total).toBe(0);
  });

  it('finds Japanese and Korean words, and CJK candidate names', async () => {
    const tokyo = await search(server, orgId, '東京');
    expect(tokyo.items.map((item) => item.sessionId)).toEqual([sessions.tokyo]);
    expect(highlighted(tokyo.items[0])).toEqual(['東京']);
    expect((await search(server, orgId, 'エンジニア')).items.map((item) => item.sessionId)).toEqual([sessions.tokyo]);
    expect((await search(server, orgId, '결제')).items.map((item) => item.sessionId)).toEqual([sessions.seoul]);
    // Mixed with a Latin word, the CJK index still has the whole transcript.
    expect((await search(server, orgId, '결제 kubernetes')).items.map((item) => item.sessionId)).toEqual([sessions.seoul]);
    expect((await search(server, orgId, '佐藤')).items.map((item) => item.sessionId)).toEqual([sessions.tokyo]);
    // A term that is not there finds nothing; the other filters still apply.
    expect((await search(server, orgId, '广州')).total).toBe(0);
    const typed = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&q=${encodeURIComponent('北京')}&interviewType=behavioral`);
    expect(typed.json.data).toEqual([]);
  });

  it('keeps Latin search on the word index: the same bm25 order, ranks and snippets as before', async () => {
    const found = await search(server, orgId, 'kubernetes');
    // What the unicode61 index of migration 0001 answers by itself, bm25(1.0, 2.0): the reference.
    const db = openStore(server.dataDir);
    let reference: { session_id: string; rank: number }[];
    try {
      reference = db
        .prepare(`SELECT t.session_id, f.rank AS rank FROM voice_transcripts_fts f JOIN voice_transcripts t ON t.rowid = f.rowid
          WHERE voice_transcripts_fts MATCH '"kubernetes"*' AND t.org_id = ? ORDER BY f.rank`)
        .all(orgId) as { session_id: string; rank: number }[];
    } finally {
      db.close();
    }
    expect(found.items.map((item) => item.sessionId)).toEqual(reference.map((row) => row.session_id));
    expect(found.items.map((item) => item.rank)).toEqual(reference.map((row) => row.rank));
    expect(found.items.map((item) => item.sessionId)).toEqual(expect.arrayContaining([sessions.latinA, sessions.latinB, sessions.latinC, sessions.seoul]));
    // The three-times mention beats the single one; the name hit (weighted double) is ranked too.
    expect(found.items.findIndex((item) => item.sessionId === sessions.latinA)).toBeLessThan(found.items.findIndex((item) => item.sessionId === sessions.latinC));
    expect(highlighted(found.items.find((item) => item.sessionId === sessions.latinA)).map((word) => word.toLowerCase())).toContain('kubernetes');
    // Prefix search as you type still works there.
    expect((await search(server, orgId, 'kubern')).total).toBe(found.total);
  });
});

describe('transcript search: an existing database', () => {
  it('indexes the CJK transcripts stored before the upgrade', async () => {
    // A data folder at the schema before the CJK index (migrations up to 0005), with transcripts in it.
    const oldMigrations = join(makeDataDir(), 'migrations');
    mkdirSync(oldMigrations);
    for (const file of readdirSync(join(repoRoot, 'migrations', 'sqlite'))) {
      if (/^000[1-5]_/.test(file)) copyFileSync(join(repoRoot, 'migrations', 'sqlite', file), join(oldMigrations, file));
    }
    const dataDir = makeDataDir();
    const db = openDatabase({ dataDir, migrationsDir: oldMigrations });
    let org: string;
    let sessionId: string;
    try {
      const user = ensureLocalIdentity(db).currentUser();
      org = (db.prepare('SELECT org_id FROM org_members WHERE user_id = ?').get(user.id) as { org_id: string }).org_id;
      sessionId = storeTranscript(db, org, '陈静', 'Candidate: 我负责北京数据中心的支付系统迁移。');
      storeTranscript(db, org, 'Ada Lovelace', 'Candidate: I wrote the first program.');
      expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'voice_transcripts_cjk'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
      removeDataDir(join(oldMigrations, '..'));
    }
    const upgraded = await startServerProcess({ dataDir });
    try {
      expect((await search(upgraded, org, '北京')).items.map((item) => item.sessionId)).toEqual([sessionId]);
      expect((await search(upgraded, org, '数据中心')).items.map((item) => item.sessionId)).toEqual([sessionId]);
      expect((await search(upgraded, org, 'program')).total).toBe(1);
    } finally {
      await upgraded.stop();
      removeDataDir(dataDir);
    }
  });
});
