import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { userAccessToken } from '../support/supabase-jwt.js';
import { startSupabaseStack, type SupabaseStack, type TestUser } from '../support/supabase-stack.js';
import { summarize, type LatencySummary } from './latency-stats.js';
import { Random } from './random.js';
import { FUNCTION_WORDS, NOUNS, VERBS } from './vocabulary.js';

/**
 * The team-reporting benchmark (issue 10, migration 009), on the real stack: Postgres 15 +
 * PostgREST, called the way an ECS bot calls them (anon key + its reporting credential).
 *  1. one-segment appends through PostgREST, as a bot sends each final segment, interleaved with a
 *     trivial RPC (can_access_org_data as anon: PostgREST's own cost for an RPC call that does no
 *     work), so the two are measured under the same conditions and side by side;
 *  2. the Postgres-side transcript assembly of a 150-segment, 4,500-word interview, timed inside
 *     Postgres (clock_timestamp around voice_assemble_transcript), first build and rebuilds;
 *  3. the completion a bot reports through PostgREST (status, history, assembly, revocation and
 *     broadcasts in one transaction), end to end.
 * Wire it into `npm run bench` with runBotReportingBench() and formatBotReportingBench(rows).
 */
export interface BotReportingBenchRow {
  metric: string;
  value: number;
  unit: string;
  target: string;
  status: 'pass' | 'MISSED' | '-';
  note?: string;
}

export interface BotReportingBenchOptions {
  /** Interviews whose segments are appended one per call (each of `segmentsPerInterview`). */
  appendInterviews: number;
  /** Interviews assembled inside Postgres, and as many completed through PostgREST. */
  assemblyInterviews: number;
  segmentsPerInterview: number;
  wordsPerSegment: number;
  warmupCalls: number;
  log: (line: string) => void;
}

export const BOT_REPORTING_TARGETS = { appendP95Ms: 50, assemblyMs: 100 } as const;

const defaults: BotReportingBenchOptions = {
  appendInterviews: 3,
  assemblyInterviews: 20,
  segmentsPerInterview: 150,
  wordsPerSegment: 30,
  warmupCalls: 30,
  log: (line) => void process.stderr.write(`bench bot reporting: ${line}\n`),
};

interface Segment {
  seq: number;
  speaker: 'bot' | 'candidate';
  text: string;
  startTime: number;
  endTime: number;
  confidence: number;
  final: true;
}

/** An interview's segments: alternating speakers, `words` words each, four seconds apart. */
function interviewSegments(random: Random, count: number, words: number): Segment[] {
  const vocabulary = [...FUNCTION_WORDS, ...FUNCTION_WORDS, ...NOUNS, ...VERBS];
  return Array.from({ length: count }, (_, seq) => ({
    seq,
    speaker: seq % 2 === 0 ? 'bot' : 'candidate',
    text: Array.from({ length: words }, () => vocabulary[random.int(0, vocabulary.length - 1)]).join(' '),
    startTime: seq * 4,
    endTime: seq * 4 + 3.5,
    confidence: 0.9,
    final: true,
  }));
}

class PostgrestCaller {
  constructor(
    private readonly baseUrl: string,
    private readonly anonKey: string,
  ) {}

  /** POST /rpc/{name}; returns the elapsed milliseconds, throwing on anything but `expected`. */
  async timed(name: string, args: Record<string, unknown>, expected = 200, bearer = this.anonKey): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}/rpc/${name}`, {
      method: 'POST',
      headers: { apikey: this.anonKey, authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== expected) throw new Error(`${name} answered ${response.status}: ${text.slice(0, 300)}`);
    return elapsed;
  }
}

/** A session of the org, active, with a credential issued through the RPC as its desktop does. */
async function activeSession(stack: SupabaseStack, caller: PostgrestCaller, orgId: string, user: TestUser, userToken: string): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  await stack.admin.query(
    "INSERT INTO voice_sessions (id, org_id, interview_type, candidate_name, status, created_by) VALUES ($1, $2, 'technical', 'Bench candidate', 'ready', $3)",
    [id, orgId, user.id],
  );
  const token = `vbr_${randomBytes(32).toString('base64url')}`;
  const hash = createHash('sha256').update(token, 'utf8').digest('hex');
  await caller.timed('voice_issue_bot_credential', { p_session_id: id, p_token_hash: hash }, 200, userToken);
  await caller.timed('voice_bot_report_status', { p_token: token, p_status: 'active' });
  return { id, token };
}

async function storeSegments(stack: SupabaseStack, sessionId: string, orgId: string, segments: Segment[]): Promise<void> {
  await stack.admin.query(
    `INSERT INTO voice_live_segments (session_id, org_id, seq, speaker, text, start_time, end_time, confidence)
     SELECT $1, $2, s.seq, s.speaker, s.text, s.start_time, s.end_time, 0.9
     FROM unnest($3::int[], $4::text[], $5::text[], $6::float8[], $7::float8[]) AS s(seq, speaker, text, start_time, end_time)`,
    [sessionId, orgId, segments.map((s) => s.seq), segments.map((s) => s.speaker), segments.map((s) => s.text), segments.map((s) => s.startTime), segments.map((s) => s.endTime)],
  );
}

async function checkTranscript(stack: SupabaseStack, sessionId: string, words: number, segments: number): Promise<void> {
  const row = await stack.admin.query<{ word_count: number; segments: number }>(
    'SELECT word_count, jsonb_array_length(speaker_segments) AS segments FROM voice_transcripts WHERE session_id = $1 AND deleted_at IS NULL',
    [sessionId],
  );
  const found = row.rows[0];
  if (!found || found.word_count !== words || found.segments !== segments) {
    throw new Error(`session ${sessionId}: expected a transcript of ${words} words in ${segments} segments, found ${JSON.stringify(found ?? null)}`);
  }
}

function latencyRows(label: string, stats: LatencySummary, target: number | null, note: string): BotReportingBenchRow[] {
  return [
    { metric: `${label} p50`, value: round(stats.p50), unit: 'ms', target: '-', status: '-', note: `${stats.count} samples` },
    {
      metric: `${label} p95`,
      value: round(stats.p95),
      unit: 'ms',
      target: target === null ? '-' : `<= ${target}`,
      status: target === null ? '-' : stats.p95 <= target ? 'pass' : 'MISSED',
      note: `${note}; max ${round(stats.max)} ms`,
    },
  ];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export async function runBotReportingBench(overrides: Partial<BotReportingBenchOptions> = {}): Promise<BotReportingBenchRow[]> {
  const options = { ...defaults, ...overrides };
  const { log } = options;
  const random = new Random(10);
  const interviewWords = options.segmentsPerInterview * options.wordsPerSegment;
  log('starting Postgres 15 + PostgREST');
  const stack = await startSupabaseStack({ pool: 10 });
  const timer = new pg.Client({ connectionString: stack.postgres.url });
  try {
    await timer.connect();
    const alice = await stack.createUser('alice');
    const orgId = await stack.createOrg('Bench org', [{ user: alice, role: 'org_owner' }]);
    const userToken = await userAccessToken(alice);
    // PostgREST itself, not the test gateway: the gateway lives in this process, next to the timer.
    const caller = new PostgrestCaller(stack.postgrest.url, stack.anonKey);

    // 1. Appends, interleaved with the trivial RPC.
    const appends: number[] = [];
    const trivial: number[] = [];
    for (let interview = 0; interview < options.appendInterviews; interview++) {
      const session = await activeSession(stack, caller, orgId, alice, userToken);
      log(`interview ${interview + 1}/${options.appendInterviews}: ${options.segmentsPerInterview} appends of one segment`);
      const segments = interviewSegments(random, options.segmentsPerInterview, options.wordsPerSegment);
      for (const segment of segments) {
        const warm = interview === 0 && segment.seq < options.warmupCalls;
        const append = await caller.timed('voice_bot_append_segments', { p_token: session.token, p_segments: [segment] });
        const peer = await caller.timed('can_access_org_data', { p_org_id: orgId });
        if (warm) continue;
        appends.push(append);
        trivial.push(peer);
      }
      await caller.timed('voice_bot_report_status', { p_token: session.token, p_status: 'completed' });
      await checkTranscript(stack, session.id, interviewWords, options.segmentsPerInterview);
    }

    // 2. Assembly inside Postgres, on interviews stored in full.
    log(`assembling ${options.assemblyInterviews} interviews of ${options.segmentsPerInterview} segments / ${interviewWords.toLocaleString('en-US')} words inside Postgres`);
    await timer.query(`CREATE FUNCTION pg_temp.timed_assembly(p_session UUID) RETURNS FLOAT8 LANGUAGE plpgsql AS $$
      DECLARE started TIMESTAMPTZ := clock_timestamp();
      BEGIN
        PERFORM public.voice_assemble_transcript(p_session, NULL);
        RETURN extract(epoch FROM clock_timestamp() - started) * 1000;
      END $$`);
    const firstBuilds: number[] = [];
    const rebuilds: number[] = [];
    for (let interview = 0; interview < options.assemblyInterviews; interview++) {
      const id = randomUUID();
      await stack.admin.query(
        "INSERT INTO voice_sessions (id, org_id, interview_type, candidate_name, status, created_by) VALUES ($1, $2, 'technical', 'Bench candidate', 'active', $3)",
        [id, orgId, alice.id],
      );
      await storeSegments(stack, id, orgId, interviewSegments(random, options.segmentsPerInterview, options.wordsPerSegment));
      const timed = async (): Promise<number> => (await timer.query<{ ms: number }>('SELECT pg_temp.timed_assembly($1) AS ms', [id])).rows[0]?.ms ?? Number.NaN;
      firstBuilds.push(await timed());
      rebuilds.push(await timed(), await timed());
      await checkTranscript(stack, id, interviewWords, options.segmentsPerInterview);
    }

    // 3. The bot's completion through PostgREST, which assembles in its transaction.
    log(`completing ${options.assemblyInterviews} interviews through PostgREST`);
    const completions: number[] = [];
    for (let interview = 0; interview < options.assemblyInterviews; interview++) {
      const session = await activeSession(stack, caller, orgId, alice, userToken);
      await storeSegments(stack, session.id, orgId, interviewSegments(random, options.segmentsPerInterview, options.wordsPerSegment));
      completions.push(await caller.timed('voice_bot_report_status', { p_token: session.token, p_status: 'completed' }));
      await checkTranscript(stack, session.id, interviewWords, options.segmentsPerInterview);
    }

    const trivialStats = summarize(trivial);
    const assembly = summarize([...firstBuilds, ...rebuilds]);
    return [
      ...latencyRows('segment append through PostgREST', summarize(appends), BOT_REPORTING_TARGETS.appendP95Ms,
        `one segment per call, credential checked, stored, broadcast; PostgREST's trivial RPC p95 ${round(trivialStats.p95)} ms in the same run`),
      ...latencyRows('... PostgREST\'s own floor: a trivial RPC', trivialStats, null, 'can_access_org_data as anon, interleaved with the appends'),
      ...latencyRows(`transcript assembly in Postgres (${options.segmentsPerInterview} segments, ${interviewWords.toLocaleString('en-US')} words)`, assembly, BOT_REPORTING_TARGETS.assemblyMs,
        `timed inside Postgres; first build p95 ${round(summarize(firstBuilds).p95)} ms, rebuild p95 ${round(summarize(rebuilds).p95)} ms`),
      ...latencyRows('completion reported through PostgREST (incl. assembly)', summarize(completions), null,
        'status + history + assembly + revocation + broadcasts in one transaction, plus the HTTP round trip'),
    ];
  } finally {
    await timer.end().catch(() => undefined);
    await stack.stop();
  }
}

export function formatBotReportingBench(rows: BotReportingBenchRow[]): string {
  const header = ['bot reporting (team project)', 'value', 'unit', 'target', 'result', 'note'];
  const cells = rows.map((row) => [row.metric, String(row.value), row.unit, row.target, row.status, row.note ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => (cell[column] ?? '').length)));
  const line = (cell: string[]): string =>
    cell
      .map((text, column) => (column === 1 ? text.padStart(widths[column] as number) : text.padEnd(widths[column] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

// `node --import tsx test/bench/bot-reporting-bench.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  runBotReportingBench().then(
    (rows) => void process.stdout.write(`${formatBotReportingBench(rows)}\n`),
    (error: unknown) => {
      process.stderr.write(`bot reporting bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
