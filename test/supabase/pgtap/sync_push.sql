-- sync_push: idempotent per op id (ledger), one savepoint per op, runs as the caller (RLS),
-- answers applied | conflict | rejected with the SQLSTATE and the row as the caller sees it.
BEGIN;
\ir fixtures.sql
SELECT plan(24);

CREATE FUNCTION pg_temp.op(p_op_id text, p_table text, p_kind text, p_id text, p_org text, p_fields jsonb, p_base jsonb DEFAULT '{}')
RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object('op_id', p_op_id, 'table', p_table, 'kind', p_kind, 'id', p_id, 'org_id', p_org, 'fields', p_fields, 'base', p_base)
$$;
CREATE TEMP TABLE answers (step text PRIMARY KEY, reply jsonb);
GRANT ALL ON answers TO authenticated;

SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');

-- A batch: a good insert, an op into another org, a bad column, then another good insert.
INSERT INTO answers SELECT 'batch', public.sync_push(jsonb_build_array(
  pg_temp.op('00000000-0000-4000-8000-000000000001', 'voice_sessions', 'insert', '5a000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000',
    '{"interview_type": "technical", "candidate_name": "Ada", "status": "pending", "session_metadata": {}, "created_at": "2026-01-02T03:04:05.678Z", "updated_at": "2026-01-02T03:04:05.678Z", "created_by": "a2000000-0000-4000-8000-000000000000"}'),
  pg_temp.op('00000000-0000-4000-8000-000000000002', 'voice_sessions', 'insert', '5b000000-0000-4000-8000-0000000000b1', '0b000000-0000-4000-8000-000000000000',
    '{"interview_type": "technical", "created_by": "a2000000-0000-4000-8000-000000000000"}'),
  pg_temp.op('00000000-0000-4000-8000-000000000003', 'voice_sessions', 'update', '5a000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000',
    '{"row_version": 99}', '{"row_version": 1}'),
  pg_temp.op('00000000-0000-4000-8000-000000000004', 'voice_configs', 'insert', 'ca000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000',
    '{"name": "Frontend", "interview_type": "technical", "config_json": {"bot_name": "Ada"}, "is_active": true, "version": 1, "created_by": "a2000000-0000-4000-8000-000000000000"}')
));
SELECT is((SELECT jsonb_path_query_array(reply, '$[*].outcome') FROM answers WHERE step = 'batch'),
  '["applied", "rejected", "rejected", "applied"]'::jsonb, 'each op answers on its own; a rejected op does not take the others with it');
SELECT is((SELECT reply->1->>'sqlstate' FROM answers WHERE step = 'batch'), '42501', 'an insert into another org is refused by RLS (42501)');
SELECT is((SELECT reply->2->>'sqlstate' FROM answers WHERE step = 'batch'), '42703', 'server-owned columns cannot be written (42703)');
SELECT is((SELECT reply->0->'row'->>'created_at' FROM answers WHERE step = 'batch'), '2026-01-02T03:04:05.678Z',
  'the answer carries the row in the desktop''s representation (ISO-8601, milliseconds)');
SELECT is((SELECT (reply->0->'row'->>'row_version')::int FROM answers WHERE step = 'batch'), 1, 'a new row is version 1');

-- The same op again (its acknowledgement was lost): answered from the ledger, not applied again.
INSERT INTO answers SELECT 'resend', public.sync_push(jsonb_build_array(
  pg_temp.op('00000000-0000-4000-8000-000000000001', 'voice_sessions', 'insert', '5a000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000',
    '{"interview_type": "technical", "candidate_name": "Ada", "created_by": "a2000000-0000-4000-8000-000000000000"}')));
SELECT is((SELECT reply->0->>'outcome' FROM answers WHERE step = 'resend'), 'applied', 'a resent op is answered as applied');
SELECT is((SELECT (reply->0->>'replayed')::boolean FROM answers WHERE step = 'resend'), true, '... from the ledger');
SELECT is((SELECT count(*)::int FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-0000000000a1'), 1, '... and the row exists once');
SELECT is((SELECT row_version::int FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-0000000000a1'), 1, '... unchanged');
SELECT is((SELECT count(*)::int FROM public.sync_op_ledger), 2, 'the ledger holds the applied ops only (rejected ones may be retried)');

-- Updates: a clean one, then one based on a stale value.
INSERT INTO answers SELECT 'update', public.sync_push(jsonb_build_array(
  pg_temp.op('00000000-0000-4000-8000-000000000005', 'voice_sessions', 'update', '5a000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000',
    '{"candidate_name": "Ada Lovelace"}', '{"candidate_name": "Ada"}')));
SELECT is((SELECT reply->0->>'outcome' FROM answers WHERE step = 'update'), 'applied', 'an update from the current value applies');
SELECT is((SELECT (reply->0->'row'->>'row_version')::int FROM answers WHERE step = 'update'), 2, '... and bumps the row version');
INSERT INTO answers SELECT 'stale', public.sync_push(jsonb_build_array(
  pg_temp.op('00000000-0000-4000-8000-000000000006', 'voice_sessions', 'update', '5a000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000',
    '{"candidate_name": "Countess", "candidate_email": "ada@example.com"}', '{"candidate_name": "Ada", "candidate_email": null}')));
SELECT is((SELECT reply->0->>'outcome' FROM answers WHERE step = 'stale'), 'conflict', 'an update based on a value someone changed meanwhile is a conflict');
SELECT is((SELECT reply->0->'conflicts' FROM answers WHERE step = 'stale'),
  '[{"field": "candidate_name", "mine": "Countess", "theirs": "Ada Lovelace"}]'::jsonb, '... naming the field, both values');
SELECT is((SELECT candidate_name || ' / ' || candidate_email FROM public.voice_sessions WHERE id = '5a000000-0000-4000-8000-0000000000a1'),
  'Ada Lovelace / ada@example.com', '... the earlier commit keeps the field; the op''s other fields merge');

-- Rows the caller cannot see, or cannot change.
INSERT INTO answers SELECT 'hidden', public.sync_push(jsonb_build_array(
  pg_temp.op('00000000-0000-4000-8000-000000000007', 'voice_sessions', 'update', '5b000000-0000-4000-8000-000000000000', '0b000000-0000-4000-8000-000000000000',
    '{"candidate_name": "x"}', '{"candidate_name": "Linus"}'),
  pg_temp.op('00000000-0000-4000-8000-000000000008', 'voice_sessions', 'update', '5a000000-0000-4000-8000-00000000ffff', '0a000000-0000-4000-8000-000000000000',
    '{"candidate_name": "x"}', '{"candidate_name": null}')));
SELECT is((SELECT reply->0->>'sqlstate' FROM answers WHERE step = 'hidden'), '42501', 'an update of a row RLS hides is rejected (42501), not a silent success');
SELECT is((SELECT reply->1->>'sqlstate' FROM answers WHERE step = 'hidden'), 'P0002', 'an update of a row that does not exist is rejected (P0002)');
RESET ROLE;
-- Make org A's sessions readable but not changeable, to show the zero-row UPDATE is caught.
ALTER POLICY voice_sessions_update_policy ON public.voice_sessions USING (false);
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
INSERT INTO answers SELECT 'readonly', public.sync_push(jsonb_build_array(
  pg_temp.op('00000000-0000-4000-8000-000000000009', 'voice_sessions', 'update', '5a000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000',
    '{"candidate_name": "y"}', '{"candidate_name": "Ada Lovelace"}')));
SELECT is((SELECT reply->0->>'sqlstate' FROM answers WHERE step = 'readonly'), '42501', 'an UPDATE that RLS filters to zero rows is reported as rejected');
SELECT is((SELECT reply->0->'row'->>'candidate_name' FROM answers WHERE step = 'readonly'), 'Ada Lovelace', '... with the server''s row');
RESET ROLE;
ALTER POLICY voice_sessions_update_policy ON public.voice_sessions USING (public.can_modify_org_data(org_id));
SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');

-- Deletes are soft and idempotent; a deleted row cannot be edited; its config name is free again.
INSERT INTO answers SELECT 'delete', public.sync_push(jsonb_build_array(
  pg_temp.op('00000000-0000-4000-8000-00000000000a', 'voice_configs', 'delete', 'ca000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000', '{}'),
  pg_temp.op('00000000-0000-4000-8000-00000000000b', 'voice_configs', 'delete', 'ca000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000', '{}'),
  pg_temp.op('00000000-0000-4000-8000-00000000000c', 'voice_configs', 'update', 'ca000000-0000-4000-8000-0000000000a1', '0a000000-0000-4000-8000-000000000000',
    '{"description": "late edit"}', '{"description": null}'),
  pg_temp.op('00000000-0000-4000-8000-00000000000d', 'voice_configs', 'insert', 'ca000000-0000-4000-8000-0000000000a2', '0a000000-0000-4000-8000-000000000000',
    '{"name": "Frontend", "interview_type": "technical", "config_json": {}, "created_by": "a2000000-0000-4000-8000-000000000000"}'),
  pg_temp.op('00000000-0000-4000-8000-00000000000e', 'voice_configs', 'delete', 'ca000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', '{}')
));
SELECT is((SELECT jsonb_path_query_array(reply, '$[*].outcome') FROM answers WHERE step = 'delete'),
  '["applied", "applied", "rejected", "applied", "rejected"]'::jsonb, 'delete, delete again, edit after delete, reuse of the name, delete of a config in use');
SELECT isnt((SELECT reply->0->'row'->>'deleted_at' FROM answers WHERE step = 'delete'), NULL, 'the delete answers with the tombstone');
SELECT is((SELECT reply->2->>'sqlstate' FROM answers WHERE step = 'delete'), 'P0002', 'editing a deleted row is refused (P0002)');
SELECT is((SELECT reply->4->>'sqlstate' FROM answers WHERE step = 'delete'), '23503', 'a config used by live sessions cannot be deleted (23503)');
SELECT is((SELECT count(*)::int FROM public.voice_configs WHERE name = 'Frontend' AND deleted_at IS NULL), 1, 'one live config holds the name');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
