import { createHash, randomBytes } from 'node:crypto';
import type { SupabaseStack, TestUser } from '../../support/supabase-stack.js';
import { userAccessToken } from '../../support/supabase-jwt.js';

/**
 * A session of a team org as the start flow leaves it for an ECS bot: `ready` in the team's
 * project, with a reporting credential the desktop made (`vbr_` + 32 random bytes) and registered
 * by its hash through the project's RPC, signed in as the org's member. `env` is what the ECS
 * runner puts in the task's overrides.
 */
export interface TeamSession {
  sessionId: string;
  orgId: string;
  token: string;
  env: Record<string, string>;
}

export function newReportToken(): string {
  return `vbr_${randomBytes(32).toString('base64url')}`;
}

export async function readyTeamSession(stack: SupabaseStack, orgId: string, member: TestUser, candidateName = 'Grace Hopper'): Promise<TeamSession> {
  const inserted = await stack.admin.query<{ id: string }>(
    `INSERT INTO public.voice_sessions (org_id, candidate_name, interview_type, status, created_by)
     VALUES ($1, $2, 'technical', 'ready', $3) RETURNING id`,
    [orgId, candidateName, member.id],
  );
  const sessionId = (inserted.rows[0] as { id: string }).id;
  const token = newReportToken();
  const reply = await rpcAsUser(stack, member, 'voice_issue_bot_credential', {
    p_session_id: sessionId,
    p_token_hash: createHash('sha256').update(token, 'utf8').digest('hex'),
  });
  if (reply.status !== 200) throw new Error(`issuing the bot credential: ${reply.status} ${JSON.stringify(reply.body)}`);
  return {
    sessionId,
    orgId,
    token,
    env: { SUPABASE_URL: stack.url, SUPABASE_ANON_KEY: stack.anonKey, BOT_REPORT_TOKEN: token, SESSION_ID: sessionId, ORG_ID: orgId },
  };
}

/** An RPC as a signed-in member would call it (their access token, the anon key). */
export async function rpcAsUser(stack: SupabaseStack, user: TestUser, name: string, args: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack.url}/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, authorization: `Bearer ${await userAccessToken(user)}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

export interface StoredSegmentRow {
  seq: number;
  speaker: string;
  text: string;
}

export async function storedSegments(stack: SupabaseStack, sessionId: string): Promise<StoredSegmentRow[]> {
  const rows = await stack.admin.query<StoredSegmentRow>('SELECT seq, speaker, text FROM public.voice_live_segments WHERE session_id = $1 ORDER BY seq', [sessionId]);
  return rows.rows;
}

export async function sessionRow(stack: SupabaseStack, sessionId: string): Promise<{ status: string; started_at: Date | null; completed_at: Date | null }> {
  const rows = await stack.admin.query<{ status: string; started_at: Date | null; completed_at: Date | null }>(
    'SELECT status, started_at, completed_at FROM public.voice_sessions WHERE id = $1',
    [sessionId],
  );
  return rows.rows[0] as { status: string; started_at: Date | null; completed_at: Date | null };
}

export async function transcriptRow(
  stack: SupabaseStack,
  sessionId: string,
): Promise<{ transcript_text: string; word_count: number; speaker_segments: { seq: number; text: string }[]; candidate_name: string | null } | null> {
  const rows = await stack.admin.query<{ transcript_text: string; word_count: number; speaker_segments: { seq: number; text: string }[]; candidate_name: string | null }>(
    'SELECT transcript_text, word_count, speaker_segments, candidate_name FROM public.voice_transcripts WHERE session_id = $1',
    [sessionId],
  );
  return rows.rows[0] ?? null;
}

/** The broadcasts the RPCs made for a session's watchers (the test stack's realtime.messages), in order. */
export async function liveBroadcasts(stack: SupabaseStack, sessionId: string): Promise<{ event: string; payload: Record<string, unknown> }[]> {
  const rows = await stack.admin.query<{ event: string; payload: Record<string, unknown> }>(
    'SELECT event, payload FROM realtime.messages WHERE topic = $1 ORDER BY id',
    [`live:session:${sessionId}`],
  );
  return rows.rows;
}
