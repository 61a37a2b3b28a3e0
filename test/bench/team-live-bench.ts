import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { VoiceSession } from '../../contracts/session.js';
import { DailyRestFake } from '../fakes/daily-rest-fake.js';
import { EcsFake } from '../fakes/ecs-fake.js';
import { ConsoleClient } from '../support/bot-client.js';
import { eventually } from '../support/eventually.js';
import { createSession } from '../support/fixtures.js';
import { syncNow, type AppDesktop } from '../support/sync-app.js';
import { startSupabaseStack, type SupabaseStack } from '../support/supabase-stack.js';
import { botRpc, DAILY_KEY, ecsConsoleEnv, overridesOf, startTeamConsole } from '../support/team-consoles.js';
import { summarize, type LatencySummary } from './latency-stats.js';

/**
 * Issue 10's live-view target: "bot store -> visible on another desktop" p95 <= 1 s. On the real
 * stack (Postgres 15 + PostgREST + the Realtime stand-in behind the gateway) with two console
 * servers signed in to the team: A starts the session on ECS (the fake), B's live socket watches.
 * Each segment is appended through voice_bot_append_segments as a bot does (anon key + its
 * credential), one at a time, and timed until B's live socket delivers it: from the call (store
 * included) and from its answer (the store committed). Needs `npm run build` (the consoles are
 * `dist/server/serve.js`).
 */
export interface TeamLiveBenchResult {
  fromCall: LatencySummary;
  fromStored: LatencySummary;
  segments: number;
}

export const TEAM_LIVE_TARGET_P95_MS = 1000;

const WARMUP = 10;
/** About a bot's pace at its busiest (a segment every few hundred ms), so each is timed on its own. */
const GAP_MS = 100;

export async function runTeamLiveBench(options: { segments?: number; log?: (line: string) => void } = {}): Promise<TeamLiveBenchResult> {
  const count = options.segments ?? 200;
  const log = options.log ?? ((line: string) => void process.stderr.write(`bench team live: ${line}\n`));
  let stack: SupabaseStack | null = null;
  let daily: DailyRestFake | null = null;
  let ecs: EcsFake | null = null;
  const desktops: AppDesktop[] = [];
  let watcher: ConsoleClient | null = null;
  try {
    stack = await startSupabaseStack();
    const project = stack;
    [daily, ecs] = await Promise.all([new DailyRestFake(DAILY_KEY).start(), new EcsFake('interviews').start()]);
    const [alice, bob] = await Promise.all([project.createUser('alice'), project.createUser('bob')]);
    const orgId = await project.createOrg('Bench team', [
      { user: alice, role: 'org_owner' },
      { user: bob, role: 'org_user' },
    ]);
    const env = ecsConsoleEnv(ecs, null, daily.url);
    log('starting two console servers signed in to the team');
    const a = await startTeamConsole(project, alice, env, [{ orgId, serviceName: 'daily', apiKey: DAILY_KEY }]);
    desktops.push(a);
    const b = await startTeamConsole(project, bob, env);
    desktops.push(b);

    const session = await createSession(a.server, orgId);
    const started = await a.server.call<ApiSuccess<VoiceSession>>('POST', `/api/voice/sessions/${session.id}/start`);
    if (started.status !== 200) throw new Error(`start failed: ${started.status} ${started.text}`);
    const token = overridesOf(ecs, session.id).BOT_REPORT_TOKEN as string;
    await syncNow(b.server);
    const watching = await ConsoleClient.connect(b.server.url, b.server.token);
    watcher = watching;
    watching.send({ type: 'subscribe', sessionId: session.id });
    await eventually(() => (watching.messages.filter((m) => m.type === 'subscribed').length >= 2 ? true : undefined), 'the team snapshot on B');
    await eventually(() => (project.realtime.joinedCount(`live:session:${session.id}`, { private: true }) === 1 ? true : undefined), 'B on the live channel');
    const active = await botRpc(project, 'voice_bot_report_status', { p_token: token, p_status: 'active' });
    if (active.status !== 200) throw new Error(`active refused: ${active.status}`);

    log(`${WARMUP} warm-up and ${count} timed segments, one at a time`);
    const fromCall: number[] = [];
    const fromStored: number[] = [];
    for (let seq = 0; seq < WARMUP + count; seq++) {
      const segment = { seq, speaker: seq % 2 === 0 ? 'bot' : 'candidate', text: `Segment ${seq} of the bench interview.`, startTime: seq * 2, endTime: seq * 2 + 1.5, confidence: 0.9 };
      const seen = watching.waitFor((m) => m.type === 'transcript_segment' && m.segment.seq === seq, 10_000);
      const calledAt = performance.now();
      const reply = await botRpc(project, 'voice_bot_append_segments', { p_token: token, p_segments: [segment] });
      const storedAt = performance.now();
      if (reply.status !== 200) throw new Error(`append ${seq} refused: ${reply.status}`);
      await seen;
      const visibleAt = performance.now();
      if (seq >= WARMUP) {
        fromCall.push(visibleAt - calledAt);
        fromStored.push(visibleAt - storedAt);
      }
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
    return { fromCall: summarize(fromCall), fromStored: summarize(fromStored), segments: count };
  } finally {
    await watcher?.close();
    for (const desktop of desktops) await desktop.stop();
    await stack?.stop();
    await Promise.all([daily?.stop(), ecs?.stop()]);
  }
}

export function formatTeamLiveBench(result: TeamLiveBenchResult): string {
  const header = ['team live view (bot store -> desktop B)', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'target', 'result'];
  const row = (label: string, summary: LatencySummary, target: string, judged: boolean): string[] => [
    label,
    summary.p50.toFixed(1),
    summary.p95.toFixed(1),
    summary.p99.toFixed(1),
    summary.max.toFixed(1),
    target,
    judged ? (summary.p95 <= TEAM_LIVE_TARGET_P95_MS ? 'pass' : 'MISSED') : '-',
  ];
  const cells = [
    row(`from the append call (${result.segments} segments)`, result.fromCall, `p95 <= ${TEAM_LIVE_TARGET_P95_MS}`, true),
    row('from its answer (stored)', result.fromStored, '', false),
  ];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => (cell[column] ?? '').length)));
  const line = (cell: string[]): string =>
    cell
      .map((text, column) => (column >= 1 && column <= 4 ? text.padStart(widths[column] as number) : text.padEnd(widths[column] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

// `node --import tsx test/bench/team-live-bench.ts` runs it alone (after `npm run build`).
if (import.meta.url === `file://${process.argv[1]}`) {
  runTeamLiveBench().then(
    (result) => void process.stdout.write(`${formatTeamLiveBench(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`team live bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
