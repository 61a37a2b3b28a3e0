-- ========================================
-- Voice Module - the retention policy on the team project (issue 13)
--   * voice_retention_policies: one row per team org, so every admin's desktop sees the same
--     policy and any of them runs it. Members read it (invitations say how long content is kept);
--     only service_role writes or deletes rows directly.
--   * Changes go through RPCs that check the caller's role, rather than through RLS insert/update
--     policies, because a change is more than a row write: it resets the preview when `days`
--     changes, stamps who changed it from the verified token (a direct UPDATE could name anyone),
--     and writes the `retention.changed` audit row in the same transaction; and a run needs an
--     atomic claim so two desktops never both run the same day. RLS alone cannot express these.
--   * voice_retention_policy_get: the policy (members);
--   * voice_retention_policy_set: change `days` (owners/admins), audited; answers the policy and
--     the days it replaced;
--   * voice_retention_policy_preview: the dry run of 010 at `days`, recorded as the preview of
--     that setting (owners/admins); no run happens for a policy not previewed at its current days;
--   * voice_retention_begin_run / voice_retention_record_run: claim a run (a scheduled claim is
--     refused while a run within the last 24 h, or one begun within the last hour, exists) and
--     record its outcome for every desktop to see.
-- Audit: the desktop already sends its audit entries to voice_audit_log (voice_append_audit,
-- idempotent per id). The set RPC writes the entry itself (so a change made straight at PostgREST
-- is audited too) under the id the desktop passes; the desktop keeps its own copy under the same
-- id, already acknowledged, so the change is never logged twice.
-- ========================================

CREATE TABLE public.voice_retention_policies (
    org_id UUID PRIMARY KEY REFERENCES public.org(id) ON DELETE CASCADE,
    -- Keep interview content this many days after a session ends; NULL = keep (the default).
    days INTEGER CHECK (days IS NULL OR days BETWEEN 1 AND 3650),
    -- NULL until someone sets it (a preview may come first).
    updated_at TIMESTAMPTZ,
    updated_by UUID,
    updated_by_email TEXT CHECK (updated_by_email IS NULL OR char_length(updated_by_email) <= 255),
    -- The last preview: a run needs one made at the current `days`.
    previewed_days INTEGER CHECK (previewed_days IS NULL OR previewed_days BETWEEN 1 AND 3650),
    previewed_at TIMESTAMPTZ,
    previewed_by UUID,
    last_run_at TIMESTAMPTZ,
    -- The run's outcome per store (contracts/candidate-rights.ts RetentionRun): counts and states only.
    last_run JSONB CHECK (last_run IS NULL OR (jsonb_typeof(last_run) = 'object' AND octet_length(last_run::text) <= 8192)),
    run_started_at TIMESTAMPTZ,
    run_started_by UUID
);
COMMENT ON TABLE public.voice_retention_policies IS
    'Each team org''s retention policy, its last preview and its last run; changed only through the voice_retention_* RPCs';

ALTER TABLE public.voice_retention_policies ENABLE ROW LEVEL SECURITY;
CREATE POLICY "voice_retention_policies_members_read" ON public.voice_retention_policies
    FOR SELECT TO authenticated USING (org_id IN (SELECT public.accessible_org_ids()));
-- No insert/update/delete policy and no such privilege: writes are the RPCs' (SECURITY DEFINER).
REVOKE ALL ON public.voice_retention_policies FROM PUBLIC, anon, authenticated;
GRANT SELECT ON public.voice_retention_policies TO authenticated;
GRANT ALL ON public.voice_retention_policies TO service_role;

-- The policy as the desktops read it (timestamps as their cache writes them).
CREATE OR REPLACE FUNCTION public.voice_retention_policy_json(p_org_id UUID, r public.voice_retention_policies)
RETURNS JSONB
LANGUAGE sql STABLE
SET search_path = ''
AS $$
    SELECT jsonb_build_object(
        'orgId', p_org_id, 'days', r.days,
        'updatedAt', public.sync_ts(r.updated_at), 'updatedBy', r.updated_by, 'updatedByEmail', r.updated_by_email,
        'previewedDays', r.previewed_days, 'previewedAt', public.sync_ts(r.previewed_at),
        'lastRunAt', public.sync_ts(r.last_run_at), 'lastRun', r.last_run)
$$;
REVOKE ALL ON FUNCTION public.voice_retention_policy_json(UUID, public.voice_retention_policies) FROM PUBLIC, anon, authenticated;

CREATE OR REPLACE FUNCTION public.voice_retention_check_admin(p_org_id UUID)
RETURNS VOID
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
    IF NOT public.can_admin_org(p_org_id) THEN
        RAISE EXCEPTION 'only org owners and admins change or run the retention policy' USING ERRCODE = '42501';
    END IF;
END;
$$;
REVOKE ALL ON FUNCTION public.voice_retention_check_admin(UUID) FROM PUBLIC, anon, authenticated;

CREATE OR REPLACE FUNCTION public.voice_retention_check_days(p_days INTEGER, p_nullable BOOLEAN)
RETURNS VOID
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
BEGIN
    IF (p_days IS NULL AND NOT p_nullable) OR p_days < 1 OR p_days > 3650 THEN
        RAISE EXCEPTION 'retention must be 1 to 3650 days (got %)', coalesce(p_days::text, 'none') USING ERRCODE = '22023';
    END IF;
END;
$$;
REVOKE ALL ON FUNCTION public.voice_retention_check_days(INTEGER, BOOLEAN) FROM PUBLIC, anon, authenticated;

-- Any member: the policy (retention off when no admin has set one).
CREATE OR REPLACE FUNCTION public.voice_retention_policy_get(p_org_id UUID)
RETURNS JSONB
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_row public.voice_retention_policies;
BEGIN
    IF NOT public.can_access_org_data(p_org_id) THEN
        RAISE EXCEPTION 'not a member of this org' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO v_row FROM public.voice_retention_policies WHERE org_id = p_org_id;
    RETURN public.voice_retention_policy_json(p_org_id, v_row);
END;
$$;

-- Owners/admins: keep content `p_days` days (NULL: retention off). A preview of the new days made
-- within the last hour (the console previews, then saves) carries over; any other change of days
-- needs a new preview before the next run.
CREATE OR REPLACE FUNCTION public.voice_retention_policy_set(p_org_id UUID, p_days INTEGER, p_audit_id UUID DEFAULT NULL)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_old public.voice_retention_policies;
    v_keep_preview BOOLEAN;
    v_row public.voice_retention_policies;
    v_email TEXT;
    v_at TIMESTAMPTZ := date_trunc('milliseconds', now());
BEGIN
    PERFORM public.voice_retention_check_admin(p_org_id);
    PERFORM public.voice_retention_check_days(p_days, true);
    SELECT u.email INTO v_email FROM auth.users u WHERE u.id = auth.uid();
    SELECT * INTO v_old FROM public.voice_retention_policies p WHERE p.org_id = p_org_id FOR UPDATE;
    v_keep_preview := v_old.days IS NOT DISTINCT FROM p_days
        OR (v_old.previewed_days = p_days AND v_old.previewed_at > v_at - INTERVAL '1 hour');

    INSERT INTO public.voice_retention_policies AS p (org_id, days, updated_at, updated_by, updated_by_email)
    VALUES (p_org_id, p_days, v_at, auth.uid(), v_email)
    ON CONFLICT (org_id) DO UPDATE SET
        days = excluded.days, updated_at = excluded.updated_at, updated_by = excluded.updated_by, updated_by_email = excluded.updated_by_email,
        previewed_days = CASE WHEN v_keep_preview THEN p.previewed_days END,
        previewed_at = CASE WHEN v_keep_preview THEN p.previewed_at END
    RETURNING * INTO v_row;

    INSERT INTO public.voice_audit_log (id, org_id, at, actor_id, actor_email, action, target_type, target_id, details)
    VALUES (coalesce(p_audit_id, gen_random_uuid()), p_org_id, v_at, auth.uid(), v_email, 'retention.changed', 'org', p_org_id,
            jsonb_build_object('fromDays', v_old.days, 'toDays', p_days));
    RETURN public.voice_retention_policy_json(p_org_id, v_row) || jsonb_build_object('fromDays', v_old.days);
END;
$$;

-- Owners/admins: what a run at `p_days` would delete now (010's dry run), recorded as the preview
-- of that setting. Answers the counts and keys, and the policy as it now is.
CREATE OR REPLACE FUNCTION public.voice_retention_policy_preview(p_org_id UUID, p_days INTEGER)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_counts JSONB;
    v_row public.voice_retention_policies;
BEGIN
    PERFORM public.voice_retention_check_admin(p_org_id);
    PERFORM public.voice_retention_check_days(p_days, false);
    v_counts := public.voice_retention_apply(p_org_id, p_days, true);
    INSERT INTO public.voice_retention_policies AS p (org_id, previewed_days, previewed_at, previewed_by)
    VALUES (p_org_id, p_days, date_trunc('milliseconds', now()), auth.uid())
    ON CONFLICT (org_id) DO UPDATE SET previewed_days = excluded.previewed_days, previewed_at = excluded.previewed_at, previewed_by = excluded.previewed_by
    RETURNING * INTO v_row;
    RETURN v_counts || jsonb_build_object('policy', public.voice_retention_policy_json(p_org_id, v_row));
END;
$$;

-- Owners/admins: claim a run. Refused (PT409) when retention is off or not previewed at its
-- current days. A scheduled claim (p_scheduled) answers run = false while the project has a run
-- from the last 24 hours or one begun in the last hour: another desktop has it. Answers who runs
-- it (the caller, for the audit entry) and the policy.
CREATE OR REPLACE FUNCTION public.voice_retention_begin_run(p_org_id UUID, p_scheduled BOOLEAN DEFAULT false)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_row public.voice_retention_policies;
    v_email TEXT;
    v_now TIMESTAMPTZ := date_trunc('milliseconds', now());
BEGIN
    PERFORM public.voice_retention_check_admin(p_org_id);
    SELECT * INTO v_row FROM public.voice_retention_policies WHERE org_id = p_org_id FOR UPDATE;
    IF v_row.days IS NULL THEN
        RAISE EXCEPTION 'retention is off for this org' USING ERRCODE = 'PT409';
    END IF;
    IF v_row.previewed_days IS DISTINCT FROM v_row.days THEN
        RAISE EXCEPTION 'Preview what would be deleted first: retention has not been previewed at % days', v_row.days USING ERRCODE = 'PT409';
    END IF;
    IF coalesce(p_scheduled, false) AND (v_row.last_run_at > v_now - INTERVAL '24 hours' OR v_row.run_started_at > v_now - INTERVAL '1 hour') THEN
        RETURN jsonb_build_object('run', false, 'policy', public.voice_retention_policy_json(p_org_id, v_row));
    END IF;
    UPDATE public.voice_retention_policies SET run_started_at = v_now, run_started_by = auth.uid() WHERE org_id = p_org_id
    RETURNING * INTO v_row;
    SELECT u.email INTO v_email FROM auth.users u WHERE u.id = auth.uid();
    RETURN jsonb_build_object('run', true, 'actorId', auth.uid(), 'actorEmail', v_email,
        'policy', public.voice_retention_policy_json(p_org_id, v_row));
END;
$$;

-- Owners/admins: a run's outcome, for every desktop (and the next scheduled claim) to see.
CREATE OR REPLACE FUNCTION public.voice_retention_record_run(p_org_id UUID, p_run JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_row public.voice_retention_policies;
BEGIN
    PERFORM public.voice_retention_check_admin(p_org_id);
    IF jsonb_typeof(p_run) IS DISTINCT FROM 'object' OR jsonb_typeof(p_run->'stores') IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'p_run must be a retention run object with its stores' USING ERRCODE = '22023';
    END IF;
    UPDATE public.voice_retention_policies
    SET last_run_at = date_trunc('milliseconds', now()), last_run = p_run, run_started_at = NULL, run_started_by = NULL
    WHERE org_id = p_org_id
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'retention is off for this org' USING ERRCODE = 'PT409';
    END IF;
    RETURN public.voice_retention_policy_json(p_org_id, v_row);
END;
$$;

REVOKE ALL ON FUNCTION public.voice_retention_policy_get(UUID), public.voice_retention_policy_set(UUID, INTEGER, UUID),
    public.voice_retention_policy_preview(UUID, INTEGER), public.voice_retention_begin_run(UUID, BOOLEAN),
    public.voice_retention_record_run(UUID, JSONB) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.voice_retention_policy_get(UUID), public.voice_retention_policy_set(UUID, INTEGER, UUID),
    public.voice_retention_policy_preview(UUID, INTEGER), public.voice_retention_begin_run(UUID, BOOLEAN),
    public.voice_retention_record_run(UUID, JSONB) TO authenticated, service_role;
