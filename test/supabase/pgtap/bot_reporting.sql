-- 009 bot reporting: the per-session credential (hash only, expiry, revocation on any end), the
-- append-only live segments (idempotent on seq, bounded, only while active, invisible to other
-- orgs), status changes along contracts/session.ts, the transcript assembled in the completing
-- transaction, Realtime broadcasts and their topic policy, leases and the S3-fallback import.
BEGIN;
\ir fixtures.sql
SELECT plan(150);

-- Org A's sessions for this file (the fixture's 5a already has a transcript): S1 the interview,
-- S2 a second bot, S3 bounds and expiry, S4 the import, S5 a session cancelled through sync.
INSERT INTO public.voice_configs (id, org_id, name, interview_type, config_json, created_by) VALUES
  ('ca000000-0000-4000-8000-000000000101', '0a000000-0000-4000-8000-000000000000', 'Long', 'technical',
   '{"interview": {"max_duration_minutes": 45}}', 'a2000000-0000-4000-8000-000000000000');
INSERT INTO public.voice_sessions (id, org_id, interview_type, config_id, candidate_name, created_by) VALUES
  ('5a000000-0000-4000-8000-000000000101', '0a000000-0000-4000-8000-000000000000', 'technical', 'ca000000-0000-4000-8000-000000000101', 'Ada', 'a2000000-0000-4000-8000-000000000000'),
  ('5a000000-0000-4000-8000-000000000102', '0a000000-0000-4000-8000-000000000000', 'behavioral', NULL, 'Brian', 'a2000000-0000-4000-8000-000000000000'),
  ('5a000000-0000-4000-8000-000000000103', '0a000000-0000-4000-8000-000000000000', 'technical', NULL, 'Cleo', 'a2000000-0000-4000-8000-000000000000'),
  ('5a000000-0000-4000-8000-000000000104', '0a000000-0000-4000-8000-000000000000', 'screening', NULL, 'Dana', 'a2000000-0000-4000-8000-000000000000'),
  ('5a000000-0000-4000-8000-000000000105', '0a000000-0000-4000-8000-000000000000', 'technical', NULL, 'Eve', 'a2000000-0000-4000-8000-000000000000');

CREATE FUNCTION pg_temp.h(p_token text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(sha256(convert_to(p_token, 'UTF8')), 'hex') $$;
CREATE FUNCTION pg_temp.seg(p_seq int, p_speaker text, p_text text, p_start float8 DEFAULT 0, p_end float8 DEFAULT 1) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('seq', p_seq, 'speaker', p_speaker, 'text', p_text, 'startTime', p_start, 'endTime', p_end, 'confidence', 0.9, 'final', true)
$$;
CREATE FUNCTION pg_temp.live_count(p_session text) RETURNS int LANGUAGE sql AS $$
  SELECT count(*)::int FROM public.voice_live_segments WHERE session_id = p_session::uuid
$$;
GRANT EXECUTE ON FUNCTION pg_temp.h(text), pg_temp.seg(int, text, text, float8, float8), pg_temp.live_count(text) TO PUBLIC;
CREATE TEMP TABLE answers (step text PRIMARY KEY, reply jsonb);
GRANT ALL ON answers TO anon, authenticated;

-- ---------- issuing ----------
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
INSERT INTO answers SELECT 'issue-s1', public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000101', pg_temp.h('vbr_token-s1'));
SELECT is((SELECT reply->>'expires_at' FROM answers WHERE step = 'issue-s1'), public.sync_ts(date_trunc('milliseconds', now() + interval '75 minutes')),
  'the credential expires at the config''s time limit (45 min) + 30 min');
SELECT is(public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000101', pg_temp.h('vbr_token-s1')), (SELECT reply FROM answers WHERE step = 'issue-s1'),
  'registering the same hash again (a retry) answers the same expiry');
SELECT is(public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000102', pg_temp.h('vbr_token-s2'))->>'expires_at',
  public.sync_ts(date_trunc('milliseconds', now() + interval '60 minutes')), 'without a config the limit is 30 min (+ 30)');
SELECT throws_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000102', pg_temp.h('vbr_token-s1')) $$,
  'PT409', NULL, 'a hash registered for another session is refused');
SELECT throws_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000103', 'vbr_token-s3') $$,
  'PT400', NULL, 'only a hex sha256 is accepted, never a token');
SELECT throws_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000103', upper(pg_temp.h('x'))) $$,
  'PT400', NULL, '... in lowercase');
SELECT throws_ok($$ SELECT * FROM public.voice_bot_credentials $$, '42501', NULL, 'members cannot read the credentials table');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM public.voice_bot_credentials WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND revoked_at IS NULL), 1,
  'one live credential for the session');
SELECT is((SELECT count(*)::int FROM public.voice_bot_credentials c, LATERAL to_jsonb(c) j, LATERAL jsonb_each_text(j) kv WHERE kv.value LIKE '%vbr_%'), 0,
  'no column holds a token, only its hash');
SELECT is((SELECT created_by::text FROM public.voice_bot_credentials WHERE token_hash = pg_temp.h('vbr_token-s1')), 'a2000000-0000-4000-8000-000000000000',
  'the issuer is recorded');

SELECT pg_temp.act_as('authenticated', 'b2000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000103', pg_temp.h('vbr_b')) $$,
  'P0002', NULL, 'a member of another org cannot issue one (the session is "not found")');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000103', pg_temp.h('vbr_anon')) $$,
  '42501', NULL, 'anon cannot issue one');
RESET ROLE;
UPDATE public.voice_sessions SET status = 'active' WHERE id = '5a000000-0000-4000-8000-000000000105';
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000105', pg_temp.h('vbr_late')) $$,
  'PT409', NULL, 'no credential once the interview runs');
RESET ROLE;

-- ---------- wrong credentials ----------
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_wrong', 'active') $$, 'PT401', 'bot credential refused', 'an unknown credential is refused (PT401)');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_wrong', jsonb_build_array(pg_temp.seg(0, 'bot', 'hi'))) $$, 'PT401', 'bot credential refused',
  '... for segments too');
SELECT throws_ok($$ SELECT public.voice_bot_report_state('vbr_wrong', 'listening') $$, 'PT401', 'bot credential refused', '... and for states');
SELECT throws_ok($$ SELECT public.voice_bot_report_status(NULL, 'active') $$, 'PT401', 'bot credential refused', 'no credential is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_status(pg_temp.h('vbr_token-s1'), 'active') $$, 'PT401', 'bot credential refused',
  'the stored hash is not a credential');
SELECT throws_ok($$ SELECT * FROM public.voice_live_segments $$, '42501', NULL, 'anon has no access to live segments at all');
SELECT throws_ok($$ SELECT * FROM public.voice_bot_credentials $$, '42501', NULL, '... nor to credentials');
SELECT throws_ok($$ SELECT * FROM public.voice_session_leases $$, '42501', NULL, '... nor to leases');
SELECT throws_ok($$ SELECT public.voice_store_segments(s, '[]') FROM public.voice_sessions s $$, '42501', NULL, 'internal helpers are not callable');

-- ---------- before active ----------
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(0, 'bot', 'too early'))) $$, 'PT409', NULL,
  'segments before the session is active are refused (PT409)');
SELECT lives_ok($$ SELECT public.voice_bot_report_state('vbr_token-s1', 'listening') $$, 'a state before active is dropped, not an error');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM realtime.messages WHERE event = 'bot_state'), 0, '... and not broadcast');
SELECT is(pg_temp.live_count('5a000000-0000-4000-8000-000000000101'), 0, 'nothing was stored');

-- ---------- transitions ----------
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_token-s1', 'done') $$, 'PT400', NULL, 'an unknown status is PT400');
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_token-s1', 'completed') $$, 'PT409', NULL, 'pending -> completed is not a legal move (PT409)');
INSERT INTO answers SELECT 'active', public.voice_bot_report_status('vbr_token-s1', 'active', 'joined the call');
SELECT is((SELECT reply FROM answers WHERE step = 'active'), '{"status": "active", "previous_status": "pending"}'::jsonb,
  'a bot in the call moves its session to active');
SELECT is(public.voice_bot_report_status('vbr_token-s1', 'active'), '{"status": "active", "previous_status": "active"}'::jsonb,
  'the same status again is a success with nothing changed');
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_token-s1', 'ready') $$, 'PT409', NULL, 'no move backwards');
RESET ROLE;
SELECT is((SELECT jsonb_path_query_array(session_metadata->'statusHistory', '$[*].to') FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000101'),
  '["ready", "active"]'::jsonb, 'from pending, the implied dispatch (ready) is recorded before active, each a legal move');
SELECT is((SELECT (session_metadata->'statusHistory'->1) - 'at' FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000101'),
  '{"from": "ready", "to": "active", "by": null, "reason": "joined the call"}'::jsonb, 'history entries are contracts'' StatusChange (by: null for the bot)');
SELECT is((SELECT started_at FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000101'), date_trunc('milliseconds', now()),
  'active stamps started_at (milliseconds, as desktops store it)');
SELECT is((SELECT array_agg(payload->>'status' ORDER BY id) FROM realtime.messages WHERE event = 'status' AND topic = 'live:session:5a000000-0000-4000-8000-000000000101'),
  ARRAY['ready', 'active'], 'each move is broadcast on the session''s live topic');
SELECT is((SELECT bool_and(private) FROM realtime.messages WHERE topic LIKE 'live:session:%'), true, '... which is private');
SELECT is((SELECT payload - 'id' - 'at' FROM realtime.messages WHERE event = 'status' ORDER BY id DESC LIMIT 1),
  '{"sessionId": "5a000000-0000-4000-8000-000000000101", "status": "active", "previousStatus": "ready"}'::jsonb, 'status payload: {sessionId, status, previousStatus, at}');
SELECT is((SELECT count(*)::int FROM realtime.messages WHERE event = 'poke' AND topic = 'sync:org:0a000000-0000-4000-8000-000000000000' AND NOT private
             AND payload - 'id' = '{"orgId": "0a000000-0000-4000-8000-000000000000"}'), 3,
  'every status change pokes the org''s public sync topic (two moves here, one by the fixture''s update of S5)');

-- ---------- segments ----------
SELECT pg_temp.act_as('anon', NULL);
INSERT INTO answers SELECT 'append-1', public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(
  pg_temp.seg(0, 'bot', 'Tell me about a system you designed.', 0, 2.5),
  pg_temp.seg(1, 'candidate', E'I built  a queue\tworker with\u00a0retries.', 3, 7.25)));
SELECT is((SELECT reply FROM answers WHERE step = 'append-1'), '{"stored": [0, 1]}'::jsonb, 'stored lists the seqs of the call');
INSERT INTO answers SELECT 'append-replay', public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(
  pg_temp.seg(1, 'candidate', 'a different text for a replayed seq', 3, 7.25),
  pg_temp.seg(2, 'bot', E'How did it fail?\u0007', 8, 9)));
SELECT is((SELECT reply FROM answers WHERE step = 'append-replay'), '{"stored": [1, 2]}'::jsonb, 'a replayed seq is acknowledged with the new one');
SELECT is(public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(2, 'bot', 'again'), pg_temp.seg(2, 'bot', 'and again'))),
  '{"stored": [2]}'::jsonb, 'a batch that is all replays (even twice in one call) is acknowledged');
RESET ROLE;
SELECT is(pg_temp.live_count('5a000000-0000-4000-8000-000000000101'), 3, 'each seq is stored once');
SELECT is((SELECT text FROM public.voice_live_segments WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND seq = 1),
  E'I built  a queue\tworker with\u00a0retries.', 'a replay never overwrites what was stored first');
SELECT is((SELECT text FROM public.voice_live_segments WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND seq = 2),
  'How did it fail?', 'control characters are dropped (tab and newline stay)');
SELECT is((SELECT org_id::text FROM public.voice_live_segments WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND seq = 0),
  '0a000000-0000-4000-8000-000000000000', 'a segment carries its session''s org');
SELECT is((SELECT count(*)::int FROM realtime.messages WHERE event = 'segment' AND topic = 'live:session:5a000000-0000-4000-8000-000000000101'), 3,
  'each newly stored segment is broadcast once; replays are not');
SELECT is((SELECT payload - 'id' FROM realtime.messages WHERE event = 'segment' AND payload->'segment'->>'seq' = '0'),
  '{"sessionId": "5a000000-0000-4000-8000-000000000101", "segment": {"seq": 0, "speaker": "bot", "text": "Tell me about a system you designed.", "startTime": 0, "endTime": 2.5, "confidence": 0.9, "final": true}}'::jsonb,
  'segment payload: {sessionId, segment} with the LiveSegment in camelCase, final');

SELECT pg_temp.act_as('anon', NULL);
SELECT lives_ok($$ SELECT public.voice_bot_report_state('vbr_token-s1', 'thinking') $$, 'a bot state while active is accepted');
SELECT throws_ok($$ SELECT public.voice_bot_report_state('vbr_token-s1', 'sleeping') $$, 'PT400', NULL, '... an unknown one is PT400');
RESET ROLE;
SELECT is((SELECT payload->>'state' FROM realtime.messages WHERE event = 'bot_state' AND topic = 'live:session:5a000000-0000-4000-8000-000000000101'),
  'thinking', '... broadcast as bot_state, nothing stored');

-- ---------- bounds ----------
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', '[]') $$, 'PT400', NULL, 'an empty batch is PT400');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', (SELECT jsonb_agg(pg_temp.seg(100 + i, 'bot', 'x')) FROM generate_series(1, 51) i)) $$,
  'PT400', NULL, 'more than 50 per call is PT400');
SELECT lives_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', (SELECT jsonb_agg(pg_temp.seg(100 + i, 'bot', 'x')) FROM generate_series(1, 50) i)) $$,
  '50 per call are fine');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', pg_temp.seg(3, 'bot', 'x')) $$, 'PT400', NULL, 'a batch must be an array');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(-1, 'bot', 'x'))) $$, 'PT400', NULL, 'seq below 0');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(1000001, 'bot', 'x'))) $$, 'PT400', NULL, 'seq above 1000000');
SELECT lives_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(1000000, 'bot', 'x'))) $$, 'seq 1000000 is fine');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', '[{"seq": 1.5, "speaker": "bot", "text": "x", "startTime": 0, "endTime": 1}]') $$,
  'PT400', 'segment 0: seq must be an integer from 0 to 1000000', 'a fractional seq, named by its index');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', '[{"seq": "4", "speaker": "bot", "text": "x", "startTime": 0, "endTime": 1}]') $$,
  'PT400', NULL, 'a seq that is a string');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(4, 'bot', 'ok'), pg_temp.seg(5, 'interviewer', 'x'))) $$,
  'PT400', 'segment 1: speaker must be "bot" or "candidate"', 'speaker is bot | candidate');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(4, 'bot', repeat('é', 20001)))) $$,
  'PT400', NULL, 'text over 20000 characters');
SELECT lives_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(4, 'bot', repeat('é', 20000)))) $$,
  'text of 20000 characters (not bytes) is fine');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(5, 'bot', 'x', 0, 86400.5))) $$, 'PT400', NULL, 'times above 86400');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(5, 'bot', 'x', -1, 1))) $$, 'PT400', NULL, 'negative times');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(5, 'bot', 'x', 5, 4))) $$,
  'PT400', 'segment 0: endTime must not be before startTime', 'end before start');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(5, 'bot', 'x') || '{"confidence": 1.5}')) $$,
  'PT400', NULL, 'confidence above 1');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(5, 'bot', 'x') || '{"session_id": "x"}')) $$,
  'PT400', NULL, 'unknown keys');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', '[{"seq": 5, "speaker": "bot", "startTime": 0, "endTime": 1}]') $$,
  'PT400', NULL, 'a missing text');
SELECT lives_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', '[{"seq": 5, "speaker": "candidate", "text": "", "startTime": 1, "endTime": 1}]') $$,
  'no confidence, no final, empty text and a zero-length span are fine');
RESET ROLE;
SELECT is(pg_temp.live_count('5a000000-0000-4000-8000-000000000101'), 3 + 50 + 3, 'refused batches stored nothing, not even their valid segments');
DELETE FROM public.voice_live_segments WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND seq > 3;

-- At most 5000 per session (S3: 4990 arranged directly).
UPDATE public.voice_sessions SET status = 'active' WHERE id = '5a000000-0000-4000-8000-000000000103';
INSERT INTO public.voice_bot_credentials (session_id, org_id, token_hash, expires_at)
  VALUES ('5a000000-0000-4000-8000-000000000103', '0a000000-0000-4000-8000-000000000000', pg_temp.h('vbr_token-s3'), now() + interval '1 hour');
INSERT INTO public.voice_live_segments (session_id, org_id, seq, speaker, text, start_time, end_time)
  SELECT '5a000000-0000-4000-8000-000000000103', '0a000000-0000-4000-8000-000000000000', i, 'bot', 'w', 0, 0 FROM generate_series(0, 4989) i;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s3', (SELECT jsonb_agg(pg_temp.seg(5000 + i, 'bot', 'x')) FROM generate_series(0, 10) i)) $$,
  'PT400', NULL, 'the 5001st segment of a session is refused');
SELECT is(public.voice_bot_append_segments('vbr_token-s3', (SELECT jsonb_agg(pg_temp.seg(4985 + i, 'bot', 'x')) FROM generate_series(0, 14) i)),
  (SELECT jsonb_build_object('stored', jsonb_agg(4985 + i)) FROM generate_series(0, 14) i), 'up to the 5000th is fine (replays do not count)');
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s3', jsonb_build_array(pg_temp.seg(6000, 'bot', 'x'))) $$, 'PT400', NULL, '... and then no more');
SELECT lives_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s3', jsonb_build_array(pg_temp.seg(1, 'bot', 'x'))) $$, '... though a replay is still acknowledged');
RESET ROLE;
SELECT is(pg_temp.live_count('5a000000-0000-4000-8000-000000000103'), 5000, 'S3 holds exactly 5000');

-- ---------- expired, revoked, another session's ----------
UPDATE public.voice_bot_credentials SET expires_at = now() - interval '1 second' WHERE token_hash = pg_temp.h('vbr_token-s3');
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s3', jsonb_build_array(pg_temp.seg(1, 'bot', 'x'))) $$, 'PT401', 'bot credential refused',
  'an expired credential is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_token-s3', 'completed') $$, 'PT401', 'bot credential refused', '... for statuses too');
RESET ROLE;

-- S2: a second credential revokes the first.
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT lives_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000102', pg_temp.h('vbr_token-s2-second')) $$, 'a session''s credential can be replaced');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_token-s2', 'active') $$, 'PT401', 'bot credential refused', 'the replaced (revoked) credential is refused');
SELECT is(public.voice_bot_report_status('vbr_token-s2-second', 'active')->>'status', 'active', 'the new one works');
-- Another session's credential reaches only its own session: S2's bot appends to S2, never to S1.
SELECT is(public.voice_bot_append_segments('vbr_token-s2-second', jsonb_build_array(pg_temp.seg(0, 'bot', 'S2 speaking'))), '{"stored": [0]}'::jsonb,
  'a credential appends to its own session');
RESET ROLE;
SELECT is((SELECT text FROM public.voice_live_segments WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND seq = 0),
  'Tell me about a system you designed.', 'another session''s credential cannot touch this session''s seq 0');
SELECT is((SELECT text FROM public.voice_live_segments WHERE session_id = '5a000000-0000-4000-8000-000000000102' AND seq = 0), 'S2 speaking', '... it wrote its own');

-- ---------- org isolation under RLS ----------
SELECT pg_temp.act_as('authenticated', 'b2000000-0000-4000-8000-000000000000');
SELECT is((SELECT count(*)::int FROM public.voice_live_segments), 0, 'a member of another org sees no live segment');
SELECT throws_ok($$ INSERT INTO public.voice_live_segments (session_id, org_id, seq, speaker, text, start_time, end_time)
                    VALUES ('5b000000-0000-4000-8000-000000000000', '0b000000-0000-4000-8000-000000000000', 0, 'bot', 'x', 0, 0) $$,
  '42501', NULL, 'nobody writes live segments directly, not even into their own org');
SELECT set_config('realtime.topic', 'live:session:5a000000-0000-4000-8000-000000000101', true);
SELECT is((SELECT count(*)::int FROM realtime.messages WHERE topic = 'live:session:5a000000-0000-4000-8000-000000000101'), 0,
  '... and may not join the session''s private live topic');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'f0000000-0000-4000-8000-000000000000');
SELECT is((SELECT count(*)::int FROM public.voice_live_segments), 0, 'an outsider sees none');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT set_config('realtime.topic', 'live:session:5a000000-0000-4000-8000-000000000101', true);
SELECT is((SELECT count(*)::int FROM realtime.messages WHERE topic = 'live:session:5a000000-0000-4000-8000-000000000101'), 0, 'anon may not join it either');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'a0000000-0000-4000-8000-000000000000');
SELECT is((SELECT count(*)::int FROM public.voice_live_segments WHERE session_id = '5a000000-0000-4000-8000-000000000101'), 3,
  'a member of the org (not the one who started it) sees the session''s segments');
SELECT set_config('realtime.topic', 'live:session:5a000000-0000-4000-8000-000000000101', true);
SELECT ok((SELECT count(*)::int FROM realtime.messages WHERE topic = 'live:session:5a000000-0000-4000-8000-000000000101') > 0,
  '... and may join its private live topic');
SELECT set_config('realtime.topic', 'live:session:5b000000-0000-4000-8000-000000000000', true);
SELECT ok(NOT public.voice_can_watch_topic('live:session:5b000000-0000-4000-8000-000000000000'), '... but not another org''s session''s');
SELECT ok(NOT public.voice_can_watch_topic('live:session:not-a-uuid') AND NOT public.voice_can_watch_topic('sync:org:0a000000-0000-4000-8000-000000000000'),
  'topics that are not a session''s live topic never match');
RESET ROLE;

-- ---------- completion ----------
UPDATE public.voice_sessions SET started_at = started_at - interval '125 seconds' WHERE id = '5a000000-0000-4000-8000-000000000101';
SELECT pg_temp.act_as('anon', NULL);
INSERT INTO answers SELECT 'completed', public.voice_bot_report_status('vbr_token-s1', 'completed', 'interview finished');
RESET ROLE;
SELECT is((SELECT reply FROM answers WHERE step = 'completed'), '{"status": "completed", "previous_status": "active"}'::jsonb, 'the bot completes its session');
SELECT is((SELECT transcript_text FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND deleted_at IS NULL),
  E'Interviewer: Tell me about a system you designed.\nCandidate: I built  a queue\tworker with\u00a0retries.\nInterviewer: How did it fail?',
  'completion assembles the transcript text as a desktop does (speaker labels, seq order, one line each)');
SELECT is((SELECT speaker_segments FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND deleted_at IS NULL),
  '[{"seq": 0, "speaker": "bot", "text": "Tell me about a system you designed.", "startTime": 0, "endTime": 2.5, "confidence": 0.9},
    {"seq": 1, "speaker": "candidate", "text": "I built  a queue\tworker with\u00a0retries.", "startTime": 3, "endTime": 7.25, "confidence": 0.9},
    {"seq": 2, "speaker": "bot", "text": "How did it fail?", "startTime": 8, "endTime": 9, "confidence": 0.9}]'::jsonb,
  '... speaker_segments as {seq, speaker, text, startTime, endTime, confidence}');
SELECT is((SELECT word_count FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND deleted_at IS NULL), 7 + 7 + 4,
  '... the word count as JavaScript''s \S+ counts it (a no-break space separates words)');
SELECT is((SELECT candidate_name || ' / ' || interview_type FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND deleted_at IS NULL),
  'Ada / technical', '... with the candidate''s name and the interview type copied from the session');
SELECT is((SELECT created_by::text || ' ' || (updated_by IS NULL)::text || ' ' || metadata::text FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND deleted_at IS NULL),
  'a2000000-0000-4000-8000-000000000000 true {}', '... created by the session''s creator (the bot has no user)');
SELECT is((SELECT (t.sync_txid = s.sync_txid) FROM public.voice_transcripts t JOIN public.voice_sessions s ON s.id = t.session_id
           WHERE t.session_id = '5a000000-0000-4000-8000-000000000101' AND t.deleted_at IS NULL), true, '... stamped for sync pulls, in the completing transaction');
SELECT is((SELECT completed_at = date_trunc('milliseconds', now()) AND duration_seconds = 125 FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000101'),
  true, 'completed_at and duration_seconds are stamped');
SELECT is((SELECT jsonb_path_query_array(session_metadata->'statusHistory', '$[*].to') FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000101'),
  '["ready", "active", "completed"]'::jsonb, '... and the move appended to the history');
SELECT isnt((SELECT revoked_at FROM public.voice_bot_credentials WHERE token_hash = pg_temp.h('vbr_token-s1')), NULL, 'the end revokes the credential');

SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s1', jsonb_build_array(pg_temp.seg(3, 'candidate', 'one more thing'))) $$, 'PT401', NULL,
  'a late segment after the end is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_token-s1', 'failed') $$, 'PT401', NULL, '... and so is any later status');
RESET ROLE;
SELECT is(pg_temp.live_count('5a000000-0000-4000-8000-000000000101'), 3, '... nothing was stored');
SELECT is((SELECT row_version::int FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000101' AND deleted_at IS NULL), 1,
  '... and the transcript was not touched');

-- ---------- ended through sync (a user cancels on a desktop), or deleted ----------
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT lives_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000104', pg_temp.h('vbr_token-s4')) $$, 'S4 gets a credential');
INSERT INTO answers SELECT 'cancel', public.sync_push(jsonb_build_array(jsonb_build_object(
  'op_id', '00000000-0000-4000-8000-00000000c001', 'table', 'voice_sessions', 'kind', 'update', 'id', '5a000000-0000-4000-8000-000000000102',
  'org_id', '0a000000-0000-4000-8000-000000000000', 'fields', '{"status": "cancelled"}'::jsonb, 'base', '{"status": "active"}'::jsonb)));
SELECT is((SELECT reply->0->>'outcome' FROM answers WHERE step = 'cancel'), 'applied', 'a desktop cancels S2 through sync');
SELECT lives_ok($$ DELETE FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000104' $$, 'and deletes S4 (a soft delete)');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_append_segments('vbr_token-s2-second', jsonb_build_array(pg_temp.seg(1, 'bot', 'x'))) $$, 'PT401', NULL,
  'a session cancelled through sync revokes its bot''s credential');
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_token-s4', 'active') $$, 'PT401', NULL, 'so does deleting it');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM public.voice_bot_credentials WHERE session_id IN ('5a000000-0000-4000-8000-000000000102', '5a000000-0000-4000-8000-000000000104') AND revoked_at IS NULL),
  0, '... revoked in the table');
SELECT is((SELECT payload->>'status' FROM realtime.messages WHERE event = 'status' AND topic = 'live:session:5a000000-0000-4000-8000-000000000102' ORDER BY id DESC LIMIT 1),
  'cancelled', 'watchers hear a change made through sync too');
SELECT is((SELECT count(*)::int FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000102'), 0,
  'a change through sync never assembles a transcript (the desktop pushes its own)');

-- ---------- leases ----------
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT is(public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-1', 60), true, 'the first desktop takes the archive lease');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'a0000000-0000-4000-8000-000000000000');
SELECT is(public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-2', 60), false, 'a second desktop does not get it while it is held');
SELECT is(public.voice_finish_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-2'), false, '... nor can it finish it');
SELECT is(public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'analytics', 'desk-2', 60), true, 'kinds are leased separately');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT is(public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-1', 60), true, 'the holder renews its lease');
SELECT is(public.voice_finish_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-1'), true, 'the holder finishes it');
SELECT is(public.voice_finish_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-1'), true, '... finishing again is fine');
SELECT is(public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-1', 60), false, 'a done lease is never taken again, not even by its holder');
SELECT throws_ok($$ SELECT public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'email', 'desk-1', 60) $$, 'PT400', NULL, 'unknown kinds are PT400');
SELECT throws_ok($$ SELECT public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', '', 60) $$, 'PT400', NULL, 'a holder is needed');
SELECT throws_ok($$ SELECT public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-1', 0) $$, 'PT400', NULL, 'a ttl of 1..86400 s');
SELECT is((SELECT count(*)::int FROM public.voice_session_leases), 2, 'members read their org''s leases');
RESET ROLE;
UPDATE public.voice_session_leases SET expires_at = now() - interval '1 second';
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT is(public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'analytics', 'desk-1', 60), true, 'an expired unfinished lease is taken over');
SELECT is(public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-2', 60), false, '... an expired done one is not');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'a0000000-0000-4000-8000-000000000000');
SELECT is(public.voice_finish_lease('5a000000-0000-4000-8000-000000000101', 'analytics', 'desk-2'), false, 'the holder it was taken from can no longer finish it');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'b2000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-b', 60) $$, 'P0002', NULL, 'another org''s member cannot take one');
SELECT is((SELECT count(*)::int FROM public.voice_session_leases), 0, '... nor see them');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_take_lease('5a000000-0000-4000-8000-000000000101', 'archive', 'desk-x', 60) $$, '42501', NULL, 'anon cannot take one');
RESET ROLE;

-- ---------- import of a bot's S3 fallback file ----------
INSERT INTO public.voice_sessions (id, org_id, interview_type, candidate_name, status, created_by) VALUES
  ('5a000000-0000-4000-8000-000000000106', '0a000000-0000-4000-8000-000000000000', 'screening', 'Finn', 'ready', 'a2000000-0000-4000-8000-000000000000');
INSERT INTO public.voice_bot_credentials (session_id, org_id, token_hash, expires_at)
  VALUES ('5a000000-0000-4000-8000-000000000106', '0a000000-0000-4000-8000-000000000000', pg_temp.h('vbr_token-s6'), now() + interval '1 hour');
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
INSERT INTO answers SELECT 'import', public.voice_import_bot_transcript('5a000000-0000-4000-8000-000000000106',
  (SELECT jsonb_agg(pg_temp.seg(i, CASE WHEN i % 2 = 0 THEN 'bot' ELSE 'candidate' END, 'line ' || i, i, i + 0.5)) FROM generate_series(0, 59) i),
  'completed', 'bot could not reach the project');
SELECT is((SELECT reply - 'transcript_id' FROM answers WHERE step = 'import'),
  '{"inserted": 60, "status": "completed", "previous_status": "ready", "status_reached": true}'::jsonb,
  'the import stores the segments (more than 50 at once) and walks ready -> active -> completed');
SELECT is((SELECT reply->>'transcript_id' FROM answers WHERE step = 'import'),
  (SELECT id::text FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000106'), '... assembling the transcript');
SELECT is((SELECT word_count FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000106'), 120, '... from every imported segment');
SELECT is((SELECT jsonb_path_query_array(session_metadata->'statusHistory', '$[*].to') FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000106'),
  '["active", "completed"]'::jsonb, '... each move legal and recorded');
SELECT is((SELECT session_metadata->'statusHistory'->1->>'by' FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000106'),
  'a2000000-0000-4000-8000-000000000000', '... by the importing user');
SELECT is(public.voice_import_bot_transcript('5a000000-0000-4000-8000-000000000106',
  (SELECT jsonb_agg(pg_temp.seg(i, CASE WHEN i % 2 = 0 THEN 'bot' ELSE 'candidate' END, 'line ' || i, i, i + 0.5)) FROM generate_series(0, 59) i),
  'completed', 'bot could not reach the project') - 'transcript_id',
  '{"inserted": 0, "status": "completed", "previous_status": "completed", "status_reached": true}'::jsonb, 'importing again changes nothing');
SELECT is((SELECT row_version::int FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000106'), 1, '... not even the transcript');
SELECT is(public.voice_import_bot_transcript('5a000000-0000-4000-8000-000000000106', jsonb_build_array(pg_temp.seg(60, 'candidate', 'last words')), 'failed', NULL) - 'transcript_id',
  '{"inserted": 1, "status": "completed", "previous_status": "completed", "status_reached": false}'::jsonb,
  'an ended session keeps its status, but a segment it missed still goes in');
SELECT is((SELECT word_count FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000106'), 122, '... and its transcript is rebuilt with it');
SELECT throws_ok($$ SELECT public.voice_import_bot_transcript('5a000000-0000-4000-8000-000000000106', '[{"seq": 1}]', 'completed', NULL) $$, 'PT400', NULL,
  'imported segments are checked as a bot''s are');
SELECT throws_ok($$ SELECT public.voice_import_bot_transcript('5a000000-0000-4000-8000-000000000106', '[]', 'finished', NULL) $$, 'PT400', NULL, 'as is the status');
RESET ROLE;
SELECT isnt((SELECT revoked_at FROM public.voice_bot_credentials WHERE token_hash = pg_temp.h('vbr_token-s6')), NULL, 'the imported completion revoked the bot''s credential');
SELECT pg_temp.act_as('authenticated', 'b2000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_import_bot_transcript('5a000000-0000-4000-8000-000000000106', '[]', 'completed', NULL) $$, 'P0002', NULL,
  'another org''s member cannot import');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_import_bot_transcript('5a000000-0000-4000-8000-000000000106', '[]', 'completed', NULL) $$, '42501', NULL, 'nor can anon');
RESET ROLE;

-- ---------- a bot that fails before the call ----------
UPDATE public.voice_sessions SET status = 'ready' WHERE id = '5a000000-0000-4000-8000-000000000103';
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT lives_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000103', pg_temp.h('vbr_token-s3-b')) $$, 'S3 gets a fresh credential');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_report_status('vbr_token-s3-b', 'failed') $$, 'PT409', NULL,
  'ready -> failed is not a move of contracts/session.ts, and is not faked through active');
SELECT is(public.voice_bot_report_status('vbr_token-s3-b', 'cancelled', 'no candidate')->>'status', 'cancelled', 'ready -> cancelled is');
RESET ROLE;
SELECT is((SELECT word_count FROM public.voice_transcripts WHERE session_id = '5a000000-0000-4000-8000-000000000103'), 5000,
  'a session that ends otherwise than completed still gets its transcript when it has segments (as on a desktop)');

SELECT * FROM finish();
ROLLBACK;
