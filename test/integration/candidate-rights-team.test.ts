import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { AuditEntry, ErasureReceipt, RetentionPreview, RetentionRun } from '../../contracts/candidate-rights.js';
import type { TranscriptSummary } from '../../contracts/transcript.js';
import type { VoiceSession } from '../../contracts/session.js';
import { eventually } from '../support/eventually.js';
import { createSession, openStore } from '../support/fixtures.js';
import { LocalS3 } from '../support/s3-server.js';
import { syncNow, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { startTeamConsole } from '../support/team-consoles.js';

// Retention and erasure in a team org reach the three stores: this desktop's SQLite cache, the team
// project (Postgres + PostgREST, through the admin-only RPCs) and the bucket (s3rver); the audit
// entries they leave reach the project's append-only log.
const BUCKET = 'team-transcripts';
let stack: SupabaseStack;
let s3: LocalS3;
let admin: AppDesktop;
let recruiter: AppDesktop;
let alice: TestUser;
let carol: TestUser;
let teamOrg: string;
let client: S3Client;

beforeAll(async () => {
  stack = await startSupabaseStack();
  s3 = await new LocalS3(BUCKET).start();
  [alice, carol] = await Promise.all([stack.createUser('alice'), stack.createUser('carol')]);
  teamOrg = await stack.createOrg('Team', [
    { user: alice, role: 'org_owner' },
    { user: carol, role: 'org_user' },
  ]);
  const env = { ...s3.env, TRANSCRIPT_S3_BUCKET: BUCKET, VOICE_RIGHTS_POLL_MS: '3600000', VOICE_ARCHIVE_POLL_MS: '3600000' };
  admin = await startTeamConsole(stack, alice, env);
  recruiter = await startTeamConsole(stack, carol, env);
  await Promise.all([syncNow(admin.server), syncNow(recruiter.server)]);
  client = new S3Client({ region: 'us-east-1', endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});

afterAll(async () => {
  client?.destroy();
  await admin?.stop();
  await recruiter?.stop();
  await s3?.dispose();
  await stack?.stop();
});

/**
 * A team session that ended `daysAgo` days ago with what a bot leaves on the project: a live
 * segment, the assembled transcript (archived in the bucket) and analytics.
 */
async function endedTeamSession(candidateEmail: string, daysAgo: number): Promise<{ session: VoiceSession; key: string }> {
  const session = await createSession(admin.server, teamOrg, { candidateName: 'Team Candidate', candidateEmail });
  await syncNow(admin.server);
  const created = new Date(Date.now() - (daysAgo + 1) * 24 * 3600 * 1000);
  const key = `transcripts/${teamOrg}/${created.toISOString().slice(0, 10).replace(/-/g, '/')}/${session.id}.json`;
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{"transcriptText":"words"}' }));
  const db = stack.admin;
  await db.query(
    `INSERT INTO public.voice_live_segments (session_id, org_id, seq, speaker, text, start_time, end_time) VALUES ($1, $2, 0, 'candidate', 'I built a compiler', 0, 2)`,
    [session.id, teamOrg],
  );
  const transcript = await db.query<{ id: string }>(
    `INSERT INTO public.voice_transcripts (org_id, session_id, transcript_text, transcript_s3_url, word_count, created_by, created_at)
     VALUES ($1, $2, 'I built a compiler', $3, 4, $4, $5) RETURNING id`,
    [teamOrg, session.id, `s3://${BUCKET}/${key}`, alice.id, created.toISOString()],
  );
  await db.query(`INSERT INTO public.voice_analytics (org_id, session_id, transcript_id, overall_score, strengths, created_by) VALUES ($1, $2, $3, 80, '{compilers}', $4)`, [
    teamOrg,
    session.id,
    transcript.rows[0]?.id,
    alice.id,
  ]);
  await db.query(`UPDATE public.voice_sessions SET status = 'completed', started_at = $2, completed_at = $2 WHERE id = $1`, [
    session.id,
    new Date(Date.now() - daysAgo * 24 * 3600 * 1000).toISOString(),
  ]);
  await syncNow(admin.server);
  return { session, key };
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

async function projectContent(sessionId: string): Promise<{ name: string | null; email: string | null; segments: number; words: string; transcriptDeleted: boolean; analyticsDeleted: boolean }> {
  const row = await stack.admin.query(
    `SELECT s.candidate_name AS name, s.candidate_email AS email,
       (SELECT count(*)::int FROM public.voice_live_segments l WHERE l.session_id = s.id) AS segments,
       coalesce((SELECT string_agg(t.transcript_text, '') FROM public.voice_transcripts t WHERE t.session_id = s.id), '') AS words,
       coalesce((SELECT bool_and(t.deleted_at IS NOT NULL) FROM public.voice_transcripts t WHERE t.session_id = s.id), true) AS "transcriptDeleted",
       coalesce((SELECT bool_and(a.deleted_at IS NOT NULL) FROM public.voice_analytics a WHERE a.session_id = s.id), true) AS "analyticsDeleted"
     FROM public.voice_sessions s WHERE s.id = $1`,
    [sessionId],
  );
  return row.rows[0];
}

describe('retention in a team org', () => {
  it('a recruiter (org_user) may not set or run it', async () => {
    const put = await recruiter.server.call('PUT', '/api/rights/retention', { body: { orgId: teamOrg, days: 30 } });
    expect(put.status).toBe(403);
    const run = await recruiter.server.call('POST', '/api/rights/retention/run', { body: { orgId: teamOrg } });
    expect(run.status).toBe(403);
  });

  it('the preview counts on the project; the run deletes there, in the cache and in the bucket', async () => {
    const old = await endedTeamSession('old.candidate@example.com', 40);
    const recent = await endedTeamSession('new.candidate@example.com', 5);

    const preview = await admin.server.call<ApiSuccess<RetentionPreview>>('GET', `/api/rights/retention/preview?orgId=${teamOrg}&days=30`);
    expect(preview.status).toBe(200);
    expect(preview.json.data).toMatchObject({ source: 'team', counts: { sessions: 1, transcripts: 1, liveSegments: 1, analytics: 1, archiveObjects: 1 } });
    expect((await projectContent(old.session.id)).name).toBe('Team Candidate');

    expect((await admin.server.call('PUT', '/api/rights/retention', { body: { orgId: teamOrg, days: 30 } })).status).toBe(200);
    const run = await admin.server.call<ApiSuccess<RetentionRun>>('POST', '/api/rights/retention/run', { body: { orgId: teamOrg } });
    expect(run.status).toBe(200);
    expect(run.json.data.stores.team).toMatchObject({ state: 'done', counts: { sessions: 1, transcripts: 1, liveSegments: 1, analytics: 1 } });
    expect(run.json.data.stores.local.state).toBe('done');
    expect(run.json.data.stores.archive).toMatchObject({ state: 'done', counts: { archiveObjects: 1 } });

    expect(await projectContent(old.session.id)).toEqual({ name: null, email: null, segments: 0, words: '', transcriptDeleted: true, analyticsDeleted: true });
    expect((await projectContent(recent.session.id)).words).toBe('I built a compiler');
    expect(await objectExists(old.key)).toBe(false);
    expect(await objectExists(recent.key)).toBe(true);

    // The other desktop's cache loses it at its next pull.
    await syncNow(recruiter.server);
    const seen = await recruiter.server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${old.session.id}`);
    expect(seen.json.data.candidateName).toBeNull();
    const cache = openStore(recruiter.dataDir);
    expect(cache.prepare('SELECT count(*) AS n FROM voice_transcripts WHERE session_id = ?').get(old.session.id)).toEqual({ n: 0 });
    cache.close();
  });
});

describe('erasure in a team org', () => {
  it('with the project unreachable: the cache is erased at once, the project stays pending until it is back', async () => {
    const { session, key } = await endedTeamSession('erase.me@example.com', 2);
    await stack.gateway.offline();
    let receipt: ErasureReceipt;
    try {
      const reply = await admin.server.call<ApiSuccess<ErasureReceipt>>('POST', '/api/rights/erasures', { body: { orgId: teamOrg, email: 'Erase.Me@example.com' } });
      expect(reply.status).toBe(201);
      receipt = reply.json.data;
      expect(receipt.stores.local).toMatchObject({ state: 'done', counts: { sessions: 1 } });
      expect(receipt.stores.team.state).toBe('pending');
      expect(receipt.stores.team.lastError).toBeTruthy();
      expect(receipt.completedAt).toBeNull();
      expect(await objectExists(key)).toBe(false);
    } finally {
      await stack.gateway.online();
    }
    expect((await projectContent(session.id)).email).toBe('erase.me@example.com');

    // Back online: the next sync retries it.
    const done = await eventually(async () => {
      await syncNow(admin.server);
      const r = (await admin.server.call<ApiSuccess<ErasureReceipt>>('GET', `/api/rights/erasures/${receipt.id}`)).json.data;
      return r.completedAt ? r : undefined;
    }, 'the pending erasure to reach the project');
    expect(done.stores.team).toMatchObject({ state: 'done', counts: { sessions: 1, transcripts: 1, liveSegments: 1, analytics: 1 } });
    expect(await projectContent(session.id)).toEqual({ name: null, email: null, segments: 0, words: '', transcriptDeleted: true, analyticsDeleted: true });

    const again = await admin.server.call<ApiSuccess<ErasureReceipt>>('POST', '/api/rights/erasures', { body: { orgId: teamOrg, email: 'erase.me@example.com' } });
    expect(again.status).toBe(200);
    expect(again.json.data.id).toBe(receipt.id);
  });

  it('audit entries reach the project, without the e-mail; nobody but service_role may change them there', async () => {
    await syncNow(admin.server);
    const rows = await eventually(async () => {
      await syncNow(admin.server);
      const r = await stack.admin.query<{ action: string; actor_id: string; details: Record<string, unknown> }>(
        'SELECT action, actor_id, details FROM public.voice_audit_log WHERE org_id = $1 ORDER BY at',
        [teamOrg],
      );
      return r.rows.some((row) => row.action === 'candidate.erased') ? r.rows : undefined;
    }, 'the audit entries on the project');
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['retention.changed', 'retention.ran', 'candidate.erased']));
    expect(rows.every((row) => row.actor_id === alice.id)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('erase.me');
    await expect(stack.admin.query('DELETE FROM public.voice_audit_log WHERE org_id = $1', [teamOrg])).rejects.toThrow(/append-only/);
  });

  it("an admin's audit log shows the whole team's entries: a recruiter's transcript view on another desktop", async () => {
    const { session } = await endedTeamSession('viewed@example.com', 1);
    await syncNow(recruiter.server);
    const list = await recruiter.server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${teamOrg}&sessionId=${session.id}`);
    const transcriptId = (list.json.data[0] as TranscriptSummary).id;
    expect((await recruiter.server.call('GET', `/api/voice/transcripts/${transcriptId}`)).status).toBe(200);
    expect((await recruiter.server.call('GET', `/api/rights/audit?orgId=${teamOrg}`)).status).toBe(403);
    const entries = await eventually(async () => {
      await syncNow(recruiter.server);
      const reply = await admin.server.call<ApiSuccess<AuditEntry[]>>('GET', `/api/rights/audit?orgId=${teamOrg}&action=transcript.viewed&targetId=${transcriptId}`);
      return reply.json.data.length > 0 ? reply.json.data : undefined;
    }, "the recruiter's view in the admin's audit log");
    expect(entries[0]).toMatchObject({ actorId: carol.id, action: 'transcript.viewed', targetId: transcriptId, details: { sessionId: session.id } });
  });
});
