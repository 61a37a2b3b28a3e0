-- ========================================
-- Voice Module - Candidates' rights (issue 13)
--   * voice_rights_scrub: deletes a set of sessions' content (live segments, transcript words,
--     analytics, the candidate's name, e-mail and consent words); the session rows stay as
--     anonymous statistics. Transcripts and analytics are also soft-deleted, so every desktop
--     drops its copy at its next pull. Internal: reached only through the two RPCs below;
--   * voice_retention_apply: an org admin's retention run (or its dry run: counts only);
--   * voice_erase_candidate: an org admin's erasure of one candidate (by e-mail and/or sessions);
--   * voice_audit_log: append-only. Members append their own entries; admins read them; no role
--     but service_role may update or delete one (privileges and a trigger both say so).
-- Both RPCs answer the S3 keys the content may occupy, for the desktop to remove from the bucket.
-- ========================================

-- ---------- content deletion ----------
CREATE OR REPLACE FUNCTION public.voice_rights_scrub(p_org_id UUID, p_session_ids UUID[], p_reason TEXT, p_dry_run BOOLEAN)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_ids UUID[];
    v_keys TEXT[];
    v_sessions INTEGER;
    v_transcripts INTEGER;
    v_segments INTEGER;
    v_analytics INTEGER;
    v_objects INTEGER;
    v_at TIMESTAMPTZ := date_trunc('milliseconds', now());
BEGIN
    -- Only sessions of this org that still hold content are touched: a repeat changes nothing.
    SELECT coalesce(array_agg(s.id ORDER BY s.id), '{}') INTO v_ids
    FROM public.voice_sessions s
    WHERE s.org_id = p_org_id AND s.id = ANY (p_session_ids)
      AND (s.candidate_name IS NOT NULL OR s.candidate_email IS NOT NULL OR s.session_metadata #> '{consent,words}' IS NOT NULL
           OR EXISTS (SELECT 1 FROM public.voice_live_segments l WHERE l.session_id = s.id)
           OR EXISTS (SELECT 1 FROM public.voice_transcripts t WHERE t.session_id = s.id AND t.deleted_at IS NULL)
           OR EXISTS (SELECT 1 FROM public.voice_transcripts t WHERE t.session_id = s.id AND coalesce(t.transcript_text, '') <> '')
           OR EXISTS (SELECT 1 FROM public.voice_analytics a WHERE a.session_id = s.id AND a.deleted_at IS NULL));
    v_sessions := cardinality(v_ids);

    SELECT count(*) INTO v_segments FROM public.voice_live_segments WHERE session_id = ANY (v_ids);
    SELECT count(*) INTO v_transcripts FROM public.voice_transcripts t
        WHERE t.session_id = ANY (v_ids) AND (t.deleted_at IS NULL OR coalesce(t.transcript_text, '') <> '');
    SELECT count(*) INTO v_analytics FROM public.voice_analytics a WHERE a.session_id = ANY (v_ids) AND a.deleted_at IS NULL;
    SELECT count(*) INTO v_objects FROM public.voice_transcripts t WHERE t.session_id = ANY (v_ids) AND t.transcript_s3_url IS NOT NULL;
    -- The archived copy (where the transcript row says, or where the archive would have put it)
    -- and the bot's fallback file.
    SELECT coalesce(array_agg(DISTINCT k), '{}') INTO v_keys FROM (
        SELECT CASE WHEN t.transcript_s3_url ~ '^s3://[^/]+/.+'
                    THEN regexp_replace(t.transcript_s3_url, '^s3://[^/]+/', '')
                    ELSE 'transcripts/' || t.org_id || '/' || to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY/MM/DD') || '/' || t.session_id || '.json'
               END AS k
        FROM public.voice_transcripts t WHERE t.session_id = ANY (v_ids)
        UNION ALL
        SELECT 'transcripts/' || p_org_id || '/undelivered/' || id || '.json' FROM unnest(v_ids) AS id
    ) keys;

    IF NOT p_dry_run THEN
        DELETE FROM public.voice_live_segments WHERE session_id = ANY (v_ids);
        UPDATE public.voice_analytics
        SET overall_score = NULL, category_scores = '{}', strengths = '{}', weaknesses = '{}', recommendations = '{}',
            key_moments = '[]', detailed_analysis = '{}', deleted_at = coalesce(deleted_at, v_at)
        WHERE session_id = ANY (v_ids);
        UPDATE public.voice_transcripts
        SET transcript_text = '', speaker_segments = '[]', summary = NULL, candidate_name = NULL, transcript_s3_url = NULL,
            metadata = '{}', word_count = 0, deleted_at = coalesce(deleted_at, v_at)
        WHERE session_id = ANY (v_ids);
        UPDATE public.voice_sessions
        SET candidate_name = NULL, candidate_email = NULL,
            session_metadata = (session_metadata #- '{consent,words}')
                || jsonb_build_object('contentDeleted', jsonb_build_object('at', public.sync_ts(v_at), 'reason', p_reason))
        WHERE id = ANY (v_ids);
    END IF;

    RETURN jsonb_build_object(
        'sessions', v_sessions, 'transcripts', v_transcripts, 'liveSegments', v_segments,
        'analytics', v_analytics, 'archiveObjects', v_objects, 'archiveKeys', to_jsonb(v_keys));
END;
$$;
REVOKE ALL ON FUNCTION public.voice_rights_scrub(UUID, UUID[], TEXT, BOOLEAN) FROM PUBLIC, anon, authenticated;

-- Retention: content of ended sessions older than p_days (since they ended). Org admins only.
CREATE OR REPLACE FUNCTION public.voice_retention_apply(p_org_id UUID, p_days INTEGER, p_dry_run BOOLEAN DEFAULT false)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_ids UUID[];
BEGIN
    IF NOT public.can_admin_org(p_org_id) THEN
        RAISE EXCEPTION 'only org owners and admins apply retention' USING ERRCODE = '42501';
    END IF;
    IF p_days IS NULL OR p_days < 1 OR p_days > 3650 THEN
        RAISE EXCEPTION 'retention must be 1 to 3650 days (got %)', p_days USING ERRCODE = '22023';
    END IF;
    SELECT coalesce(array_agg(s.id), '{}') INTO v_ids FROM public.voice_sessions s
    WHERE s.org_id = p_org_id AND s.status IN ('completed', 'failed', 'cancelled')
      AND coalesce(s.completed_at, s.updated_at) < now() - make_interval(days => p_days);
    RETURN public.voice_rights_scrub(p_org_id, v_ids, 'retention', coalesce(p_dry_run, false));
END;
$$;

-- Erasure on request: every session of the org with this e-mail (case-insensitive), plus any
-- sessions named. Org admins only. A session still running is refused (its bot is writing).
CREATE OR REPLACE FUNCTION public.voice_erase_candidate(p_org_id UUID, p_email TEXT, p_session_ids UUID[] DEFAULT '{}')
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_ids UUID[];
BEGIN
    IF NOT public.can_admin_org(p_org_id) THEN
        RAISE EXCEPTION 'only org owners and admins erase candidate data' USING ERRCODE = '42501';
    END IF;
    SELECT coalesce(array_agg(s.id), '{}') INTO v_ids FROM public.voice_sessions s
    WHERE s.org_id = p_org_id
      AND ((p_email IS NOT NULL AND lower(s.candidate_email) = lower(btrim(p_email))) OR s.id = ANY (coalesce(p_session_ids, '{}')));
    IF EXISTS (SELECT 1 FROM public.voice_sessions s WHERE s.id = ANY (v_ids) AND s.status IN ('ready', 'active') AND s.deleted_at IS NULL) THEN
        RAISE EXCEPTION 'a session of this candidate is still running; end it first' USING ERRCODE = 'PT409';
    END IF;
    RETURN public.voice_rights_scrub(p_org_id, v_ids, 'erasure', false);
END;
$$;
REVOKE ALL ON FUNCTION public.voice_retention_apply(UUID, INTEGER, BOOLEAN), public.voice_erase_candidate(UUID, TEXT, UUID[]) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.voice_retention_apply(UUID, INTEGER, BOOLEAN), public.voice_erase_candidate(UUID, TEXT, UUID[]) TO authenticated, service_role;

-- ---------- the audit log ----------
CREATE OR REPLACE FUNCTION public.voice_audit_details_ok(p JSONB)
RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$
    -- Ids, counts and options only: scalar values, short strings. Transcript words do not fit.
    SELECT jsonb_typeof(p) = 'object' AND NOT EXISTS (
        SELECT 1 FROM jsonb_each(p) e
        WHERE jsonb_typeof(e.value) NOT IN ('string', 'number', 'boolean', 'null')
           OR (jsonb_typeof(e.value) = 'string' AND char_length(e.value #>> '{}') > 128)
    )
$$;

-- No foreign key to org: deleting an org must not need to delete its audit trail.
CREATE TABLE public.voice_audit_log (
    id UUID PRIMARY KEY,
    org_id UUID NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    actor_id UUID NOT NULL,
    actor_email TEXT CHECK (actor_email IS NULL OR char_length(actor_email) <= 255),
    action TEXT NOT NULL CHECK (action IN ('transcript.viewed', 'transcript.exported', 'transcript.copied', 'report.exported',
        'transcript.deleted', 'session.deleted', 'candidate.erased', 'retention.changed', 'retention.ran', 'consent.changed')),
    target_type TEXT NOT NULL CHECK (target_type IN ('session', 'transcript', 'org', 'config', 'erasure')),
    target_id UUID,
    details JSONB NOT NULL DEFAULT '{}' CHECK (public.voice_audit_details_ok(details)),
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_voice_audit_log_org_at ON public.voice_audit_log (org_id, at DESC);
COMMENT ON TABLE public.voice_audit_log IS
    'Who viewed, exported, deleted or erased candidates'' data, or changed retention/consent settings; append-only';

ALTER TABLE public.voice_audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY "voice_audit_log_admins_read" ON public.voice_audit_log
    FOR SELECT TO authenticated USING (org_id IN (SELECT public.administered_org_ids()));
CREATE POLICY "voice_audit_log_members_append" ON public.voice_audit_log
    FOR INSERT TO authenticated WITH CHECK (actor_id = auth.uid() AND public.can_access_org_data(org_id));
REVOKE ALL ON public.voice_audit_log FROM PUBLIC, anon, authenticated;
GRANT SELECT, INSERT ON public.voice_audit_log TO authenticated;
GRANT ALL ON public.voice_audit_log TO service_role;

-- Belt and braces: even a role granted UPDATE or DELETE later (or the owner) is refused.
CREATE OR REPLACE FUNCTION public.voice_audit_log_append_only()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    IF current_user <> 'service_role' THEN
        RAISE EXCEPTION 'the audit log is append-only (% by %)', TG_OP, current_user USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER voice_audit_log_append_only BEFORE UPDATE OR DELETE ON public.voice_audit_log
    FOR EACH ROW EXECUTE FUNCTION public.voice_audit_log_append_only();
CREATE TRIGGER voice_audit_log_no_truncate BEFORE TRUNCATE ON public.voice_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION public.voice_audit_log_append_only();

-- A desktop's batch of entries; a resent entry is acknowledged without a second row. SECURITY
-- DEFINER because a member may not read the log (so ON CONFLICT cannot see the row under RLS): it
-- checks the rules itself, the same as the insert policy: every entry is the caller's own, in one
-- of the caller's orgs. Answers the ids now stored (all of the batch, or an error for the whole batch).
CREATE OR REPLACE FUNCTION public.voice_append_audit(p_entries JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF jsonb_typeof(p_entries) IS DISTINCT FROM 'array' OR jsonb_array_length(p_entries) > 500 THEN
        RAISE EXCEPTION 'p_entries must be an array of at most 500 entries' USING ERRCODE = '22023';
    END IF;
    IF auth.uid() IS NULL OR EXISTS (
        SELECT 1 FROM jsonb_array_elements(p_entries) e
        WHERE (e->>'actor_id')::uuid IS DISTINCT FROM auth.uid() OR NOT public.can_access_org_data((e->>'org_id')::uuid)
    ) THEN
        RAISE EXCEPTION 'audit entries are appended by their own actor, in their own org' USING ERRCODE = '42501';
    END IF;
    INSERT INTO public.voice_audit_log (id, org_id, at, actor_id, actor_email, action, target_type, target_id, details)
    SELECT e.id, e.org_id, e.at, e.actor_id, e.actor_email, e.action, e.target_type, e.target_id, coalesce(e.details, '{}')
    FROM jsonb_to_recordset(p_entries) AS e(id UUID, org_id UUID, at TIMESTAMPTZ, actor_id UUID, actor_email TEXT,
                                             action TEXT, target_type TEXT, target_id UUID, details JSONB)
    ON CONFLICT (id) DO NOTHING;
    RETURN (SELECT coalesce(jsonb_agg(e->'id'), '[]') FROM jsonb_array_elements(p_entries) e);
END;
$$;
REVOKE ALL ON FUNCTION public.voice_append_audit(JSONB) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.voice_append_audit(JSONB) TO authenticated;
