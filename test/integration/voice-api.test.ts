import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceAnalytics } from '../../contracts/analytics.js';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { ConfigVersion, VoiceConfig } from '../../contracts/config.js';
import type { HealthReport } from '../../contracts/health.js';
import type { Me } from '../../contracts/identity.js';
import type { BotTokenGrant, SessionCounts, VoiceSession, VoiceSessionDetail } from '../../contracts/session.js';
import type { OrgStats } from '../../contracts/stats.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { AnalyticsStore } from '../../server/store/analytics-store.js';
import { createConfig, createSession, moveSession, myOrgId, openStore, sampleConfigJson } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { BotClient } from '../support/bot-client.js';

let server: ServerProcess;
let orgId: string;

beforeAll(async () => {
  server = await startServerProcess();
  orgId = await myOrgId(server);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

describe('identity', () => {
  it('creates a local user who owns a local organization on first run', async () => {
    const reply = await server.call<ApiSuccess<Me>>('GET', '/api/me');
    expect(reply.status).toBe(200);
    expect(reply.json.data.mode).toBe('local');
    expect(reply.json.data.user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.json.data.orgs).toEqual([{ id: orgId, name: 'My organization', role: 'org_owner' }]);
  });

  it('keeps the same user and org across restarts', async () => {
    const again = await startServerProcess({ dataDir: server.dataDir });
    try {
      const first = await server.call<ApiSuccess<Me>>('GET', '/api/me');
      const second = await again.call<ApiSuccess<Me>>('GET', '/api/me');
      expect(second.json.data).toEqual(first.json.data);
    } finally {
      await again.stop();
    }
  });
});

describe('seed 8.2 workflows', () => {
  it('create -> status walk -> complete assembles the transcript', async () => {
    const created = await server.call<ApiSuccess<VoiceSession>>('POST', '/api/voice/sessions', {
      body: { orgId, interviewType: 'technical', candidateName: 'Test Candidate' },
    });
    expect(created.status).toBe(201);
    expect(created.json.data.status).toBe('pending');
    const id = created.json.data.id;

    const ready = await moveSession(server, id, 'ready');
    expect(ready.status).toBe('ready');
    const active = await moveSession(server, id, 'active');
    expect(active.startedAt).not.toBeNull();
    expect(active.completedAt).toBeNull();
    const completed = await moveSession(server, id, 'completed');
    expect(completed.status).toBe('completed');
    expect(completed.completedAt).not.toBeNull();
    expect(completed.durationSeconds).toBeGreaterThanOrEqual(0);

    const detail = await server.call<ApiSuccess<VoiceSessionDetail>>('GET', `/api/voice/sessions/${id}`);
    expect(detail.json.data.statusHistory.map((change) => [change.from, change.to])).toEqual([
      [null, 'pending'],
      ['pending', 'ready'],
      ['ready', 'active'],
      ['active', 'completed'],
    ]);
    const transcripts = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${id}`);
    expect(transcripts.json.data).toHaveLength(1);
    expect(transcripts.json.data[0]?.candidateName).toBe('Test Candidate');
    expect(transcripts.json.data[0]?.interviewType).toBe('technical');
  });

  it('config creation and a session that uses it', async () => {
    const config = await server.call<ApiSuccess<VoiceConfig>>('POST', '/api/voice/configs', {
      body: { orgId, name: 'Test Config', interviewType: 'technical', configJson: { bot_name: 'Test Bot', system_prompt: 'You are a test interviewer' } },
    });
    expect(config.status).toBe(201);
    expect(config.json.data.version).toBe(1);
    // Sections left out are stored complete, with defaults.
    expect(config.json.data.configJson.interview.max_duration_minutes).toBe(30);
    expect(config.json.data.configJson.llm.provider).toBe('openai');

    const session = await server.call<ApiSuccess<VoiceSession>>('POST', '/api/voice/sessions', {
      body: { orgId, configId: config.json.data.id },
    });
    expect(session.status).toBe(201);
    expect(session.json.data.configId).toBe(config.json.data.id);
    expect(session.json.data.configVersion).toBe(1);
    expect(session.json.data.interviewType).toBe('technical');
  });
});

describe('sessions', () => {
  it('stamps times on active and on each final state', async () => {
    for (const [path, final] of [
      [['cancelled'], 'cancelled'],
      [['failed'], 'failed'],
      [['ready', 'cancelled'], 'cancelled'],
      [['ready', 'active', 'failed'], 'failed'],
    ] as const) {
      const session = await createSession(server, orgId);
      const ended = await moveSession(server, session.id, ...path);
      expect(ended.status).toBe(final);
      expect(ended.completedAt).not.toBeNull();
      expect(ended.durationSeconds).not.toBeNull();
    }
  });

  it('refuses moves outside the lifecycle with 409 naming both states', async () => {
    const session = await createSession(server, orgId);
    const reply = await server.call<ApiError>('PUT', `/api/voice/sessions/${session.id}`, { body: { status: 'completed' } });
    expect(reply.status).toBe(409);
    expect(reply.json.error.code).toBe('INVALID_TRANSITION');
    expect(reply.json.error.message).toContain('pending');
    expect(reply.json.error.message).toContain('completed');
  });

  it('updates fields without a status change', async () => {
    const session = await createSession(server, orgId);
    const reply = await server.call<ApiSuccess<VoiceSession>>('PUT', `/api/voice/sessions/${session.id}`, {
      body: { candidateName: 'Jane Doe', sessionMetadata: { source: 'referral' } },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.data.candidateName).toBe('Jane Doe');
    expect(reply.json.data.sessionMetadata).toEqual({ source: 'referral' });
    expect(reply.json.data.status).toBe('pending');
  });

  it('answers a repeated list from its stored bytes until the data changes, non-ASCII names intact', async () => {
    const session = await createSession(server, orgId);
    await server.call('PUT', `/api/voice/sessions/${session.id}`, { body: { candidateName: 'Zoë Ångström 陈' } });
    const path = `/api/voice/sessions?orgId=${orgId}&candidate=${encodeURIComponent('Zoë')}`;
    const first = await server.call<ApiSuccess<VoiceSession[]>>('GET', path);
    const second = await server.call<ApiSuccess<VoiceSession[]>>('GET', path);
    expect(second.text).toBe(first.text);
    expect(Number(second.headers['content-length'])).toBe(Buffer.byteLength(second.text));
    expect(second.json.data.map((row) => row.candidateName)).toEqual(['Zoë Ångström 陈']);

    await server.call('PUT', `/api/voice/sessions/${session.id}`, { body: { candidateName: 'Zoë Ångström-Li' } });
    const after = await server.call<ApiSuccess<VoiceSession[]>>('GET', path);
    expect(after.json.data.map((row) => row.candidateName)).toEqual(['Zoë Ångström-Li']);
  });

  it('lists with filters, sorting in either spelling, and pagination', async () => {
    const type = `panel-${randomUUID().slice(0, 6)}`;
    const names = ['Cleo', 'Abe', 'Bea', 'Dan', 'Eve'];
    for (const name of names) await createSession(server, orgId, { interviewType: type, candidateName: name });
    const done = await createSession(server, orgId, { interviewType: type, candidateName: 'Finn' });
    await moveSession(server, done.id, 'cancelled');

    const page = await server.call<ApiSuccess<VoiceSession[]>>(
      'GET',
      `/api/voice/sessions?orgId=${orgId}&interviewType=${type}&status=pending&sortBy=candidate_name&sortOrder=asc&limit=2&offset=1`,
    );
    expect(page.status).toBe(200);
    expect(page.json.data.map((s) => s.candidateName)).toEqual(['Bea', 'Cleo']);
    expect(page.json.pagination).toEqual({ total: 5, limit: 2, offset: 1, hasMore: true });

    const last = await server.call<ApiSuccess<VoiceSession[]>>(
      'GET',
      `/api/voice/sessions?orgId=${orgId}&interviewType=${type}&sortBy=candidateName&sortOrder=desc&offset=4`,
    );
    expect(last.json.data.map((s) => s.candidateName)).toEqual(['Bea', 'Abe']);
    expect(last.json.pagination).toEqual({ total: 6, limit: 100, offset: 4, hasMore: false });

    const search = await server.call<ApiSuccess<VoiceSession[]>>('GET', `/api/voice/sessions?orgId=${orgId}&interviewType=${type}&candidate=ev`);
    expect(search.json.data.map((s) => s.candidateName)).toEqual(['Eve']);
    expect(search.json.pagination?.total).toBe(1);
  });

  it('counts every status tab in one call, under the same filters as the list', async () => {
    const type = `counted-${randomUUID().slice(0, 6)}`;
    const made: VoiceSession[] = [];
    for (const name of ['Ann', 'Andy', 'Bob', 'Bo', 'Cy']) made.push(await createSession(server, orgId, { interviewType: type, candidateName: name }));
    await moveSession(server, made[0]?.id ?? '', 'cancelled');
    await moveSession(server, made[1]?.id ?? '', 'ready');
    await moveSession(server, made[1]?.id ?? '', 'active');
    await moveSession(server, made[2]?.id ?? '', 'failed');

    const counts = async (filters: string): Promise<SessionCounts> => {
      const reply = await server.call<ApiSuccess<SessionCounts>>('GET', `/api/voice/sessions/counts?orgId=${orgId}&${filters}`);
      expect(reply.status, reply.text).toBe(200);
      return reply.json.data;
    };
    // From the trigger-kept counters (org and type only) and from a scan (any other filter).
    expect(await counts(`interviewType=${type}`)).toEqual({ all: 5, pending: 2, ready: 0, active: 1, completed: 0, failed: 1, cancelled: 1 });
    expect(await counts(`interviewType=${type}&candidate=an`)).toEqual({ all: 2, pending: 0, ready: 0, active: 1, completed: 0, failed: 0, cancelled: 1 });
    // Each count equals the list's total for that tab.
    const all = await counts('');
    for (const status of ['pending', 'active', 'cancelled'] as const) {
      const list = await server.call<ApiSuccess<VoiceSession[]>>('GET', `/api/voice/sessions?orgId=${orgId}&status=${status}&limit=1`);
      expect(all[status], status).toBe(list.json.pagination?.total);
    }
    expect(all.all).toBe(Object.entries(all).reduce((sum, [key, n]) => (key === 'all' ? sum : sum + n), 0));

    // Bad input is named; a list-only parameter is not silently ignored.
    const bad = await server.call<ApiError>('GET', `/api/voice/sessions/counts?orgId=${orgId}&status=pending`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('status');
    expect((await server.call<ApiError>('GET', '/api/voice/sessions/counts')).status).toBe(400);
  });

  it('defaults to newest first', async () => {
    const a = await createSession(server, orgId, { candidateName: 'Older' });
    const b = await createSession(server, orgId, { candidateName: 'Newer' });
    const page = await server.call<ApiSuccess<VoiceSession[]>>('GET', `/api/voice/sessions?orgId=${orgId}&limit=2`);
    expect(page.json.data.map((s) => s.id)).toEqual([b.id, a.id]);
  });

  it('refuses to delete an active session, deletes others with their transcript', async () => {
    const session = await createSession(server, orgId);
    await moveSession(server, session.id, 'ready', 'active');
    const refused = await server.call<ApiError>('DELETE', `/api/voice/sessions/${session.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('SESSION_ACTIVE');
    await moveSession(server, session.id, 'completed');
    const deleted = await server.call('DELETE', `/api/voice/sessions/${session.id}`);
    expect(deleted.status).toBe(200);
    expect((await server.call('GET', `/api/voice/sessions/${session.id}`)).status).toBe(404);
    const transcripts = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
    expect(transcripts.json.data).toHaveLength(0);
  });

  it('requires an active config of the same org', async () => {
    const config = await createConfig(server, orgId, { isActive: false });
    const inactive = await server.call<ApiError>('POST', '/api/voice/sessions', { body: { orgId, configId: config.id } });
    expect(inactive.status).toBe(409);
    expect(inactive.json.error.code).toBe('CONFIG_INACTIVE');
    const missing = await server.call<ApiError>('POST', '/api/voice/sessions', { body: { orgId, configId: randomUUID() } });
    expect(missing.status).toBe(404);
  });
});

describe('join tokens and org access', () => {
  it('shows the candidate join token only to the creator and org admins', async () => {
    const db = openStore(server.dataDir);
    try {
      const me = (await server.call<ApiSuccess<Me>>('GET', '/api/me')).json.data.user.id;
      const other = randomUUID();
      const now = new Date().toISOString();
      db.prepare("INSERT INTO app_users (id, email, display_name, is_local, created_at) VALUES (?, 'o@x.test', 'Other', 0, ?)").run(other, now);
      db.prepare("INSERT INTO org_members (org_id, user_id, role, active, created_at) VALUES (?, ?, 'org_user', 1, ?)").run(orgId, other, now);
      const theirs = randomUUID();
      db.prepare(
        `INSERT INTO voice_sessions (id, org_id, interview_type, status, daily_room_token, created_at, updated_at, created_by)
         VALUES (?, ?, 'technical', 'ready', 'candidate-join-token', ?, ?, ?)`,
      ).run(theirs, orgId, now, now, other);
      const mine = await createSession(server, orgId);
      db.prepare("UPDATE voice_sessions SET daily_room_token = 'my-join-token' WHERE id = ?").run(mine.id);

      // As owner: both tokens visible.
      const asOwner = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${theirs}`);
      expect(asOwner.json.data.dailyRoomToken).toBe('candidate-join-token');

      // Demoted to a plain member: only the token of the session the user created.
      db.prepare("UPDATE org_members SET role = 'org_user' WHERE org_id = ? AND user_id = ?").run(orgId, me);
      const theirsAsUser = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${theirs}`);
      expect(theirsAsUser.status).toBe(200);
      expect(theirsAsUser.json.data).not.toHaveProperty('dailyRoomToken');
      expect(theirsAsUser.text).not.toContain('candidate-join-token');
      const list = await server.call<ApiSuccess<VoiceSession[]>>('GET', `/api/voice/sessions?orgId=${orgId}&limit=1000`);
      expect(list.text).not.toContain('candidate-join-token');
      expect(list.json.data.find((s) => s.id === mine.id)?.dailyRoomToken).toBe('my-join-token');
      const mineAsUser = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${mine.id}`);
      expect(mineAsUser.json.data.dailyRoomToken).toBe('my-join-token');

      // A plain member may not delete transcripts or other people's sessions.
      const deleteTheirs = await server.call<ApiError>('DELETE', `/api/voice/sessions/${theirs}`);
      expect(deleteTheirs.status).toBe(403);
      db.prepare("UPDATE org_members SET role = 'org_owner' WHERE org_id = ? AND user_id = ?").run(orgId, me);
    } finally {
      db.close();
    }
  });

  it('answers 403 for a foreign org and 404 for its resources', async () => {
    const db = openStore(server.dataDir);
    try {
      const foreignOrg = randomUUID();
      const now = new Date().toISOString();
      db.prepare("INSERT INTO orgs (id, name, created_at) VALUES (?, 'Elsewhere Inc', ?)").run(foreignOrg, now);
      const foreignSession = randomUUID();
      db.prepare(
        `INSERT INTO voice_sessions (id, org_id, interview_type, status, created_at, updated_at, created_by)
         VALUES (?, ?, 'technical', 'pending', ?, ?, ?)`,
      ).run(foreignSession, foreignOrg, now, now, randomUUID());

      for (const path of [
        `/api/voice/sessions?orgId=${foreignOrg}`,
        `/api/voice/sessions/counts?orgId=${foreignOrg}`,
        `/api/voice/configs?orgId=${foreignOrg}`,
        `/api/voice/transcripts?orgId=${foreignOrg}`,
        `/api/voice/analytics?orgId=${foreignOrg}`,
        `/api/voice/stats?orgId=${foreignOrg}`,
      ]) {
        const reply = await server.call<ApiError>('GET', path);
        expect(reply.status, path).toBe(403);
        expect(reply.json.error.message).toBe('No access to organization');
      }
      const create = await server.call<ApiError>('POST', '/api/voice/sessions', { body: { orgId: foreignOrg, interviewType: 'x' } });
      expect(create.status).toBe(403);
      for (const [method, path] of [
        ['GET', `/api/voice/sessions/${foreignSession}`],
        ['DELETE', `/api/voice/sessions/${foreignSession}`],
        ['GET', `/api/voice/analytics/${foreignSession}`],
      ] as const) {
        const reply = await server.call<ApiError>(method, path);
        expect(reply.status, path).toBe(404);
      }
      const put = await server.call<ApiError>('PUT', `/api/voice/sessions/${foreignSession}`, { body: { status: 'cancelled' } });
      expect(put.status).toBe(404);
      expect(db.prepare('SELECT status FROM voice_sessions WHERE id = ?').get(foreignSession)).toEqual({ status: 'pending' });
    } finally {
      db.close();
    }
  });
});

describe('configs', () => {
  it('bumps the version only when configJson changes and keeps the history', async () => {
    const config = await createConfig(server, orgId, { name: 'Versioned' });
    const rename = await server.call<ApiSuccess<VoiceConfig>>('PUT', `/api/voice/configs/${config.id}`, { body: { name: 'Versioned v2' } });
    expect(rename.json.data.version).toBe(1);
    const same = await server.call<ApiSuccess<VoiceConfig>>('PUT', `/api/voice/configs/${config.id}`, { body: { configJson: sampleConfigJson } });
    expect(same.json.data.version).toBe(1);
    const changed = await server.call<ApiSuccess<VoiceConfig>>('PUT', `/api/voice/configs/${config.id}`, {
      body: { configJson: { ...sampleConfigJson, bot_name: 'Grace' } },
    });
    expect(changed.json.data.version).toBe(2);
    expect(changed.json.data.configJson.bot_name).toBe('Grace');
    const deactivated = await server.call<ApiSuccess<VoiceConfig>>('PUT', `/api/voice/configs/${config.id}`, { body: { isActive: false } });
    expect(deactivated.json.data.isActive).toBe(false);
    const versions = await server.call<ApiSuccess<ConfigVersion[]>>('GET', `/api/voice/configs/${config.id}/versions`);
    expect(versions.json.data.map((v) => [v.version, v.configJson.bot_name])).toEqual([
      [2, 'Grace'],
      [1, 'Ada'],
    ]);
    const activeOnly = await server.call<ApiSuccess<VoiceConfig[]>>('GET', `/api/voice/configs?orgId=${orgId}&isActive=true`);
    expect(activeOnly.json.data.some((c) => c.id === config.id)).toBe(false);
  });

  it('keeps names unique per org and refuses to delete a config in use', async () => {
    const config = await createConfig(server, orgId, { name: 'Unique name' });
    const duplicate = await server.call<ApiError>('POST', '/api/voice/configs', {
      body: { orgId, name: 'Unique name', interviewType: 'technical', configJson: sampleConfigJson },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.code).toBe('NAME_TAKEN');
    await createSession(server, orgId, { configId: config.id });
    const inUse = await server.call<ApiError>('DELETE', `/api/voice/configs/${config.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.json.error.code).toBe('CONFIG_IN_USE');
    expect(inUse.json.error.message).toContain('deactivate');
    const unused = await createConfig(server, orgId);
    expect((await server.call('DELETE', `/api/voice/configs/${unused.id}`)).status).toBe(200);
    expect((await server.call('GET', `/api/voice/configs/${unused.id}`)).status).toBe(404);
  });
});

describe('transcripts, search and analytics', () => {
  let transcriptId: string;
  let sessionId: string;

  beforeAll(async () => {
    const session = await createSession(server, orgId, { candidateName: 'Katherine Johnson', interviewType: 'search-test' });
    sessionId = session.id;
    await moveSession(server, session.id, 'ready', 'active');
    const grant = await server.call<ApiSuccess<BotTokenGrant>>('POST', `/api/voice/sessions/${session.id}/bot-token`);
    const bot = await BotClient.connect(server.url, grant.json.data.botToken);
    const lines: [string, string][] = [
      ['bot', 'Tell me about the orbital mechanics work you did.'],
      ['candidate', 'I computed reentry trajectories by hand and verified the electronic computers.'],
      ['bot', 'How did you check the trajectories?'],
      ['candidate', 'We cross-checked every trajectory with independent calculations and careful geometry.'],
    ];
    for (const [index, [speaker, text]] of lines.entries()) {
      await bot.segment({ seq: index, speaker: speaker as 'bot' | 'candidate', text, startTime: index * 5, endTime: index * 5 + 4, confidence: 0.9, final: true });
    }
    await bot.close();
    await moveSession(server, session.id, 'completed');
    const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
    transcriptId = (list.json.data[0] as TranscriptSummary).id;
  });

  it('returns the assembled transcript with segments and word count', async () => {
    const reply = await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${transcriptId}`);
    expect(reply.status).toBe(200);
    expect(reply.json.data.speakerSegments).toHaveLength(4);
    expect(reply.json.data.speakerSegments[1]).toMatchObject({ seq: 1, speaker: 'candidate', startTime: 5, endTime: 9, confidence: 0.9 });
    expect(reply.json.data.transcriptText.split('\n')[0]).toBe('Interviewer: Tell me about the orbital mechanics work you did.');
    expect(reply.json.data.wordCount).toBe(9 + 11 + 6 + 10);
    expect(reply.json.data.summary).toBeNull();
  });

  it('searches with FTS5: ranked, highlighted, stemmed, prefix on the last word', async () => {
    const reply = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&q=trajectory%20verif`);
    expect(reply.status).toBe(200);
    const hit = reply.json.data.find((t) => t.id === transcriptId);
    expect(hit).toBeDefined();
    expect(typeof hit?.rank).toBe('number');
    const snippet = hit?.snippet;
    expect(snippet?.highlights.length).toBeGreaterThan(0);
    const marked = snippet?.highlights.map(([start, end]) => snippet.text.slice(start, end).toLowerCase()) ?? [];
    expect(marked.some((word) => word.startsWith('trajector'))).toBe(true);
    const none = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&q=submarine`);
    expect(none.json.data).toHaveLength(0);
    expect(none.json.pagination?.total).toBe(0);
    const byName = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&candidateName=katherine`);
    expect(byName.json.data.map((t) => t.id)).toContain(transcriptId);
    const syntax = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&q=${encodeURIComponent('"orbital AND (NEAR')}`);
    expect(syntax.status).toBe(200);
  });

  it('serves analytics by session, by score range, and the org stats', async () => {
    const db = openStore(server.dataDir);
    try {
      new AnalyticsStore(db).save(
        { id: randomUUID(), orgId, sessionId, transcriptId, createdBy: randomUUID(), now: new Date().toISOString() },
        {
          overallScore: 87.5,
          categoryScores: { communication: { score: 90, weight: 0.5, feedback: 'Clear' }, technical_depth: { score: 85, weight: 0.5 } },
          strengths: ['Rigor'],
          weaknesses: [],
          recommendations: ['Advance'],
          keyMoments: [{ timestamp: 5, type: 'strength', description: 'Hand calculations', quote: 'I computed reentry trajectories' }],
          detailedAnalysis: {},
          modelUsed: 'gpt-4o-mini',
          processingTimeMs: 1200,
        },
      );
    } finally {
      db.close();
    }
    const one = await server.call<ApiSuccess<VoiceAnalytics>>('GET', `/api/voice/analytics/${sessionId}`);
    expect(one.status).toBe(200);
    expect(one.json.data.overallScore).toBe(87.5);
    expect(one.json.data.keyMoments[0]?.type).toBe('strength');
    const inRange = await server.call<ApiSuccess<VoiceAnalytics[]>>('GET', `/api/voice/analytics?orgId=${orgId}&minScore=80&maxScore=90`);
    expect(inRange.json.data.map((a) => a.sessionId)).toEqual([sessionId]);
    const outOfRange = await server.call<ApiSuccess<VoiceAnalytics[]>>('GET', `/api/voice/analytics?orgId=${orgId}&minScore=90`);
    expect(outOfRange.json.data).toHaveLength(0);
    const scored = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${sessionId}`);
    expect(scored.json.data.overallScore).toBe(87.5);

    const none = await createSession(server, orgId);
    expect((await server.call('GET', `/api/voice/analytics/${none.id}`)).status).toBe(404);

    const stats = await server.call<ApiSuccess<OrgStats>>('GET', `/api/voice/stats?orgId=${orgId}`);
    expect(stats.status).toBe(200);
    const data = stats.json.data;
    const all = await server.call<ApiSuccess<VoiceSession[]>>('GET', `/api/voice/sessions?orgId=${orgId}&limit=1000`);
    expect(data.totalSessions).toBe(all.json.pagination?.total);
    expect(data.completedSessions).toBe(all.json.data.filter((s) => s.status === 'completed').length);
    expect(Object.values(data.byStatus).reduce((a, b) => a + b, 0)).toBe(data.totalSessions);
    expect(data.avgScore).toBe(87.5);
    expect(data.scoreHistogram).toHaveLength(10);
    expect(data.scoreHistogram[8]).toEqual({ from: 80, to: 90, count: 1 });
    expect(data.sessionsPerDay).toHaveLength(30);
    expect(data.sessionsPerDay.at(-1)?.count).toBe(data.totalSessions);
    expect(data.sessionsThisMonth).toBe(data.totalSessions);
    expect(data.byInterviewType.find((t) => t.interviewType === 'search-test')?.count).toBe(1);
  });

  it('lets only org admins delete a transcript', async () => {
    const db = openStore(server.dataDir);
    try {
      const me = (await server.call<ApiSuccess<Me>>('GET', '/api/me')).json.data.user.id;
      db.prepare("UPDATE org_members SET role = 'org_user' WHERE user_id = ?").run(me);
      const refused = await server.call<ApiError>('DELETE', `/api/voice/transcripts/${transcriptId}`);
      expect(refused.status).toBe(403);
      db.prepare("UPDATE org_members SET role = 'org_admin' WHERE user_id = ?").run(me);
      expect((await server.call('DELETE', `/api/voice/transcripts/${transcriptId}`)).status).toBe(200);
      expect((await server.call('GET', `/api/voice/transcripts/${transcriptId}`)).status).toBe(404);
      db.prepare("UPDATE org_members SET role = 'org_owner' WHERE user_id = ?").run(me);
    } finally {
      db.close();
    }
  });
});

describe('health and app info', () => {
  it('tells the settings screen where the data lives', async () => {
    const reply = await server.call<ApiSuccess<{ version: string; dataDir: string }>>('GET', '/api/app');
    expect(reply.status).toBe(200);
    expect(reply.json.data).toMatchObject({ version: '0.1.0', dataDir: server.dataDir });
  });

  it('reports the module, checks and version', async () => {
    const reply = await server.call<HealthReport>('GET', '/api/voice/health');
    expect(reply.json).toMatchObject({ module: 'module-voice', checks: { database: 'ok', dataDir: 'ok', daily: 'not_configured', ecs: 'not_configured', s3: 'not_configured' }, version: '0.1.0' });
    expect(Number.isNaN(Date.parse(reply.json.timestamp))).toBe(false);
    // Without a keyring daemon and with no key stored, the keychain is simply not configured.
    expect(['ok', 'not_configured']).toContain(reply.json.checks.keychain);
    expect(reply.json.status).toBe('healthy');
    expect(reply.status).toBe(200);
  });
});
