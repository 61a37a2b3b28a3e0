-- 011: a team bot reports the consent outcome with its credential; the project keeps it on the
-- session with the config version, refuses malformed outcomes, other credentials, and ended sessions.
BEGIN;
\ir fixtures.sql
SELECT plan(8);

INSERT INTO public.voice_sessions (id, org_id, interview_type, config_id, config_version, candidate_name, created_by) VALUES
  ('5a000000-0000-4000-8000-000000000c01', '0a000000-0000-4000-8000-000000000000', 'technical', 'ca000000-0000-4000-8000-000000000000', 4, 'Ada', 'a2000000-0000-4000-8000-000000000000');
CREATE FUNCTION pg_temp.h(p_token text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode(sha256(convert_to(p_token, 'UTF8')), 'hex') $$;
GRANT EXECUTE ON FUNCTION pg_temp.h(text) TO PUBLIC;

SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT lives_ok($$ SELECT public.voice_issue_bot_credential('5a000000-0000-4000-8000-000000000c01', pg_temp.h('vbr_consent-1')) $$, 'the desktop registers the bot''s credential');
RESET ROLE;

SELECT pg_temp.act_as('anon', NULL);
SELECT is(public.voice_bot_report_consent('vbr_consent-1', '{"given": true, "at": "2026-12-03T09:00:00.000Z", "words": "Yes, go ahead.", "template": "illinois", "extra": "dropped"}'),
  '{"given": true, "at": "2026-12-03T09:00:00.000Z", "words": "Yes, go ahead.", "template": "illinois", "configVersion": 4}'::jsonb,
  'the bot reports a yes; only the known fields are kept, with the session''s config version');
SELECT throws_ok($$ SELECT public.voice_bot_report_consent('vbr_consent-1', '{"given": "yes", "at": "2026-12-03T09:00:00.000Z"}') $$, 'PT400', NULL, 'a malformed outcome is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_consent('vbr_consent-1', '{"given": true, "at": "x", "template": "texas"}') $$, 'PT400', NULL, 'an unknown template is refused');
SELECT throws_ok($$ SELECT public.voice_bot_report_consent('vbr_not-a-credential', '{"given": true, "at": "x"}') $$, 'PT401', NULL, 'another credential is refused');
RESET ROLE;
SELECT is((SELECT session_metadata->'consent'->>'words' FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000c01'), 'Yes, go ahead.', 'the session keeps it');

UPDATE public.voice_sessions SET status = 'cancelled' WHERE id = '5a000000-0000-4000-8000-000000000c01';
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_bot_report_consent('vbr_consent-1', '{"given": false, "at": "2026-12-03T09:01:00.000Z"}') $$, 'PT401', NULL, 'once the session ended the credential is dead');
RESET ROLE;
SELECT is((SELECT session_metadata->'consent'->>'given' FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000c01'), 'true', 'and the outcome stays as reported');

SELECT * FROM finish();
ROLLBACK;
