import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSegment } from '../../contracts/transcript.js';
import { TeamReporter } from '../../bot/live/team-reporter.js';
import { createLogger, silentLogger } from '../../bot/runtime/logger.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { liveBroadcasts, readyTeamSession, sessionRow, storedSegments, transcriptRow, type TeamSession } from './support/team-session.js';

/**
 * The team reporter against the real stack: Postgres 15 with the migrations (009's RPCs), the
 * PostgREST binary, and the gateway that injects the faults (a dropped acknowledgement, an outage).
 */
let stack: SupabaseStack;
let member: TestUser;
let orgId: string;
let reporters: TeamReporter[] = [];

beforeAll(async () => {
  stack = await startSupabaseStack();
  member = await stack.createUser('recruiter');
  orgId = await stack.createOrg('Acme', [{ user: member, role: 'org_admin' }]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

afterEach(async () => {
  for (const reporter of reporters) reporter.close();
  reporters = [];
  stack.gateway.clearFaults();
  await stack.gateway.online();
});

const logger = process.env.BOT_TEST_LOGS ? createLogger('debug') : silentLogger;

function reporterFor(session: TeamSession): TeamReporter {
  const reporter = new TeamReporter({ supabaseUrl: stack.url, anonKey: stack.anonKey, token: session.token, logger, backoff: { baseMs: 50, capMs: 400 } });
  reporters.push(reporter);
  return reporter;
}

const segment = (seq: number): LiveSegment => ({
  seq,
  speaker: seq % 2 ? 'candidate' : 'bot',
  text: `words of segment ${seq}`,
  startTime: seq,
  endTime: seq + 0.5,
  confidence: seq % 2 ? 0.9 : null,
  final: true,
});

const seqs = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, index) => from + index);

describe('reporting to the team project (real Postgres + PostgREST)', () => {
  it('stores statuses and segments in order, broadcasts each once, and completing assembles the transcript', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    const reporter = reporterFor(session);
    reporter.status('active', 'candidate joined');
    for (const seq of seqs(0, 120)) reporter.segment(segment(seq));
    reporter.status('completed', 'interview complete');
    expect(await reporter.flush(20_000)).toBe(true);

    expect((await storedSegments(stack, session.sessionId)).map((row) => row.seq)).toEqual(seqs(0, 120));
    expect((await sessionRow(stack, session.sessionId)).status).toBe('completed');
    const transcript = await transcriptRow(stack, session.sessionId);
    expect(transcript?.speaker_segments.map((item) => item.seq)).toEqual(seqs(0, 120));
    expect(transcript?.word_count).toBe(120 * 4);
    expect(transcript?.candidate_name).toBe('Grace Hopper');
    expect(transcript?.transcript_text.split('\n')[1]).toBe('Candidate: words of segment 1');

    // What a watcher gets, in the order it happened: active, every segment once by seq, completed.
    const broadcasts = await liveBroadcasts(stack, session.sessionId);
    const order = broadcasts.map((message) =>
      message.event === 'segment' ? `seg:${(message.payload.segment as LiveSegment).seq}` : message.event === 'status' ? `status:${String(message.payload.status)}` : message.event,
    );
    expect(order).toEqual(['status:active', ...seqs(0, 120).map((seq) => `seg:${seq}`), 'status:completed']);
    expect(reporter.undelivered()).toEqual({ segments: [], statuses: [], rejected: false });
  });

  it('replays a batch whose acknowledgement was lost after the commit, without storing or broadcasting it twice', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    const reporter = reporterFor(session);
    reporter.status('active');
    expect(await reporter.flush(5000)).toBe(true);
    stack.gateway.fault(/voice_bot_append_segments/, { kind: 'drop-after-commit' }, 2);
    for (const seq of seqs(0, 10)) reporter.segment(segment(seq));
    expect(await reporter.flush(20_000)).toBe(true);

    expect(stack.gateway.seen.filter((request) => request.path.endsWith('voice_bot_append_segments') && request.status === 'dropped')).toHaveLength(2);
    expect((await storedSegments(stack, session.sessionId)).map((row) => row.seq)).toEqual(seqs(0, 10));
    const segmentBroadcasts = (await liveBroadcasts(stack, session.sessionId)).filter((message) => message.event === 'segment');
    expect(segmentBroadcasts.map((message) => (message.payload.segment as LiveSegment).seq)).toEqual(seqs(0, 10));
  });

  it('when the answer to "completed" is lost after the commit, the resend (refused: the credential is revoked) counts as done', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    const reporter = reporterFor(session);
    const rejected: string[] = [];
    reporter.rejected.add((why) => rejected.push(why));
    reporter.status('active');
    reporter.segment(segment(0));
    expect(await reporter.flush(5000)).toBe(true);
    stack.gateway.fault(/voice_bot_report_status/, { kind: 'drop-after-commit' }, 1);
    reporter.status('completed', 'interview complete');
    expect(await reporter.flush(10_000)).toBe(true);
    expect(rejected).toEqual([]);
    expect(reporter.undelivered()).toEqual({ segments: [], statuses: [], rejected: false });
    expect((await sessionRow(stack, session.sessionId)).status).toBe('completed');
  });

  it('loses nothing while the project is unreachable for a while, and sends it all, in order, once it is back', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    const reporter = reporterFor(session);
    reporter.status('active');
    for (const seq of seqs(0, 5)) reporter.segment(segment(seq));
    expect(await reporter.flush(5000)).toBe(true);

    await stack.gateway.offline();
    for (const seq of seqs(5, 80)) reporter.segment(segment(seq));
    expect(await reporter.flush(1500)).toBe(false);
    expect(reporter.undelivered().segments.map((item) => item.seq)).toEqual(seqs(5, 80));
    await stack.gateway.online();
    reporter.status('completed');
    expect(await reporter.flush(20_000)).toBe(true);

    expect((await storedSegments(stack, session.sessionId)).map((row) => row.seq)).toEqual(seqs(0, 80));
    expect((await sessionRow(stack, session.sessionId)).status).toBe('completed');
    expect((await transcriptRow(stack, session.sessionId))?.speaker_segments).toHaveLength(80);
  });

  it('takes 5xx and 429 from the gateway as "try again"', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    const reporter = reporterFor(session);
    stack.gateway.fault(/voice_bot_report_status/, { kind: 'status', status: 503 }, 1);
    stack.gateway.fault(/voice_bot_append_segments/, { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    stack.gateway.fault(/voice_bot_append_segments/, { kind: 'refuse' }, 1);
    reporter.status('active');
    reporter.segment(segment(0));
    reporter.segment(segment(1));
    expect(await reporter.flush(20_000)).toBe(true);
    expect((await storedSegments(stack, session.sessionId)).map((row) => row.seq)).toEqual([0, 1]);
  });

  it('stops when the credential is refused (the session ended): rejected, and what is left is listed as refused', async () => {
    const session = await readyTeamSession(stack, orgId, member);
    const reporter = reporterFor(session);
    const rejected: string[] = [];
    reporter.rejected.add((why) => rejected.push(why));
    reporter.status('active');
    reporter.segment(segment(0));
    expect(await reporter.flush(5000)).toBe(true);

    // The recruiter cancels from a desktop: the session ends, which revokes the credential.
    await stack.admin.query("UPDATE public.voice_sessions SET status = 'cancelled' WHERE id = $1", [session.sessionId]);
    reporter.segment(segment(1));
    reporter.status('completed');
    expect(await reporter.flush(10_000)).toBe(false);
    expect(rejected).toEqual(['the team project refused the reporting credential (HTTP 401)']);
    expect(reporter.undelivered()).toEqual({ segments: [segment(1)], statuses: [{ status: 'completed', reason: null }], rejected: true });
    expect((await storedSegments(stack, session.sessionId)).map((row) => row.seq)).toEqual([0]);
    expect((await sessionRow(stack, session.sessionId)).status).toBe('cancelled');
  });
});
