-- sync_prune_op_ledger: drops only entries past the retention, refuses a retention that would turn
-- ordinary resends into duplicates, and is for the service role only.
BEGIN;
\ir fixtures.sql
SELECT plan(7);

INSERT INTO public.sync_op_ledger (op_id, user_id, org_id, table_name, row_id, outcome, result, applied_at) VALUES
  ('0e000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'voice_sessions', gen_random_uuid(), 'applied', '{}', now() - INTERVAL '200 days'),
  ('0e000000-0000-4000-8000-000000000002', 'a2000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'voice_sessions', gen_random_uuid(), 'applied', '{}', now() - INTERVAL '91 days'),
  ('0e000000-0000-4000-8000-000000000003', 'a2000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'voice_sessions', gen_random_uuid(), 'conflict', '{}', now() - INTERVAL '89 days'),
  ('0e000000-0000-4000-8000-000000000004', 'a2000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'voice_sessions', gen_random_uuid(), 'applied', '{}', now());

SELECT pg_temp.act_as('authenticated', 'a2000000-0000-4000-8000-000000000000');
SELECT throws_ok($$ SELECT public.sync_prune_op_ledger() $$, '42501', NULL, 'a signed-in member cannot prune the ledger');
RESET ROLE;
SELECT pg_temp.act_as('anon', NULL);
SELECT throws_ok($$ SELECT public.sync_prune_op_ledger() $$, '42501', NULL, 'nor can anon');
RESET ROLE;

SELECT pg_temp.act_as('service_role', NULL);
SELECT throws_ok($$ SELECT public.sync_prune_op_ledger(INTERVAL '1 day') $$, '22023', NULL, 'a retention under 7 days is refused');
SELECT is(public.sync_prune_op_ledger(), 2::bigint, 'the default keeps 90 days: two older entries go');
SELECT is(public.sync_prune_op_ledger(), 0::bigint, 'pruning again finds nothing more');
RESET ROLE;
SELECT is((SELECT array_agg(op_id::text ORDER BY op_id) FROM public.sync_op_ledger WHERE op_id::text LIKE '0e000000%'),
  ARRAY['0e000000-0000-4000-8000-000000000003', '0e000000-0000-4000-8000-000000000004'], 'entries inside the retention stay');
SELECT is((SELECT count(*)::int FROM public.sync_op_ledger WHERE op_id::text LIKE '0e000000%'), 2, 'and nothing else was touched');

SELECT * FROM finish();
ROLLBACK;
