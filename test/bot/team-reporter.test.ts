import { afterEach, describe, expect, it } from 'vitest';
import { fullJitterDelay, parseRetryAfter } from '../../contracts/backoff.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { TeamReporter, type TeamReporterOptions } from '../../bot/live/team-reporter.js';
import { createLogger } from '../../bot/runtime/logger.js';
import { FakeHttpServer, type CannedReply, type RecordedRequest } from '../fakes/fake-http-server.js';

/**
 * The team reporter's own logic (batching, order, retries, refusals, the latest-only state)
 * against a scripted PostgREST stand-in that answers like the RPCs of migration 009, to force on
 * cue what the real project rarely does. Against the real stack, see team-reporting.test.ts.
 */
const TOKEN = `vbr_${'A'.repeat(43)}`;
const ANON = 'anon-key-for-tests';

const segment = (seq: number, final = true): LiveSegment => ({
  seq,
  speaker: seq % 2 ? 'candidate' : 'bot',
  text: `segment ${seq}`,
  startTime: seq,
  endTime: seq + 1,
  confidence: null,
  final,
});

interface Call {
  rpc: string;
  body: Record<string, unknown>;
  at: number;
}

/** A project that stores by seq (idempotent) and accepts statuses; `answer` may override a call. */
function project(answer?: (call: Call, index: number) => CannedReply | null): { server: FakeHttpServer; calls: Call[]; stored: Map<number, LiveSegment> } {
  const calls: Call[] = [];
  const stored = new Map<number, LiveSegment>();
  const server = new FakeHttpServer((request: RecordedRequest) => {
    const call: Call = { rpc: request.path.replace('/rest/v1/rpc/', ''), body: request.body as Record<string, unknown>, at: Date.now() };
    calls.push(call);
    if (request.headers.apikey !== ANON || request.headers.authorization !== `Bearer ${ANON}`) return { status: 401, body: { code: 'PGRST301', message: 'JWT invalid' } };
    const override = answer?.(call, calls.length - 1);
    if (override) return override;
    if (call.rpc === 'voice_bot_append_segments') {
      const segments = call.body.p_segments as LiveSegment[];
      for (const item of segments) if (!stored.has(item.seq)) stored.set(item.seq, item);
      return { status: 200, body: { stored: segments.map((item) => item.seq) } };
    }
    if (call.rpc === 'voice_bot_report_status') return { status: 200, body: { status: call.body.p_status, previous_status: 'ready' } };
    return { status: 204, body: null };
  });
  return { server, calls, stored };
}

let servers: FakeHttpServer[] = [];
let reporters: TeamReporter[] = [];
afterEach(async () => {
  for (const reporter of reporters) reporter.close();
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
  reporters = [];
});

async function reporterFor(
  fake: { server: FakeHttpServer },
  options: Partial<TeamReporterOptions> = {},
): Promise<{ reporter: TeamReporter; logs: string[] }> {
  await fake.server.start();
  servers.push(fake.server);
  const logs: string[] = [];
  const reporter = new TeamReporter({
    supabaseUrl: fake.server.url,
    anonKey: ANON,
    token: TOKEN,
    logger: createLogger('debug', (line) => logs.push(line)),
    backoff: { baseMs: 20, capMs: 100 },
    requestTimeoutMs: 2000,
    ...options,
  });
  reporters.push(reporter);
  return { reporter, logs };
}

/** The order in which the project heard things: `status:active`, `seg:0`, ... */
function heard(calls: Call[]): string[] {
  return calls.flatMap((call) => {
    if (call.rpc === 'voice_bot_append_segments') return (call.body.p_segments as LiveSegment[]).map((item) => `seg:${item.seq}`);
    if (call.rpc === 'voice_bot_report_status') return [`status:${String(call.body.p_status)}`];
    return [`state:${String(call.body.p_state)}`];
  });
}

describe('the team reporter', () => {
  it('sends statuses and final segments in order, batching what piles up during a call, with the token in the body', async () => {
    // The first status answers slowly, so 120 segments pile up behind it.
    const fake = project((call, index) => (index === 0 ? { status: 200, body: { status: 'active' }, delayMs: 150 } : null));
    const { reporter } = await reporterFor(fake);
    reporter.status('active', 'candidate joined');
    reporter.segment(segment(0, false)); // interim: never stored
    for (let seq = 0; seq < 120; seq++) reporter.segment(segment(seq));
    reporter.status('completed', 'interview complete');
    expect(await reporter.flush(10_000)).toBe(true);

    expect(heard(fake.calls)).toEqual(['status:active', ...Array.from({ length: 120 }, (_, seq) => `seg:${seq}`), 'status:completed']);
    const batches = fake.calls.filter((call) => call.rpc === 'voice_bot_append_segments').map((call) => (call.body.p_segments as LiveSegment[]).length);
    expect(batches).toEqual([50, 50, 20]);
    for (const call of fake.calls) expect(call.body.p_token).toBe(TOKEN);
    expect(fake.calls[0]?.body.p_reason).toBe('candidate joined');
    expect(reporter.undelivered()).toEqual({ segments: [], statuses: [], rejected: false });
  });

  it('sends a segment at once when nothing is in flight (one call per segment)', async () => {
    const fake = project();
    const { reporter } = await reporterFor(fake);
    reporter.status('active');
    expect(await reporter.flush(5000)).toBe(true);
    for (let seq = 0; seq < 3; seq++) {
      reporter.segment(segment(seq));
      expect(await reporter.flush(5000)).toBe(true);
    }
    expect(fake.calls.map((call) => call.rpc)).toEqual(['voice_bot_report_status', 'voice_bot_append_segments', 'voice_bot_append_segments', 'voice_bot_append_segments']);
  });

  it('retries 5xx, 429 (waiting out Retry-After), timeouts and resets; keeps everything until acknowledged; never reorders', async () => {
    const fake = project((call, index) => {
      if (index === 1) return { status: 503, body: { message: 'unavailable' } };
      if (index === 2) return { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '1' } };
      if (index === 3) return { status: 200, body: { stored: [0, 1] }, delayMs: 1000 }; // beyond the request timeout
      return null;
    });
    const { reporter } = await reporterFor(fake, { requestTimeoutMs: 300 });
    reporter.status('active');
    reporter.segment(segment(0));
    reporter.segment(segment(1));
    reporter.status('completed');
    expect(await reporter.flush(15_000)).toBe(true);
    expect(fake.calls.map((call) => call.rpc)).toEqual([
      'voice_bot_report_status',
      'voice_bot_append_segments', // 503
      'voice_bot_append_segments', // 429, Retry-After: 1
      'voice_bot_append_segments', // timed out (answered too late)
      'voice_bot_append_segments', // stored (a replay of seqs the project may already hold)
      'voice_bot_report_status',
    ]);
    // Retry-After is a floor on the wait before the next try.
    expect((fake.calls[3] as Call).at - (fake.calls[2] as Call).at).toBeGreaterThanOrEqual(950);
    expect([...fake.stored.keys()]).toEqual([0, 1]);
    expect(heard(fake.calls).at(-1)).toBe('status:completed');
  });

  it('keeps what an unreachable project did not take, lists it as undelivered, and sends it once the project is back', async () => {
    const fake = project();
    await fake.server.start();
    const url = fake.server.url;
    await fake.server.stop();
    const logs: string[] = [];
    const reporter = new TeamReporter({ supabaseUrl: url, anonKey: ANON, token: TOKEN, logger: createLogger('debug', (line) => logs.push(line)), backoff: { baseMs: 20, capMs: 50 } });
    reporters.push(reporter);
    reporter.status('active');
    reporter.segment(segment(0));
    reporter.segment(segment(1));
    expect(await reporter.flush(500)).toBe(false);
    expect(reporter.undelivered()).toEqual({ segments: [segment(0), segment(1)], statuses: [{ status: 'active', reason: null }], rejected: false });
    expect(logs.some((line) => line.includes('unreachable'))).toBe(true);
    reporter.close();
  });

  it('on the credential refusal (401 PT401) stops and says the session ended; what is left stays listed', async () => {
    const fake = project((call) => (call.rpc === 'voice_bot_append_segments' ? { status: 401, body: { code: 'PT401', message: 'bot credential refused' } } : null));
    const { reporter } = await reporterFor(fake);
    const rejected: string[] = [];
    reporter.rejected.add((why) => rejected.push(why));
    reporter.status('active');
    reporter.segment(segment(0));
    reporter.status('completed');
    expect(await reporter.flush(5000)).toBe(false);
    expect(rejected).toHaveLength(1);
    const undelivered = reporter.undelivered();
    expect(undelivered).toEqual({ segments: [segment(0)], statuses: [{ status: 'completed', reason: null }], rejected: true });
    reporter.segment(segment(1));
    expect(fake.calls).toHaveLength(2);
  });

  it('takes the refusal of a resent final status, after its first try went unanswered, as that status applied', async () => {
    const fake = project((call) => {
      if (call.rpc !== 'voice_bot_report_status' || call.body.p_status !== 'completed') return null;
      const tries = fake.calls.filter((seen) => seen.body.p_status === 'completed').length;
      return tries === 1 ? { status: 200, body: { status: 'completed' }, delayMs: 600 } : { status: 401, body: { code: 'PT401', message: 'bot credential refused' } };
    });
    const { reporter } = await reporterFor(fake, { requestTimeoutMs: 200 });
    const rejected: string[] = [];
    reporter.rejected.add((why) => rejected.push(why));
    reporter.status('active');
    reporter.segment(segment(0));
    reporter.status('completed');
    expect(await reporter.flush(5000)).toBe(true);
    expect(rejected).toEqual([]);
    expect(reporter.undelivered()).toEqual({ segments: [], statuses: [], rejected: false });
  });

  it('a 401 that is not the credential (the anon key refused) stops reporting without ending the session', async () => {
    const fake = project();
    await fake.server.start();
    servers.push(fake.server);
    const reporter = new TeamReporter({ supabaseUrl: fake.server.url, anonKey: 'wrong-key', token: TOKEN, logger: createLogger('error', () => undefined) });
    reporters.push(reporter);
    const rejected: string[] = [];
    reporter.rejected.add((why) => rejected.push(why));
    reporter.status('active');
    reporter.segment(segment(0));
    expect(await reporter.flush(5000)).toBe(false);
    expect(rejected).toEqual([]);
    expect(reporter.undelivered()).toEqual({ segments: [segment(0)], statuses: [{ status: 'active', reason: null }], rejected: false });
    expect(fake.calls).toHaveLength(1);
  });

  it('409 on segments keeps them aside for the fallback and goes on; 400 on a batch is retried one by one', async () => {
    const fake = project((call) => {
      if (call.rpc !== 'voice_bot_append_segments') return null;
      const seqs = (call.body.p_segments as LiveSegment[]).map((item) => item.seq);
      if (seqs.includes(1)) return { status: 409, body: { code: 'PT409', message: 'the session is ready: segments are accepted only while it is active' } };
      if (seqs.includes(4)) return { status: 400, body: { code: 'PT400', message: 'segment 1: text too long' } };
      return null;
    });
    const { reporter, logs } = await reporterFor(fake);
    reporter.status('active');
    expect(await reporter.flush(5000)).toBe(true);
    reporter.segment(segment(0));
    expect(await reporter.flush(5000)).toBe(true);
    reporter.segment(segment(1));
    expect(await reporter.flush(5000)).toBe(false);
    for (const seq of [2, 3, 4, 5]) reporter.segment(segment(seq));
    reporter.status('completed');
    expect(await reporter.flush(5000)).toBe(false);
    expect([...fake.stored.keys()]).toEqual([0, 2, 3, 5]);
    expect(reporter.undelivered()).toEqual({ segments: [segment(1), segment(4)], statuses: [], rejected: false });
    expect(heard(fake.calls).at(-1)).toBe('status:completed');
    expect(logs.some((line) => line.includes("one segment per call"))).toBe(true);
  });

  it('sends the latest bot state only, never ahead of a pending status, and none after the session ended', async () => {
    const fake = project((call, index) => (index === 0 ? { status: 200, body: { status: 'active' }, delayMs: 200 } : null));
    const { reporter } = await reporterFor(fake);
    reporter.status('active');
    reporter.botState('thinking');
    reporter.botState('speaking');
    reporter.botState('listening');
    expect(await reporter.flush(5000)).toBe(true);
    await waitFor(() => fake.calls.some((call) => call.rpc === 'voice_bot_report_state'), 'the state call');
    reporter.status('completed');
    expect(await reporter.flush(5000)).toBe(true);
    reporter.botState('speaking');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard(fake.calls)).toEqual(['status:active', 'state:listening', 'status:completed']);
  });

  it('never logs the credential or the anon key, even when the project echoes them', async () => {
    const fake = project(() => ({ status: 503, body: { message: `bad token ${TOKEN} with key ${ANON}` } }));
    const { reporter, logs } = await reporterFor(fake);
    reporter.status('active');
    await waitFor(() => fake.calls.length >= 3, 'three tries');
    reporter.close();
    const text = logs.join('');
    expect(text).toContain('[credential]');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(ANON);
  });
});

describe('backoff', () => {
  it('grows exponentially up to the cap, jittered below it, with Retry-After as a floor', () => {
    const policy = { baseMs: 250, capMs: 5000 };
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => fullJitterDelay(attempt, policy, () => 0.999999))).toEqual([249, 499, 999, 1999, 3999, 4999, 4999]);
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(0, policy, () => 0.5, 3000)).toBe(3000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
