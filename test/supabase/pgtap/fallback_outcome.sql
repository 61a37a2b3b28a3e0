-- 014: a desktop importing a bot's fallback file puts its quality figures and consent outcome on
-- the session, where the session has none yet; malformed ones are refused and change nothing; the
-- caller must be a member who may change the org's sessions.
BEGIN;
\ir fixtures.sql
SELECT plan(12);

INSERT INTO public.voice_sessions (id, org_id, interview_type, config_id, config_version, candidate_name, status, session_metadata, created_by) VALUES
  ('5a000000-0000-4000-8000-000000000e01', '0a000000-0000-4000-8000-000000000000', 'technical', 'ca000000-0000-4000-8000-000000000000', 3, 'Ada', 'completed',
   '{}', 'a2000000-0000-4000-8000-000000000000'),
  ('5a000000-0000-4000-8000-000000000e02', '0a000000-0000-4000-8000-000000000000', 'technical', 'ca000000-0000-4000-8000-000000000000', 3, 'Alan', 'completed',
   '{"quality": {"kept": true}, "consent": {"given": true, "at": "2026-12-03T08:00:00.000Z"}}', 'a2000000-0000-4000-8000-000000000000');
CREATE FUNCTION pg_temp.q(p_change jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT '{"version": 1, "turnTaking": "flux", "sttModel": "flux-general-en", "replies": 9, "voiceToVoiceP50Ms": 690,
           "voiceToVoiceP95Ms": 770, "bargeIns": 1, "longSilences": 0, "cutIns": 0}'::jsonb || p_change $$;
GRANT EXECUTE ON FUNCTION pg_temp.q(jsonb) TO PUBLIC;
CREATE FUNCTION pg_temp.metadata(p_id uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT session_metadata - 'statusHistory' FROM public.voice_sessions WHERE id = p_id $$;
GRANT EXECUTE ON FUNCTION pg_temp.metadata(uuid) TO PUBLIC;

SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
-- Malformed input first: refused, nothing written.
SELECT throws_ok($$ SELECT public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e01', pg_temp.q('{"cutIns": -1}'), NULL) $$, 'PT400',
  'quality figures: "cutIns" must be a whole number from 0 to 100000', 'malformed figures are refused, naming the field');
SELECT throws_ok($$ SELECT public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e01', pg_temp.q(), '{"given": "yes", "at": "2026-12-03T09:00:00.000Z"}') $$, 'PT400',
  'a consent outcome is {given, at, words?, template?}', 'a malformed consent outcome is refused');
SELECT throws_ok($$ SELECT public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e01', pg_temp.q(), '{"given": true, "at": "2026-12-03T09:00:00.000Z", "template": "mars"}') $$, 'PT400',
  NULL, 'an unknown consent template is refused');
SELECT is(pg_temp.metadata('5a000000-0000-4000-8000-000000000e01'), '{}'::jsonb, 'the refused calls changed nothing');

SELECT is(public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e01', pg_temp.q(),
  '{"given": true, "at": "2026-12-03T09:00:00.000Z", "words": "Yes, go ahead.", "template": "illinois", "extra": 1}'),
  '{"added": ["consent", "quality"]}'::jsonb, 'a member imports the figures and the consent of an ended session');
SELECT is(pg_temp.metadata('5a000000-0000-4000-8000-000000000e01'), jsonb_build_object('quality', pg_temp.q(),
  'consent', '{"given": true, "at": "2026-12-03T09:00:00.000Z", "words": "Yes, go ahead.", "template": "illinois", "configVersion": 3}'::jsonb),
  'they are on the session: the consent with the session''s config version and only its known fields');
SELECT is(public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e01', pg_temp.q('{"cutIns": 4}'), NULL),
  '{"added": []}'::jsonb, 'a second import adds nothing');
SELECT is(pg_temp.metadata('5a000000-0000-4000-8000-000000000e01')->'quality', pg_temp.q(), 'and replaces nothing');
SELECT is(public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e02', pg_temp.q(), '{"given": false, "at": "2026-12-03T09:00:00.000Z"}'),
  '{"added": []}'::jsonb, 'what the bot delivered itself is kept');
SELECT lives_ok($$ SELECT public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e02', NULL, NULL) $$, 'a file without either imports nothing');
RESET ROLE;

SELECT pg_temp.act_as('authenticated', 'b2000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e01', pg_temp.q(), NULL) $$, 'P0002', NULL,
  'a member of another org does not see the session');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_import_bot_outcome('5a000000-0000-4000-8000-000000000e01', pg_temp.q(), NULL) $$, '42501', NULL,
  'nor can anon');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
