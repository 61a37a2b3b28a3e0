-- The migrations' result: the seed's tables and what they assumed, RLS on every table an API role
-- can reach, the ordering fix, sync columns and indexes, and RPCs that run as their caller.
BEGIN;
SELECT plan(24);

SELECT has_table('public', t, t || ' exists') FROM unnest(ARRAY['org', 'org_members', 'voice_sessions', 'voice_transcripts',
  'voice_configs', 'voice_credentials', 'voice_analytics', 'sync_op_ledger',
  'voice_bot_credentials', 'voice_live_segments', 'voice_session_leases']) AS t;
SELECT is(
  (SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity),
  NULL, 'every public table has row level security enabled');
SELECT enum_has_labels('public', 'org_role', ARRAY['org_owner', 'org_admin', 'org_user'], 'org_role has the app''s three roles');
SELECT fk_ok('public', 'voice_sessions', 'config_id', 'public', 'voice_configs', 'id', 'voice_sessions.config_id references voice_configs (added once it exists)');
SELECT hasnt_column('public', 'voice_credentials', 'credentials_secret_arn', 'credentials keep no secret reference');
SELECT col_type_is('public', 'voice_sessions', 'sync_txid', 'xid8', 'rows carry the writing transaction id');
SELECT has_index('public', 'voice_sessions', 'idx_voice_sessions_sync', ARRAY['org_id', 'sync_txid', 'id'], 'pulls page by (org, txid, id)');
SELECT is(
  (SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public' AND p.prosecdef AND p.proname NOT IN (
     'can_access_org_data', 'can_modify_org_data', 'can_admin_org', 'org_add_creator_as_owner',
     'accessible_org_ids', 'administered_org_ids',
     'sync_guard_parents', 'sync_after_soft_delete',
     -- 009: the bot has no user and checks its credential itself; the members' RPCs check the org
     -- themselves; the status trigger revokes credentials and broadcasts for any writer.
     'voice_bot_report_status', 'voice_bot_append_segments', 'voice_bot_report_state',
     'voice_issue_bot_credential', 'voice_import_bot_transcript', 'voice_take_lease', 'voice_finish_lease',
     'voice_sessions_after_status',
     -- 010: retention and erasure check the caller is an org admin themselves; the scrub is theirs
     -- only; the audit append checks each entry is the caller's own, in the caller's org.
     'voice_retention_apply', 'voice_erase_candidate', 'voice_rights_scrub', 'voice_append_audit',
     -- 011: the bot's consent outcome, authorized by its credential like its other reports.
     'voice_bot_report_consent',
     -- 012: the bot's quality figures, the same way.
     'voice_bot_report_quality',
     -- 013: the retention policy's RPCs check the caller's role in the org themselves.
     'voice_retention_policy_get', 'voice_retention_policy_set', 'voice_retention_policy_preview',
     'voice_retention_begin_run', 'voice_retention_record_run',
     -- 014: a member's import of the figures and consent in a bot's fallback file (it checks the org).
     'voice_import_bot_outcome') AND p.proname NOT LIKE 'sync\_exists\_%'),
  NULL, 'no RPC runs with its owner''s rights except the vetted helpers');
SELECT is(
  (SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public' AND p.prosecdef AND NOT coalesce(p.proconfig::text[] @> ARRAY['search_path=""'], false)),
  NULL, 'every SECURITY DEFINER function pins its search_path');
SELECT is(
  (SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind = 'v' AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false)
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')),  -- pgTAP's own views
  NULL, 'every view runs as the caller (security_invoker), so RLS applies through it');
SELECT function_returns('public', 'sync_push', ARRAY['jsonb'], 'jsonb', 'sync_push(jsonb) returns jsonb');
SELECT function_returns('public', 'sync_pull', ARRAY['jsonb', 'integer'], 'json', 'sync_pull(jsonb, integer) returns json (pages pass through as text)');
SELECT ok(NOT has_function_privilege('anon', 'public.sync_push(jsonb)', 'EXECUTE'), 'anon cannot execute sync_push');
SELECT ok(has_function_privilege('authenticated', 'public.sync_push(jsonb)', 'EXECUTE'), 'authenticated can execute sync_push');

SELECT * FROM finish();
ROLLBACK;
