-- The retention policy on the team project (013): members read it, only owners/admins change,
-- preview or run it (through the RPCs), nobody writes or deletes rows directly but service_role;
-- bad days are refused and change nothing; a change is audited once; a run needs a preview of the
-- current days; a scheduled claim is refused while a run from the last 24 h exists.
BEGIN;
\ir fixtures.sql
SELECT plan(35);

-- Nothing set yet: every member reads "off".
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT is(public.voice_retention_policy_get('0a000000-0000-4000-8000-000000000000')->'days', 'null'::jsonb, 'a recruiter reads the policy: off by default');
SELECT throws_ok($$ SELECT public.voice_retention_policy_get('0b000000-0000-4000-8000-000000000000') $$, '42501', NULL, 'not another org''s');
SELECT throws_ok($$ SELECT public.voice_retention_policy_set('0a000000-0000-4000-8000-000000000000', 30) $$, '42501', NULL, 'a recruiter (org_user) cannot set it');
SELECT throws_ok($$ SELECT public.voice_retention_policy_preview('0a000000-0000-4000-8000-000000000000', 30) $$, '42501', NULL, 'nor preview it');
SELECT throws_ok($$ SELECT public.voice_retention_begin_run('0a000000-0000-4000-8000-000000000000') $$, '42501', NULL, 'nor run it');
SELECT throws_ok($$ INSERT INTO public.voice_retention_policies (org_id, days) VALUES ('0a000000-0000-4000-8000-000000000000', 30) $$, '42501', NULL, 'nor insert a row directly');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_retention_policy_get('0a000000-0000-4000-8000-000000000000') $$, '42501', NULL, 'anon reads nothing');
RESET ROLE;

-- An admin: bad days are refused, and nothing changes.
SELECT pg_temp.act_as('authenticated', 'a1000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_retention_policy_set('0a000000-0000-4000-8000-000000000000', -5) $$, '22023', NULL, 'negative days are refused');
SELECT throws_ok($$ SELECT public.voice_retention_policy_set('0a000000-0000-4000-8000-000000000000', 3651) $$, '22023', NULL, 'more than 3650 days are refused');
SELECT throws_ok($$ SELECT public.voice_retention_policy_preview('0a000000-0000-4000-8000-000000000000', 0) $$, '22023', NULL, 'a preview of 0 days is refused');
SELECT throws_ok($$ SELECT public.voice_retention_policy_set('0b000000-0000-4000-8000-000000000000', 30) $$, '42501', NULL, 'an admin of A cannot set B''s');
SELECT throws_ok($$ INSERT INTO public.voice_retention_policies (org_id, days) VALUES ('0a000000-0000-4000-8000-000000000000', 30) $$, '42501', NULL, 'an admin cannot insert a row directly either');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM public.voice_retention_policies), 0, 'no row was written by any refused call');
SELECT is((SELECT count(*)::int FROM public.voice_audit_log WHERE action = 'retention.changed'), 0, 'and nothing was audited');

-- Preview 30, then save 30 (the console's order): the preview carries over; the change is audited once, under the id given.
SELECT pg_temp.act_as('authenticated', 'a1000000-0000-4000-8000-000000000000');
SELECT is(public.voice_retention_policy_preview('0a000000-0000-4000-8000-000000000000', 30)->'policy'->'previewedDays', '30'::jsonb, 'a preview is recorded with the policy');
SELECT is(public.voice_retention_policy_get('0a000000-0000-4000-8000-000000000000')->'days', 'null'::jsonb, 'a preview alone changes no setting');
SELECT ok((SELECT p->>'days' = '30' AND p->>'previewedDays' = '30' AND p->>'updatedByEmail' = 'admin-a@example.com'
  FROM public.voice_retention_policy_set('0a000000-0000-4000-8000-000000000000', 30, 'ad000000-0000-4000-8000-0000000000aa') AS p),
  'the admin sets 30 days: the fresh preview of 30 carries over, and who changed it is kept');
RESET ROLE;
SELECT is((SELECT details FROM public.voice_audit_log WHERE id = 'ad000000-0000-4000-8000-0000000000aa'),
  '{"fromDays": null, "toDays": 30}'::jsonb, 'the change wrote its retention.changed audit row, under the desktop''s id');
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT is(public.voice_append_audit('[{"id": "ad000000-0000-4000-8000-0000000000aa", "org_id": "0a000000-0000-4000-8000-000000000000", "at": "2026-12-01T10:00:00Z", "actor_id": "a2000000-0000-4000-8000-000000000000", "action": "retention.changed", "target_type": "org", "details": {}}]'::jsonb),
  '["ad000000-0000-4000-8000-0000000000aa"]'::jsonb, 'the desktop''s copy of that entry is acknowledged ...');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM public.voice_audit_log WHERE action = 'retention.changed'), 1, '... without a second row');

-- Members read it; nobody but service_role changes or deletes the row directly.
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT is((SELECT days FROM public.voice_retention_policies WHERE org_id = '0a000000-0000-4000-8000-000000000000'), 30, 'a recruiter reads the row (RLS)');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'b2000000-0000-4000-8000-000000000000');
SELECT is((SELECT count(*)::int FROM public.voice_retention_policies), 0, 'a member of B sees no row of A');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'a0000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ UPDATE public.voice_retention_policies SET days = 1 $$, '42501', NULL, 'the owner cannot update the row directly');
SELECT throws_ok($$ DELETE FROM public.voice_retention_policies $$, '42501', NULL, 'nor delete it');
RESET ROLE;
SELECT pg_temp.act_as('service_role', NULL);
SELECT lives_ok($$ UPDATE public.voice_retention_policies SET updated_at = updated_at $$, 'service_role may');
RESET ROLE;

-- A run needs a preview of the current days; a scheduled claim within 24 h of a run is refused.
SELECT pg_temp.act_as('authenticated', 'a0000000-0000-4000-8000-000000000000');
SELECT is((public.voice_retention_begin_run('0a000000-0000-4000-8000-000000000000', true)->>'run')::boolean, true, 'previewed at 30: the owner''s scheduled claim may run');
SELECT is((public.voice_retention_begin_run('0a000000-0000-4000-8000-000000000000', true)->>'run')::boolean, false, 'a second scheduled claim within the hour is refused: a run is under way');
SELECT throws_ok($$ SELECT public.voice_retention_record_run('0a000000-0000-4000-8000-000000000000', '"done"') $$, '22023', NULL, 'a run record must be a run');
SELECT ok(public.voice_retention_record_run('0a000000-0000-4000-8000-000000000000', '{"days": 30, "stores": {}}')->>'lastRunAt' IS NOT NULL, 'the run is recorded on the project');
SELECT is((public.voice_retention_begin_run('0a000000-0000-4000-8000-000000000000', true)->>'run')::boolean, false, 'a run within the last 24 h counts as done for a scheduled claim');
SELECT is(public.voice_retention_begin_run('0a000000-0000-4000-8000-000000000000', false)->>'actorId', 'a0000000-0000-4000-8000-000000000000', 'an on-demand claim always runs, as the caller');

SELECT ok((SELECT p->>'days' = '90' AND p->'previewedDays' = 'null'::jsonb FROM public.voice_retention_policy_set('0a000000-0000-4000-8000-000000000000', 90) AS p),
  'changing the days drops the preview');
SELECT throws_ok($$ SELECT public.voice_retention_begin_run('0a000000-0000-4000-8000-000000000000') $$, 'PT409', 'Preview what would be deleted first: retention has not been previewed at 90 days', 'so no run until 90 days are previewed');
SELECT lives_ok($$ SELECT public.voice_retention_policy_preview('0a000000-0000-4000-8000-000000000000', 90) $$, 'previewing 90 days ...');
SELECT is((public.voice_retention_begin_run('0a000000-0000-4000-8000-000000000000')->>'run')::boolean, true, '... allows it');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
