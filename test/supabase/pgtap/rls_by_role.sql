-- RLS as the seed intends, per role: members read their org's rows, modifiers write them, admins
-- alone touch credentials metadata; anon and outsiders see nothing; service_role bypasses RLS.
BEGIN;
\ir fixtures.sql
SELECT plan(41);

-- ---------- anon ----------
SELECT pg_temp.act_as('anon', NULL);
SELECT is((SELECT count(*)::int FROM public.voice_sessions), 0, 'anon sees no sessions');
SELECT is((SELECT count(*)::int FROM public.voice_configs), 0, 'anon sees no configs');
SELECT is((SELECT count(*)::int FROM public.org), 0, 'anon sees no orgs');
SELECT is((SELECT count(*)::int FROM public.voice_credentials), 0, 'anon sees no credentials');
SELECT throws_ok(
  $$INSERT INTO public.voice_sessions (org_id, interview_type, created_by) VALUES ('0a000000-0000-4000-8000-000000000000', 'technical', 'a2000000-0000-4000-8000-000000000000')$$,
  '42501', NULL, 'anon cannot create a session');
SELECT throws_ok($$SELECT public.sync_push('[]')$$, '42501', NULL, 'anon cannot call sync_push');
RESET ROLE;

-- ---------- org_user of A ----------
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT is((SELECT count(*)::int FROM public.voice_sessions), 1, 'a member sees only their org''s sessions');
SELECT is((SELECT org_id::text FROM public.voice_sessions), '0a000000-0000-4000-8000-000000000000', '... of org A');
SELECT is((SELECT count(*)::int FROM public.voice_configs), 1, 'a member sees their org''s configs');
SELECT is((SELECT count(*)::int FROM public.voice_transcripts), 1, 'a member sees their org''s transcripts');
SELECT is((SELECT count(*)::int FROM public.voice_analytics), 1, 'a member sees their org''s analytics');
SELECT is((SELECT count(*)::int FROM public.voice_credentials), 0, 'a non-admin member sees no credentials metadata');
SELECT is((SELECT count(*)::int FROM public.org_members), 3, 'a member sees their org''s members only');
SELECT is((SELECT count(*)::int FROM public.voice_sessions_sync), 1, 'the pull view applies the caller''s RLS (security_invoker)');
SELECT lives_ok(
  $$INSERT INTO public.voice_sessions (org_id, interview_type, created_by) VALUES ('0a000000-0000-4000-8000-000000000000', 'behavioral', 'a2000000-0000-4000-8000-000000000000')$$,
  'a member creates a session in their org');
SELECT throws_ok(
  $$INSERT INTO public.voice_sessions (org_id, interview_type, created_by) VALUES ('0b000000-0000-4000-8000-000000000000', 'technical', 'a2000000-0000-4000-8000-000000000000')$$,
  '42501', NULL, 'a member cannot create a session in another org');
SELECT is_empty(
  $$UPDATE public.voice_sessions SET candidate_name = 'hijacked' WHERE id = '5b000000-0000-4000-8000-000000000000' RETURNING id$$,
  'updating another org''s session changes nothing (zero rows, no error: why sync_push checks)');
SELECT is_empty(
  $$UPDATE public.org_members SET role = 'org_admin' WHERE user_id = 'a2000000-0000-4000-8000-000000000000' RETURNING user_id$$,
  'a member cannot promote themselves');
SELECT throws_ok(
  $$INSERT INTO public.voice_credentials (org_id, service_name, created_by) VALUES ('0a000000-0000-4000-8000-000000000000', 'daily', 'a2000000-0000-4000-8000-000000000000')$$,
  '42501', NULL, 'a non-admin cannot add credentials metadata');
SELECT lives_ok($$DELETE FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000000'$$, 'a modifier deletes a session of their org');
SELECT isnt((SELECT deleted_at FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000000'), NULL,
  '... softly: the row stays, marked deleted, so the deletion syncs');
SELECT isnt((SELECT deleted_at FROM public.voice_transcripts WHERE id = '7a000000-0000-4000-8000-000000000000'), NULL,
  '... and its transcript goes with it');
SELECT is((public.get_org_voice_stats('0b000000-0000-4000-8000-000000000000')->>'total_sessions')::int, 0,
  'the seed''s stats RPC runs as the caller: another org counts nothing');
SELECT is(public.get_voice_session_details('5b000000-0000-4000-8000-000000000000'), NULL,
  'the seed''s details RPC reveals nothing of another org');
SELECT throws_ok(
  $$SELECT public.update_voice_session_status('5b000000-0000-4000-8000-000000000000', 'ready', 'a2000000-0000-4000-8000-000000000000')$$,
  'P0002', NULL, 'the seed''s status RPC cannot move another org''s session');
RESET ROLE;

-- ---------- org_admin of A ----------
SELECT pg_temp.act_as('authenticated', 'a1000000-0000-4000-8000-000000000000');
SELECT is((SELECT count(*)::int FROM public.voice_credentials), 1, 'an admin sees their org''s credentials metadata');
SELECT is((SELECT service_name::text FROM public.voice_credentials), 'deepgram', '... and only their org''s');
SELECT lives_ok(
  $$INSERT INTO public.voice_credentials (org_id, service_name, config_metadata, created_by) VALUES ('0a000000-0000-4000-8000-000000000000', 'openai', '{"model": "gpt-4o"}', 'a1000000-0000-4000-8000-000000000000')$$,
  'an admin adds credentials metadata (openai included)');
SELECT throws_ok(
  $$INSERT INTO public.voice_credentials (org_id, service_name, config_metadata, created_by) VALUES ('0a000000-0000-4000-8000-000000000000', 'daily', '{"api_key": "sk-live"}', 'a1000000-0000-4000-8000-000000000000')$$,
  '23514', NULL, 'a key can never be stored as credentials metadata');
SELECT throws_ok(
  $$INSERT INTO public.voice_credentials (org_id, service_name, created_by) VALUES ('0b000000-0000-4000-8000-000000000000', 'daily', 'a1000000-0000-4000-8000-000000000000')$$,
  '42501', NULL, 'an admin of A cannot add credentials to org B');
SELECT isnt_empty(
  $$UPDATE public.org_members SET role = 'org_admin' WHERE user_id = 'a2000000-0000-4000-8000-000000000000' RETURNING user_id$$,
  'an admin changes roles in their org');
SELECT is_empty(
  $$UPDATE public.voice_credentials SET is_active = false WHERE id = 'eb000000-0000-4000-8000-000000000000' RETURNING id$$,
  'an admin of A cannot touch org B''s credentials');
RESET ROLE;

-- ---------- org_user of B, and an outsider ----------
SELECT pg_temp.act_as('authenticated', 'b2000000-0000-4000-8000-000000000000');
SELECT is((SELECT count(*)::int FROM public.voice_sessions WHERE org_id = '0a000000-0000-4000-8000-000000000000'), 0, 'a member of B sees nothing of A');
SELECT is((SELECT count(*)::int FROM public.voice_configs), 1, 'a member of B sees B''s config only');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'f0000000-0000-4000-8000-000000000000');
SELECT is((SELECT count(*)::int FROM public.voice_sessions), 0, 'an outsider sees no sessions');
SELECT is((SELECT count(*)::int FROM public.org), 0, 'an outsider sees no orgs');
SELECT is(public.sync_memberships(), '[]'::jsonb, 'an outsider has no memberships to pull');
SELECT lives_ok($$INSERT INTO public.org (name, created_by) VALUES ('Outsider Inc', 'f0000000-0000-4000-8000-000000000000')$$,
  'a signed-in user may create an org');
SELECT is((SELECT jsonb_array_length(public.sync_memberships())), 1, '... and owns it at once');
RESET ROLE;

-- ---------- service_role ----------
SELECT pg_temp.act_as('service_role', NULL);
SELECT cmp_ok((SELECT count(*)::int FROM public.voice_sessions), '>=', 3, 'service_role bypasses RLS');
SELECT is((SELECT count(*)::int FROM public.voice_credentials), 3, 'service_role sees every credential row');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
