-- ========================================
-- Voice Module - RPC Functions
-- Created: January 16, 2026
-- Changes from the seed: the seed made all three SECURITY DEFINER with no access check, so any
-- signed-in user (or anon) could read any org's sessions and stats and move any org's sessions.
-- Here they run as the caller (SECURITY INVOKER), so RLS decides what they see and change, and
-- search_path is pinned. update_voice_session_status records the caller (auth.uid()), never an id
-- the caller passes in: p_user_id stays for the seed's signature and is honoured only for the
-- service role (which has no auth.uid()). A completed session also gets its duration.
-- ========================================

-- Function: Get session with related data
CREATE OR REPLACE FUNCTION public.get_voice_session_details(p_session_id UUID)
RETURNS JSONB
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $$
DECLARE
    v_result JSONB;
BEGIN
    SELECT jsonb_build_object(
        'session', row_to_json(s),
        'config', row_to_json(c),
        'transcript', row_to_json(t),
        'analytics', row_to_json(a)
    )
    INTO v_result
    FROM public.voice_sessions s
    LEFT JOIN public.voice_configs c ON s.config_id = c.id
    LEFT JOIN public.voice_transcripts t ON t.session_id = s.id
    LEFT JOIN public.voice_analytics a ON a.session_id = s.id
    WHERE s.id = p_session_id;

    RETURN v_result;
END;
$$;

-- Function: Get org voice statistics
CREATE OR REPLACE FUNCTION public.get_org_voice_stats(p_org_id UUID)
RETURNS JSONB
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $$
DECLARE
    v_result JSONB;
BEGIN
    SELECT jsonb_build_object(
        'total_sessions', COUNT(*),
        'completed_sessions', COUNT(*) FILTER (WHERE status = 'completed'),
        'avg_duration_seconds', ROUND(AVG(duration_seconds) FILTER (WHERE status = 'completed')),
        'avg_score', ROUND(AVG(a.overall_score)::numeric, 1),
        'sessions_this_month', COUNT(*) FILTER (WHERE s.created_at >= date_trunc('month', NOW()))
    )
    INTO v_result
    FROM public.voice_sessions s
    LEFT JOIN public.voice_analytics a ON a.session_id = s.id
    WHERE s.org_id = p_org_id;

    RETURN v_result;
END;
$$;

-- Function: Update session status with validation
CREATE OR REPLACE FUNCTION public.update_voice_session_status(
    p_session_id UUID,
    p_new_status VARCHAR(50),
    p_user_id UUID
)
RETURNS BOOLEAN
LANGUAGE plpgsql
SECURITY INVOKER
SET search_path = ''
AS $$
DECLARE
    v_current_status VARCHAR(50);
    v_actor UUID := coalesce(auth.uid(), p_user_id);
    v_valid_transitions JSONB := '{
        "pending": ["ready", "failed", "cancelled"],
        "ready": ["active", "cancelled"],
        "active": ["completed", "failed", "cancelled"]
    }'::jsonb;
BEGIN
    IF auth.uid() IS NOT NULL AND p_user_id IS DISTINCT FROM auth.uid() THEN
        RAISE EXCEPTION 'p_user_id must be the caller' USING ERRCODE = '42501';
    END IF;

    -- Get current status (RLS: invisible sessions are "not found")
    SELECT status INTO v_current_status
    FROM public.voice_sessions
    WHERE id = p_session_id
    FOR UPDATE;

    IF v_current_status IS NULL THEN
        RAISE EXCEPTION 'Session not found' USING ERRCODE = 'P0002';
    END IF;

    -- Check if transition is valid
    IF NOT coalesce(v_valid_transitions->v_current_status ? p_new_status, false) THEN
        RAISE EXCEPTION 'Invalid status transition from % to %', v_current_status, p_new_status
            USING ERRCODE = '22023';
    END IF;

    -- Update status
    UPDATE public.voice_sessions
    SET
        status = p_new_status,
        updated_by = v_actor,
        started_at = CASE WHEN p_new_status = 'active' THEN NOW() ELSE started_at END,
        completed_at = CASE WHEN p_new_status IN ('completed', 'failed', 'cancelled') THEN NOW() ELSE completed_at END,
        duration_seconds = CASE
            WHEN p_new_status IN ('completed', 'failed', 'cancelled')
            THEN greatest(0, round(extract(epoch FROM NOW() - coalesce(started_at, NOW()))))::integer
            ELSE duration_seconds END
    WHERE id = p_session_id;

    IF NOT FOUND THEN
        -- Readable but not changeable by this caller: RLS filtered the UPDATE to zero rows.
        RAISE EXCEPTION 'Not allowed to change this session' USING ERRCODE = '42501';
    END IF;

    RETURN TRUE;
END;
$$;
