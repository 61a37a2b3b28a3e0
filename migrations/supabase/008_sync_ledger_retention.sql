-- 008: retention for the sync op ledger.
--
-- The ledger (007) answers a resent op instead of applying it twice. A desktop resends an op only
-- while it has no answer for it, that is until it next reaches the project, so entries older than
-- the longest time a desktop stays offline carry nothing. Kept 90 days by default. An op resent after
-- its entry is gone still does no harm: an update meets the per-field base check (conflict, nothing
-- overwritten), a delete is idempotent, and an insert is refused as a duplicate (23505) and parked
-- under "Needs attention" on that desktop, where the user sees the row already exists.

CREATE OR REPLACE FUNCTION public.sync_prune_op_ledger(p_keep INTERVAL DEFAULT INTERVAL '90 days')
RETURNS BIGINT
LANGUAGE plpgsql
-- As the caller: only the service role may run it, and it bypasses RLS on the ledger.
SECURITY INVOKER
SET search_path = ''
AS $$
DECLARE
    v_deleted BIGINT;
BEGIN
    -- Shorter than a working week offline would turn ordinary resends into duplicates.
    IF p_keep IS NULL OR p_keep < INTERVAL '7 days' THEN
        RAISE EXCEPTION 'keep at least 7 days of the sync op ledger (asked for %)', p_keep USING ERRCODE = '22023';
    END IF;
    DELETE FROM public.sync_op_ledger WHERE applied_at < now() - p_keep;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    RETURN v_deleted;
END;
$$;
REVOKE ALL ON FUNCTION public.sync_prune_op_ledger(INTERVAL) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION public.sync_prune_op_ledger(INTERVAL) TO service_role;
COMMENT ON FUNCTION public.sync_prune_op_ledger(INTERVAL) IS
    'Deletes sync op ledger entries older than p_keep (at least 7 days); returns how many. Scheduled daily where pg_cron exists.';

-- Supabase projects have pg_cron: prune nightly there. Elsewhere, call the function from any job
-- runner with the service role.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('sync-prune-op-ledger', '17 3 * * *', 'SELECT public.sync_prune_op_ledger()');
    END IF;
END;
$$;
