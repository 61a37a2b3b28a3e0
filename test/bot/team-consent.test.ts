import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamReporter } from '../../bot/live/team-reporter.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { readyTeamSession } from './support/team-session.js';

// A team (ECS) bot reports the consent outcome to the project (Postgres + PostgREST) with its
// credential: a yes while active; a refusal ahead of the final status that ends the session.
let stack: SupabaseStack;
let member: TestUser;
let orgId: string;

beforeAll(async () => {
  stack = await startSupabaseStack();
  member = await stack.createUser('recruiter');
  orgId = await stack.createOrg('Acme', [{ user: member, role: 'org_admin' }]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function metadataOf(sessionId: string): Promise<{ status: string; consent: Record<string, unknown> | undefined }> {
  const rows = await stack.admin.query<{ status: string; session_metadata: { consent?: Record<string, unknown> } }>(
    'SELECT status, session_metadata FROM public.voice_sessions WHERE id = $1',
    [sessionId],
  );
  const row = rows.rows[0];
  return { status: row?.status ?? '', consent: row?.session_metadata.consent };
}

describe('a team bot reports consent', () => {
  it('a yes while the interview goes on', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    const reporter = new TeamReporter({ supabaseUrl: stack.url, anonKey: stack.anonKey, token: session.token, logger: silentLogger, backoff: { baseMs: 50, capMs: 400 } });
    reporter.status('active', 'candidate joined');
    reporter.status('active', 'consent recorded', undefined, { given: true, at: '2026-12-03T09:00:00.000Z', words: 'Yes.', template: 'eu_gdpr' });
    expect(await reporter.flush(10_000)).toBe(true);
    expect(await metadataOf(session.sessionId)).toEqual({ status: 'active', consent: { given: true, at: '2026-12-03T09:00:00.000Z', words: 'Yes.', template: 'eu_gdpr' } });
    reporter.close();
  });

  it('a refusal lands before the status that ends the session', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    const reporter = new TeamReporter({ supabaseUrl: stack.url, anonKey: stack.anonKey, token: session.token, logger: silentLogger, backoff: { baseMs: 50, capMs: 400 } });
    reporter.status('active', 'candidate joined');
    reporter.status('cancelled', 'the candidate did not consent to the AI interview', undefined, { given: false, at: '2026-12-03T09:00:00.000Z', words: 'No.' });
    expect(await reporter.flush(10_000)).toBe(true);
    expect(await metadataOf(session.sessionId)).toEqual({ status: 'cancelled', consent: { given: false, at: '2026-12-03T09:00:00.000Z', words: 'No.' } });
    expect(reporter.undelivered()).toMatchObject({ segments: [], statuses: [] });
    reporter.close();
  });
});
