import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ApiSuccess } from '../../contracts/api-envelope.js';
import type { AuditEntry, RetentionPolicy, RetentionRun } from '../../contracts/candidate-rights.js';
import type { Me } from '../../contracts/identity.js';
import type { VoiceSession } from '../../contracts/session.js';
import { eventually } from '../support/eventually.js';
import { createSession, moveSession, openStore } from '../support/fixtures.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

// Preview before the first run, enforced by the server (issue 13): an on-demand run of a policy
// never previewed at its current days is refused with 409 PREVIEW_REQUIRED and deletes nothing; the
// daily scheduler skips it; changing the days needs a new preview. The scheduler polls quickly here,
// so every check below also holds against a scheduled pass running at any moment.
let server: ServerProcess;
let me: Me;
let orgId: string;

beforeAll(async () => {
  server = await startServerProcess({ env: { VOICE_RIGHTS_POLL_MS: '200', VOICE_ARCHIVE_POLL_MS: '3600000' } });
  me = (await server.call<ApiSuccess<Me>>('GET', '/api/me')).json.data;
  orgId = (me.orgs[0] as { id: string }).id;
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

/** A completed session of `org` that ended `days` ago, its candidate still named. */
async function endedSession(org: string, days: number, candidateName: string): Promise<VoiceSession> {
  const session = await createSession(server, org, { candidateName, candidateEmail: `${randomUUID().slice(0, 8)}@example.com` });
  await moveSession(server, session.id, 'ready', 'active', 'completed');
  const db = openStore(server.dataDir);
  const at = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
  db.prepare('UPDATE voice_sessions SET completed_at = ?, updated_at = ? WHERE id = ?').run(at, at, session.id);
  db.close();
  return session;
}

async function candidateName(sessionId: string): Promise<string | null> {
  return (await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${sessionId}`)).json.data.candidateName;
}

async function runs(org: string): Promise<AuditEntry[]> {
  return (await server.call<ApiSuccess<AuditEntry[]>>('GET', `/api/rights/audit?orgId=${org}&action=retention.ran`)).json.data;
}

async function setDays(org: string, days: number | null): Promise<RetentionPolicy> {
  const reply = await server.call<ApiSuccess<{ policy: RetentionPolicy }>>('PUT', '/api/rights/retention', { body: { orgId: org, days } });
  expect(reply.status, reply.text).toBe(200);
  return reply.json.data.policy;
}

async function preview(org: string, days: number): Promise<void> {
  expect((await server.call('GET', `/api/rights/retention/preview?orgId=${org}&days=${days}`)).status).toBe(200);
}

async function runNow(org: string): Promise<{ status: number; error: ApiError['error'] | null; run: RetentionRun | null }> {
  const reply = await server.call<ApiSuccess<RetentionRun> | ApiError>('POST', '/api/rights/retention/run', { body: { orgId: org } });
  return {
    status: reply.status,
    error: reply.json.success ? null : reply.json.error,
    run: reply.json.success ? reply.json.data : null,
  };
}

describe('preview before the first run, over the API', () => {
  let old: VoiceSession;

  it('a policy saved without a preview: its run is refused with 409 PREVIEW_REQUIRED and deletes nothing', async () => {
    old = await endedSession(orgId, 40, 'Mary Jackson');
    const policy = await setDays(orgId, 30);
    expect(policy).toMatchObject({ days: 30, previewedDays: null, previewedAt: null, source: 'local', updatedBy: me.user.id });

    const refused = await runNow(orgId);
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'PREVIEW_REQUIRED', details: { days: 30 } });
    expect(refused.error?.message).toMatch(/^Preview what would be deleted first/);
    expect(await candidateName(old.id)).toBe('Mary Jackson');
    expect(await runs(orgId)).toEqual([]);
  });

  it('bad input changes nothing: days above 3650, or none', async () => {
    expect((await server.call('PUT', '/api/rights/retention', { body: { orgId, days: 3651 } })).status).toBe(400);
    expect((await server.call('PUT', '/api/rights/retention', { body: { orgId } })).status).toBe(400);
    expect((await server.call('GET', `/api/rights/retention/preview?orgId=${orgId}&days=-1`)).status).toBe(400);
    const state = await server.call<ApiSuccess<{ policy: RetentionPolicy }>>('GET', `/api/rights/retention?orgId=${orgId}`);
    expect(state.json.data.policy).toMatchObject({ days: 30, previewedDays: null });
  });

  it('the scheduler does not run it either, while it runs a previewed policy of another org', async () => {
    // A second org of the same admin, set after the first: the pass that runs it also looked at the first.
    const other = randomUUID();
    const db = openStore(server.dataDir);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(other, 'Second org', now);
    db.prepare("INSERT INTO org_members (org_id, user_id, role, created_at) VALUES (?, ?, 'org_owner', ?)").run(other, me.user.id, now);
    db.close();
    const otherOld = await endedSession(other, 40, 'Annie Easley');
    await preview(other, 30);
    expect(await setDays(other, 30)).toMatchObject({ days: 30, previewedDays: 30 });

    const scheduled = await eventually(async () => ((await runs(other)).length > 0 ? runs(other) : undefined), "the scheduler's run of the previewed policy");
    expect(scheduled[0]?.details).toMatchObject({ days: 30, localSessions: 1 });
    expect(await candidateName(otherOld.id)).toBeNull();
    expect(await runs(orgId)).toEqual([]);
    expect(await candidateName(old.id)).toBe('Mary Jackson');
  });

  it('once previewed at its days it runs; changing the days needs a new preview (a preview of other days does not count)', async () => {
    await preview(orgId, 30);
    const ran = await runNow(orgId);
    expect(ran.status).toBe(200);
    expect(await candidateName(old.id)).toBeNull();

    const older = await endedSession(orgId, 100, 'Katherine Johnson');
    expect(await setDays(orgId, 90)).toMatchObject({ days: 90, previewedDays: null });
    expect((await runNow(orgId)).error?.code).toBe('PREVIEW_REQUIRED');
    await preview(orgId, 60);
    expect((await runNow(orgId)).error?.code).toBe('PREVIEW_REQUIRED');
    expect(await candidateName(older.id)).toBe('Katherine Johnson');

    await preview(orgId, 90);
    const again = await runNow(orgId);
    expect(again.status).toBe(200);
    expect(again.run?.stores.local.counts).toMatchObject({ sessions: 1 });
    expect(await candidateName(older.id)).toBeNull();

    // Off, then on again at the same days: that too is a change that needs a new preview.
    await setDays(orgId, null);
    expect(await setDays(orgId, 90)).toMatchObject({ previewedDays: null });
    expect((await runNow(orgId)).status).toBe(409);
  });
});
