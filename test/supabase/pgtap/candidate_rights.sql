-- Candidates' rights: retention and erasure RPCs (admins only, content gone, rows stay anonymous,
-- repeat-safe, other orgs untouched) and the append-only audit log (only service_role may change it).
BEGIN;
\ir fixtures.sql
SELECT plan(29);

-- Session 5a of org A ended 40 days ago, with a live segment, an archived transcript and analytics.
UPDATE public.voice_sessions SET status = 'completed', candidate_email = 'Grace@Example.com',
  completed_at = now() - INTERVAL '40 days', session_metadata = '{"consent": {"given": true, "words": "yes I agree"}}'
WHERE id = '5a000000-0000-4000-8000-000000000000';
UPDATE public.voice_transcripts SET transcript_s3_url = 's3://bucket/transcripts/0a000000-0000-4000-8000-000000000000/2026/01/02/5a000000-0000-4000-8000-000000000000.json'
WHERE id = '7a000000-0000-4000-8000-000000000000';
INSERT INTO public.voice_live_segments (session_id, org_id, seq, speaker, text, start_time, end_time) VALUES
  ('5a000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 0, 'candidate', 'my phone is 555 0100', 0, 1);
-- Org B's session is as old: org A's admin must never reach it.
UPDATE public.voice_sessions SET status = 'completed', completed_at = now() - INTERVAL '40 days' WHERE id = '5b000000-0000-4000-8000-000000000000';

SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_retention_apply('0a000000-0000-4000-8000-000000000000', 30) $$, '42501', NULL, 'a recruiter (org_user) cannot apply retention');
SELECT throws_ok($$ SELECT public.voice_erase_candidate('0a000000-0000-4000-8000-000000000000', 'grace@example.com') $$, '42501', NULL, 'nor erase a candidate');
SELECT throws_ok($$ SELECT public.voice_rights_scrub('0a000000-0000-4000-8000-000000000000', '{}', 'x', true) $$, '42501', NULL, 'the scrub itself is not callable');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.voice_retention_apply('0a000000-0000-4000-8000-000000000000', 30) $$, '42501', NULL, 'anon cannot apply retention');
RESET ROLE;

SELECT pg_temp.act_as('authenticated', 'a1000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_retention_apply('0a000000-0000-4000-8000-000000000000', -5) $$, '22023', NULL, 'a negative retention is refused');
SELECT throws_ok($$ SELECT public.voice_retention_apply('0b000000-0000-4000-8000-000000000000', 30) $$, '42501', NULL, 'an admin of A cannot run it for B');
SELECT is(public.voice_retention_apply('0a000000-0000-4000-8000-000000000000', 60, true) - 'archiveKeys',
  '{"sessions": 0, "transcripts": 0, "liveSegments": 0, "analytics": 0, "archiveObjects": 0}'::jsonb, '60 days: nothing is old enough');
SELECT is(public.voice_retention_apply('0a000000-0000-4000-8000-000000000000', 30, true) - 'archiveKeys',
  '{"sessions": 1, "transcripts": 1, "liveSegments": 1, "analytics": 1, "archiveObjects": 1}'::jsonb, 'the dry run counts what 30 days would delete');
SELECT is((SELECT candidate_name FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000000'), 'Grace', 'and the dry run deleted nothing');
SELECT is(public.voice_retention_apply('0a000000-0000-4000-8000-000000000000', 30)->'archiveKeys',
  '["transcripts/0a000000-0000-4000-8000-000000000000/2026/01/02/5a000000-0000-4000-8000-000000000000.json", "transcripts/0a000000-0000-4000-8000-000000000000/undelivered/5a000000-0000-4000-8000-000000000000.json"]'::jsonb,
  'the run answers the archived copy and the fallback file to remove from the bucket');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM public.voice_live_segments WHERE session_id = '5a000000-0000-4000-8000-000000000000'), 0, 'live segments are gone');
SELECT ok((SELECT transcript_text = '' AND speaker_segments = '[]' AND transcript_s3_url IS NULL AND deleted_at IS NOT NULL
  FROM public.voice_transcripts WHERE id = '7a000000-0000-4000-8000-000000000000'), 'the transcript has no words left and is deleted for every desktop');
SELECT ok((SELECT overall_score IS NULL AND strengths = '{}' AND deleted_at IS NOT NULL FROM public.voice_analytics WHERE id = '9a000000-0000-4000-8000-000000000000'), 'analytics are gone');
SELECT ok((SELECT candidate_name IS NULL AND candidate_email IS NULL AND deleted_at IS NULL AND status = 'completed'
  AND session_metadata #> '{consent,words}' IS NULL AND session_metadata #>> '{consent,given}' = 'true'
  AND session_metadata #>> '{contentDeleted,reason}' = 'retention'
  FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-000000000000'), 'the session row stays, anonymous, its consent outcome kept without the words');
SELECT is((SELECT candidate_name FROM public.voice_sessions WHERE id = '5b000000-0000-4000-8000-000000000000'), 'Linus', 'org B is untouched');

SELECT pg_temp.act_as('authenticated', 'a1000000-0000-4000-8000-000000000000');
SELECT is(public.voice_retention_apply('0a000000-0000-4000-8000-000000000000', 30) - 'archiveKeys',
  '{"sessions": 0, "transcripts": 0, "liveSegments": 0, "analytics": 0, "archiveObjects": 0}'::jsonb, 'a second run deletes nothing more');

-- Erasure: a fresh session of the same candidate, by e-mail (any case).
RESET ROLE;
INSERT INTO public.voice_sessions (id, org_id, interview_type, candidate_name, candidate_email, status, created_by) VALUES
  ('5c000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'technical', 'Grace H', 'grace@example.com', 'active', 'a2000000-0000-4000-8000-000000000000');
SELECT pg_temp.act_as('authenticated', 'a0000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.voice_erase_candidate('0a000000-0000-4000-8000-000000000000', 'GRACE@example.com') $$, 'PT409', NULL, 'a running session of the candidate is refused');
RESET ROLE;
UPDATE public.voice_sessions SET status = 'completed' WHERE id = '5c000000-0000-4000-8000-000000000000';
SELECT pg_temp.act_as('authenticated', 'a0000000-0000-4000-8000-000000000000');
SELECT is(public.voice_erase_candidate('0a000000-0000-4000-8000-000000000000', 'nobody@example.com') - 'archiveKeys',
  '{"sessions": 0, "transcripts": 0, "liveSegments": 0, "analytics": 0, "archiveObjects": 0}'::jsonb, 'an unknown e-mail erases nothing');
SELECT is((public.voice_erase_candidate('0a000000-0000-4000-8000-000000000000', 'GRACE@example.com')->>'sessions')::int, 1, 'the owner erases the candidate''s remaining session');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM public.voice_sessions WHERE org_id = '0a000000-0000-4000-8000-000000000000' AND candidate_email IS NOT NULL), 0, 'no session of org A keeps the e-mail');

-- The audit log.
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT is(public.voice_append_audit('[{"id": "ad000000-0000-4000-8000-000000000001", "org_id": "0a000000-0000-4000-8000-000000000000", "at": "2026-12-01T10:00:00Z", "actor_id": "a2000000-0000-4000-8000-000000000000", "action": "transcript.viewed", "target_type": "transcript", "target_id": "7a000000-0000-4000-8000-000000000000", "details": {}}]'::jsonb),
  '["ad000000-0000-4000-8000-000000000001"]'::jsonb, 'a member appends their own entry');
SELECT lives_ok($$ SELECT public.voice_append_audit('[{"id": "ad000000-0000-4000-8000-000000000001", "org_id": "0a000000-0000-4000-8000-000000000000", "at": "2026-12-01T10:00:00Z", "actor_id": "a2000000-0000-4000-8000-000000000000", "action": "transcript.viewed", "target_type": "transcript", "details": {}}]') $$, 'a resend is acknowledged');
SELECT throws_ok($$ SELECT public.voice_append_audit('[{"id": "ad000000-0000-4000-8000-000000000002", "org_id": "0a000000-0000-4000-8000-000000000000", "at": "2026-12-01T10:00:00Z", "actor_id": "a1000000-0000-4000-8000-000000000000", "action": "transcript.viewed", "target_type": "transcript", "details": {}}]') $$, '42501', NULL, 'nobody writes an entry in another''s name');
SELECT throws_ok($$ SELECT public.voice_append_audit('[{"id": "ad000000-0000-4000-8000-000000000003", "org_id": "0a000000-0000-4000-8000-000000000000", "at": "2026-12-01T10:00:00Z", "actor_id": "a2000000-0000-4000-8000-000000000000", "action": "transcript.copied", "target_type": "transcript", "details": {"text": ["Hello, my name is Grace and I live at 12 Main Street"]}}]') $$, '23514', NULL, 'details holding words (anything but short scalars) are refused');
SELECT throws_ok($$ UPDATE public.voice_audit_log SET action = 'retention.ran' $$, '42501', NULL, 'a member cannot update an entry');
SELECT throws_ok($$ DELETE FROM public.voice_audit_log $$, '42501', NULL, 'nor delete one');
RESET ROLE;
SELECT pg_temp.act_as('authenticated', 'a1000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ DELETE FROM public.voice_audit_log $$, '42501', NULL, 'an admin cannot delete one either');
RESET ROLE;
SELECT throws_ok($$ UPDATE public.voice_audit_log SET action = 'retention.ran' $$, '42501', NULL, 'not even the table owner');
SELECT pg_temp.act_as('service_role', NULL);
SELECT lives_ok($$ DELETE FROM public.voice_audit_log WHERE id = 'ad000000-0000-4000-8000-000000000001' $$, 'the service role may delete');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
