import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { AuditEntry, RetentionPolicy, RetentionPreview, RetentionRun } from '../../contracts/candidate-rights.js';
import type { VoiceSession } from '../../contracts/session.js';
import { eventually } from '../support/eventually.js';
import { createSession } from '../support/fixtures.js';
import { syncNow, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { userAccessToken } from '../support/supabase-jwt.js';
import { startTeamConsole } from '../support/team-consoles.js';

// The retention policy of a team org lives on the team project (migration 013): admin desktop A
// sets it, desktop B (another admin, a second server on the same project) sees the same policy and
// its daily scheduler runs it; a recruiter cannot set it, straight at PostgREST either; a change
// made on one desktop needs a new preview before either desktop runs it; while the project cannot
// be reached the desktops show their saved copy and refuse to change it.
let stack: SupabaseStack;
let desktopA: AppDesktop;
let desktopB: AppDesktop;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let teamOrg: string;

beforeAll(async () => {
  stack = await startSupabaseStack();
  [alice, bob, carol] = await Promise.all([stack.createUser('alice'), stack.createUser('bob'), stack.createUser('carol')]);
  teamOrg = await stack.createOrg('Team', [
    { user: alice, role: 'org_owner' },
    { user: bob, role: 'org_admin' },
    { user: carol, role: 'org_user' },
  ]);
  // A's scheduler is idle for the test's length; B's looks every 300 ms.
  desktopA = await startTeamConsole(stack, alice, { VOICE_RIGHTS_POLL_MS: '3600000' });
  desktopB = await startTeamConsole(stack, bob, { VOICE_RIGHTS_POLL_MS: '300' });
  await Promise.all([syncNow(desktopA.server), syncNow(desktopB.server)]);
});

afterAll(async () => {
  await desktopA?.stop();
  await desktopB?.stop();
  await stack?.stop();
});

/** A team session made on A that ended `daysAgo` days ago, with a transcript and a live segment on the project. */
async function endedTeamSession(candidateName: string, daysAgo: number): Promise<VoiceSession> {
  const session = await createSession(desktopA.server, teamOrg, { candidateName, candidateEmail: `${candidateName.split(' ')[0]?.toLowerCase()}@example.com` });
  await syncNow(desktopA.server);
  const ended = new Date(Date.now() - daysAgo * 24 * 3600 * 1000).toISOString();
  await stack.admin.query(
    `INSERT INTO public.voice_live_segments (session_id, org_id, seq, speaker, text, start_time, end_time) VALUES ($1, $2, 0, 'candidate', 'I wrote a garbage collector', 0, 2)`,
    [session.id, teamOrg],
  );
  await stack.admin.query(`INSERT INTO public.voice_transcripts (org_id, session_id, transcript_text, word_count, created_by) VALUES ($1, $2, 'I wrote a garbage collector', 5, $3)`, [
    teamOrg,
    session.id,
    alice.id,
  ]);
  await stack.admin.query(`UPDATE public.voice_sessions SET status = 'completed', started_at = $2, completed_at = $2 WHERE id = $1`, [session.id, ended]);
  await Promise.all([syncNow(desktopA.server), syncNow(desktopB.server)]);
  return session;
}

async function projectName(sessionId: string): Promise<string | null> {
  const row = await stack.admin.query<{ name: string | null }>('SELECT candidate_name AS name FROM public.voice_sessions WHERE id = $1', [sessionId]);
  return row.rows[0]?.name ?? null;
}

async function projectPolicy(): Promise<{ days: number | null; last_run_at: Date | null; last_run: RetentionRun | null } | undefined> {
  const row = await stack.admin.query<{ days: number | null; last_run_at: Date | null; last_run: RetentionRun | null }>(
    'SELECT days, last_run_at, last_run FROM public.voice_retention_policies WHERE org_id = $1',
    [teamOrg],
  );
  return row.rows[0];
}

async function policyOn(desktop: AppDesktop): Promise<RetentionPolicy> {
  const reply = await desktop.server.call<ApiSuccess<{ policy: RetentionPolicy }>>('GET', `/api/rights/retention?orgId=${teamOrg}`);
  expect(reply.status).toBe(200);
  return reply.json.data.policy;
}

/** An RPC straight at PostgREST, as `user` (no desktop in between). */
async function rpcAs(user: TestUser, fn: string, args: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const token = await userAccessToken(user);
  const reply = await fetch(`${stack.url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const text = await reply.text();
  return { status: reply.status, body: text ? (JSON.parse(text) as unknown) : null };
}

describe('the retention policy of a team org', () => {
  let old: VoiceSession;
  let recent: VoiceSession;

  it('admin A previews and sets 30 days; desktop B sees the same policy, shared with the team, and who set it', async () => {
    old = await endedTeamSession('Old Candidate', 40);
    recent = await endedTeamSession('Recent Candidate', 5);
    const before = await policyOn(desktopB);
    expect(before).toMatchObject({ days: null, source: 'team' });

    const preview = await desktopA.server.call<ApiSuccess<RetentionPreview>>('GET', `/api/rights/retention/preview?orgId=${teamOrg}&days=30`);
    expect(preview.json.data).toMatchObject({ source: 'team', counts: { sessions: 1, transcripts: 1, liveSegments: 1 } });
    const saved = await desktopA.server.call<ApiSuccess<{ policy: RetentionPolicy }>>('PUT', '/api/rights/retention', { body: { orgId: teamOrg, days: 30 } });
    expect(saved.status).toBe(200);
    expect(saved.json.data.policy).toMatchObject({ days: 30, previewedDays: 30, source: 'team', updatedBy: alice.id, updatedByEmail: alice.email });
    expect((await projectPolicy())?.days).toBe(30);

    const seen = await policyOn(desktopB);
    expect(seen).toMatchObject({ days: 30, previewedDays: 30, source: 'team', updatedBy: alice.id, updatedByEmail: alice.email });
    expect(seen.copiedAt).not.toBeNull();
  });

  it("B's scheduled run deletes the old content on the project and in both caches, and is recorded there for every desktop", async () => {
    const recorded = await eventually(async () => {
      const row = await projectPolicy();
      return row?.last_run_at ? row : undefined;
    }, "desktop B's scheduled run on the project");
    expect(recorded.last_run?.stores.team).toMatchObject({ state: 'done', counts: { sessions: 1, transcripts: 1, liveSegments: 1 } });
    expect(await projectName(old.id)).toBeNull();
    expect(await projectName(recent.id)).toBe('Recent Candidate');

    // B ran it as bob; its audit entry reaches the project. The change is on the project once.
    const audit = await eventually(async () => {
      await syncNow(desktopB.server);
      const rows = await stack.admin.query<{ action: string; actor_id: string }>('SELECT action, actor_id FROM public.voice_audit_log WHERE org_id = $1 ORDER BY at', [teamOrg]);
      return rows.rows.some((row) => row.action === 'retention.ran') ? rows.rows : undefined;
    }, "B's retention.ran entry on the project");
    expect(audit.filter((row) => row.action === 'retention.ran')).toEqual([{ action: 'retention.ran', actor_id: bob.id }]);
    await syncNow(desktopA.server);
    const changes = await stack.admin.query<{ actor_id: string; details: Record<string, unknown> }>(
      "SELECT actor_id, details FROM public.voice_audit_log WHERE org_id = $1 AND action = 'retention.changed'",
      [teamOrg],
    );
    expect(changes.rows).toEqual([{ actor_id: alice.id, details: { fromDays: null, toDays: 30 } }]);

    // A sees B's run (the project's record), and its cache lost the content at its pull.
    const state = await desktopA.server.call<ApiSuccess<{ policy: RetentionPolicy; lastRun: RetentionRun | null }>>('GET', `/api/rights/retention?orgId=${teamOrg}`);
    expect(state.json.data.lastRun?.stores.team.counts?.sessions).toBe(1);
    const onA = await desktopA.server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${old.id}`);
    expect(onA.json.data.candidateName).toBeNull();
  });

  it('a recruiter cannot set it, over PostgREST either; bad days are refused there and over the API, and change nothing', async () => {
    const byRecruiter = await rpcAs(carol, 'voice_retention_policy_set', { p_org_id: teamOrg, p_days: 7 });
    expect(byRecruiter.status).toBe(403);
    const direct = await fetch(`${stack.url}/rest/v1/voice_retention_policies?org_id=eq.${teamOrg}`, {
      method: 'PATCH',
      headers: { apikey: stack.anonKey, authorization: `Bearer ${await userAccessToken(alice)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ days: 1 }),
    });
    expect(direct.status).toBe(403);
    await direct.text();
    expect((await rpcAs(alice, 'voice_retention_policy_set', { p_org_id: teamOrg, p_days: -5 })).status).toBe(400);
    expect((await rpcAs(alice, 'voice_retention_policy_set', { p_org_id: teamOrg, p_days: 3651 })).status).toBe(400);
    expect((await rpcAs(carol, 'voice_retention_policy_get', { p_org_id: teamOrg })).body).toMatchObject({ days: 30 });

    expect((await desktopB.server.call('PUT', '/api/rights/retention', { body: { orgId: teamOrg, days: -5 } })).status).toBe(400);
    expect((await desktopB.server.call('PUT', '/api/rights/retention', { body: { orgId: teamOrg, days: 3651 } })).status).toBe(400);
    expect((await projectPolicy())?.days).toBe(30);
    const changes = await stack.admin.query("SELECT 1 FROM public.voice_audit_log WHERE org_id = $1 AND action = 'retention.changed'", [teamOrg]);
    expect(changes.rowCount).toBe(1);
  });

  it("B's change to 90 days needs a new preview before A may run it", async () => {
    expect((await desktopB.server.call('PUT', '/api/rights/retention', { body: { orgId: teamOrg, days: 90 } })).status).toBe(200);
    const refused = await desktopA.server.call<ApiError>('POST', '/api/rights/retention/run', { body: { orgId: teamOrg } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('PREVIEW_REQUIRED');
    expect(refused.json.error.message).toMatch(/^Preview what would be deleted first/);
    expect(await projectName(recent.id)).toBe('Recent Candidate');

    expect((await desktopA.server.call('GET', `/api/rights/retention/preview?orgId=${teamOrg}&days=90`)).status).toBe(200);
    expect(await policyOn(desktopB)).toMatchObject({ days: 90, previewedDays: 90, updatedBy: bob.id });
    const ran = await desktopA.server.call<ApiSuccess<RetentionRun>>('POST', '/api/rights/retention/run', { body: { orgId: teamOrg } });
    expect(ran.status).toBe(200);
    expect(ran.json.data).toMatchObject({ days: 90, stores: { team: { state: 'done' } } });
  });

  it('while the project cannot be reached: the saved copy is shown, and a change is refused (503) and changes nothing', async () => {
    await stack.gateway.offline();
    try {
      const copy = await policyOn(desktopA);
      expect(copy).toMatchObject({ days: 90, source: 'saved-copy', updatedBy: bob.id });
      const change = await desktopA.server.call<ApiError>('PUT', '/api/rights/retention', { body: { orgId: teamOrg, days: 30 } });
      expect(change.status).toBe(503);
      expect(change.json.error.code).toBe('TEAM_UNREACHABLE');
      expect((await policyOn(desktopA)).days).toBe(90);
    } finally {
      await stack.gateway.online();
    }
    expect((await projectPolicy())?.days).toBe(90);
    expect(await policyOn(desktopA)).toMatchObject({ days: 90, source: 'team' });
    const audit = await desktopA.server.call<ApiSuccess<AuditEntry[]>>('GET', `/api/rights/audit?orgId=${teamOrg}&action=retention.changed`);
    expect(audit.json.data.map((entry) => entry.details.toDays)).toEqual([90, 30]);
  });
});
