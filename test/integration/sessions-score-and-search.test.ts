import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { SessionCounts, VoiceSession } from '../../contracts/session.js';
import { AnalyticsStore } from '../../server/store/analytics-store.js';
import { createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** The Sessions list's score sort and score range (issue 9, section 3), against the built server. */
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
