-- 012: a team bot reports its interview's quality figures with its credential; the project keeps
-- them on the session (session_metadata.quality, beside what was there), refuses malformed figures
-- without changing anything, refuses other credentials, and nothing changes once the session ended.
BEGIN;
\ir fixtures.sql
SELECT plan(17);

INSERT INTO public.voice_sessions (id, org_id, interview_type, config_id, config_version, candidate_name, session_metadata, created_by) VALUES
  ('5a000000-0000-4000-8000-000000000d01', '0a000000-0000-4000-8000-000000000000', 'technical', 'ca000000-0000-4000-8000-000000000000', 2, 'Ada',
   '{"consent": {"given": true, "at": "2026-12-03T09:00:00.000Z"}}', 'a2000000-0000-4000-8000-000000000000');
CREATE FUNCTION pg_temp.h(p_token text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(sha256(convert_to(p_token, 'UTF8')), 'hex') $$;
GRANT EXECUTE ON FUNCTION pg_temp.h(text) TO PUBLIC;
-- Valid figures, and the same with one field changed (jsonb ||: the right side wins).
CREATE FUNCTION pg_temp.q(p_change jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT '{"version": 1, "turnTaking": "nova-semantic", "sttModel": "nova-3", "replies": 12, "voiceToVoiceP50Ms": 640,
           "voiceToVoiceP95Ms": 910.5, "bargeIns": 2, "longSilences": 1, "cutIns": 0}'::jsonb || p_change $$;
GRANT EXECUTE ON FUNCTION pg_temp.q(jsonb) TO PUBLIC;
CREATE FUNCTION pg_temp.metadata() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT session_metadata - 'statusHistory' FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000d01' $$;

SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT lives_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000d01', pg_temp.h('vbr_quality-1')) $$, 'the desktop registers the bot''s credential');
RESET ROLE;

SELECT pg_temp.act_as('anon', NULL);
SELECT lives_ok($$ SELECT public.voice_bot_report_status('vbr_quality-1', 'active', 'candidate joined') $$, 'the bot reports the interview under way');
SELECT is(public.voice_bot_report_quality('vbr_quality-1', pg_temp.q()), pg_temp.q(), 'the bot reports its figures and gets them back');
-- Malformed figures: each refused with PT400, naming what is wrong.
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"extra": 1}')) $$, 'PT400', 'quality figures: unknown key "extra"', 'an unknown key is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q() - 'cutIns') $$, 'PT400', 'quality figures: "cutIns" is missing', 'a missing key is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"bargeIns": -1}')) $$, 'PT400', 'quality figures: "bargeIns" must be a whole number from 0 to 100000', 'a negative count is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"replies": 2.5}')) $$, 'PT400', NULL, 'a fractional count is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"replies": "12"}')) $$, 'PT400', NULL, 'a count as text is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"voiceToVoiceP95Ms": 3600001}')) $$, 'PT400', NULL, 'a latency over an hour is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"turnTaking": "whisper"}')) $$, 'PT400', NULL, 'an unknown way of taking turns is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"version": 2}')) $$, 'PT400', NULL, 'another version is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', '[1, 2]') $$, 'PT400', 'quality figures: must be an object', 'a non-object is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_not-a-credential', pg_temp.q()) $$, 'PT401', NULL, 'another credential is refused');
-- Null latencies (no reply measured) are figures too.
SELECT is(public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"replies": 0, "voiceToVoiceP50Ms": null, "voiceToVoiceP95Ms": null}'))->'voiceToVoiceP50Ms', 'null'::jsonb, 'null latencies are kept');
SELECT lives_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q()) $$, 'a resend replaces the figures');
RESET ROLE;
SELECT is(pg_temp.metadata(), jsonb_build_object('consent', '{"given": true, "at": "2026-12-03T09:00:00.000Z"}'::jsonb, 'quality', pg_temp.q()),
  'the session keeps the last figures beside its other metadata; the refused ones changed nothing');

SELECT pg_temp.act_as('anon', NULL);
SELECT public.voice_bot_report_status('vbr_quality-1', 'completed', 'interview over');
SELECT throws_ok($$ SELECT public.voice_bot_report_quality('vbr_quality-1', pg_temp.q('{"cutIns": 5}')) $$, 'PT401', NULL, 'once the session ended the credential is dead and the figures stay');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
