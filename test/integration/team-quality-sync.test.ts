import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import { qualityFigures } from '../support/quality-figures.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { OrgStats } from '../../contracts/stats.js';
import { TeamReporter } from '../../bot/live/team-reporter.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { newReportToken, rpcAsUser } from '../bot/support/team-session.js';
import { createConfig, createSession, moveSession } from '../support/fixtures.js';
import { signIn, startAppDesktop, syncNow, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';

/**
 * Issue 14, section 3, for team interviews: a team (ECS) bot's quality figures reach the project
 * through its reporter (voice_bot_report_quality, migration 012, ahead of the final status), then
 * a desktop's sync brings them into its SQLite, where the session's Overview and the Dashboard's
 * figures read them. Real Postgres 15 + PostgREST, the built server (`npm run build` first).
 */
let stack: SupabaseStack;
let alice: TestUser;
let teamOrg: string;
let desktop: AppDesktop;

beforeAll(async () => {
  stack = await startSupabaseStack();
  alice = await stack.createUser('alice');
  teamOrg = await stack.createOrg('Team', [{ user: alice, role: 'org_owner' }]);
  desktop = await startAppDesktop();
  const signedIn = await signIn(desktop.server, stack, alice);
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${signedIn.status} ${signedIn.text}`);
}, 120_000);

afterAll(async () => {
  await desktop?.stop();
  await stack?.stop();
});

const figures = qualityFigures();

describe('a team bot\'s quality figures', () => {
  it('are stored on the project row, synced into the desktop, and shown by the session and the Dashboard API', async () => {
    const config = await createConfig(desktop.server, teamOrg, { name: 'Team loop' });
    const session = await createSession(desktop.server, teamOrg, { configId: config.id });
    await moveSession(desktop.server, session.id, 'ready');
    await syncNow(desktop.server);

    // What the start flow does for an ECS bot: a credential registered by its hash as the member.
    const token = newReportToken();
    const issued = await rpcAsUser(stack, alice, 'voice_issue_bot_credential', {
      p_session_id: session.id,
      p_token_hash: createHash('sha256').update(token, 'utf8').digest('hex'),
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);

    const reporter = new TeamReporter({ supabaseUrl: stack.url, anonKey: stack.anonKey, token, logger: silentLogger, backoff: { baseMs: 50, capMs: 400 } });
    try {
      reporter.status('active', 'candidate joined');
      reporter.segment({ seq: 0, speaker: 'bot', text: 'Hi, I am Ada.', startTime: 0, endTime: 1, confidence: null, final: true });
      reporter.status('completed', 'interview complete', figures);
      expect(await reporter.flush(10_000)).toBe(true);
      expect(reporter.undelivered()).toEqual({ segments: [], statuses: [], rejected: false });
    } finally {
      reporter.close();
    }

    const row = await stack.admin.query<{ status: string; session_metadata: { quality?: unknown } }>('SELECT status, session_metadata FROM public.voice_sessions WHERE id = $1', [session.id]);
    expect(row.rows[0]?.status).toBe('completed');
    expect(row.rows[0]?.session_metadata.quality).toEqual(figures);

    await syncNow(desktop.server);
    const local = await desktop.server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
    expect(local.status, local.text).toBe(200);
    expect(local.json.data.status).toBe('completed');
    expect(local.json.data.sessionMetadata.quality).toEqual(figures);

    const stats = await desktop.server.call<ApiSuccess<OrgStats>>('GET', `/api/voice/stats?orgId=${teamOrg}`);
    expect(stats.status, stats.text).toBe(200);
    const summary = { interviews: 1, voiceToVoiceP50Ms: 612, voiceToVoiceP95Ms: 875, replies: 9, bargeIns: 2, longSilences: 1, cutIns: 0 };
    expect(stats.json.data.quality).toEqual({
      overall: summary,
      byConfig: [{ configId: config.id, configName: 'Team loop', ...summary }],
      byTurnTaking: [{ turnTaking: 'flux', sttModel: 'flux-general-en', ...summary }],
    });
  });

  it('malformed figures are refused and the session ends without them', async () => {
    const session = await createSession(desktop.server, teamOrg);
    await moveSession(desktop.server, session.id, 'ready');
    await syncNow(desktop.server);
    const token = newReportToken();
    await rpcAsUser(stack, alice, 'voice_issue_bot_credential', { p_session_id: session.id, p_token_hash: createHash('sha256').update(token, 'utf8').digest('hex') });

    const reporter = new TeamReporter({ supabaseUrl: stack.url, anonKey: stack.anonKey, token, logger: silentLogger, backoff: { baseMs: 50, capMs: 400 } });
    try {
      reporter.status('active', 'candidate joined');
      // A bot built from another contract version: the project refuses the figures, not the ending.
      reporter.status('completed', 'interview complete', { ...figures, cutIns: -1 });
      expect(await reporter.flush(10_000)).toBe(true);
    } finally {
      reporter.close();
    }
    const row = await stack.admin.query<{ status: string; session_metadata: { quality?: unknown } }>('SELECT status, session_metadata FROM public.voice_sessions WHERE id = $1', [session.id]);
    expect(row.rows[0]?.status).toBe('completed');
    expect(row.rows[0]?.session_metadata.quality).toBeUndefined();
  });
});
