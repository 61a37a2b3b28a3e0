-- ========================================
-- Voice Module - The quality figures a team bot reports (issue 14, section 3)
-- A bot measures how the interview felt (voice-to-voice latency p50/p95, barge-ins, long silences,
-- cut-ins; contracts/interview-quality.ts) and reports them with its credential just before its
-- final status (which revokes the credential). The project keeps them on the session
-- (session_metadata.quality), so they sync to every desktop with the row and show on its Overview
-- and Dashboard, as a local bot's figures do.
-- ========================================

-- What is wrong with a set of quality figures, or NULL when nothing is. The same shape and bounds
-- as the contract's zod schema (interviewQuality, MAX_QUALITY_COUNT, MAX_QUALITY_LATENCY_MS): every
-- key present, no other key.
CREATE OR REPLACE FUNCTION public.voice_quality_problem(p JSONB)
RETURNS TEXT
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
    v_key TEXT;
    v_value JSONB;
    v_required CONSTANT TEXT[] := ARRAY['version', 'turnTaking', 'sttModel', 'replies', 'voiceToVoiceP50Ms', 'voiceToVoiceP95Ms',
                                        'bargeIns', 'longSilences', 'cutIns'];
BEGIN
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        RETURN 'must be an object';
    END IF;
    FOR v_key IN SELECT jsonb_object_keys(p) LOOP
        IF NOT v_key = ANY (v_required) THEN
            RETURN format('unknown key "%s"', left(v_key, 40));
        END IF;
    END LOOP;
    FOREACH v_key IN ARRAY v_required LOOP
        IF NOT p ? v_key THEN
            RETURN format('"%s" is missing', v_key);
        END IF;
    END LOOP;
    IF p->'version' IS DISTINCT FROM '1'::jsonb THEN
        RETURN '"version" must be 1';
    END IF;
    IF jsonb_typeof(p->'turnTaking') IS DISTINCT FROM 'string' OR p->>'turnTaking' NOT IN ('nova-semantic', 'nova-fixed', 'flux') THEN
        RETURN '"turnTaking" must be nova-semantic, nova-fixed or flux';
    END IF;
    IF jsonb_typeof(p->'sttModel') IS DISTINCT FROM 'string' OR char_length(p->>'sttModel') > 100 THEN
        RETURN '"sttModel" must be a string of at most 100 characters';
    END IF;
    FOREACH v_key IN ARRAY ARRAY['replies', 'bargeIns', 'longSilences', 'cutIns'] LOOP
        v_value := p->v_key;
        -- CASE, not OR: the cast must never see a value that is not a number.
        IF (CASE WHEN jsonb_typeof(v_value) = 'number'
                 THEN v_value::numeric <> trunc(v_value::numeric) OR v_value::numeric NOT BETWEEN 0 AND 100000
                 ELSE true END) THEN
            RETURN format('"%s" must be a whole number from 0 to 100000', v_key);
        END IF;
    END LOOP;
    FOREACH v_key IN ARRAY ARRAY['voiceToVoiceP50Ms', 'voiceToVoiceP95Ms'] LOOP
        v_value := p->v_key;
        IF jsonb_typeof(v_value) = 'null' THEN
            CONTINUE;
        END IF;
        IF (CASE WHEN jsonb_typeof(v_value) = 'number' THEN v_value::numeric NOT BETWEEN 0 AND 3600000 ELSE true END) THEN
            RETURN format('"%s" must be null or a number of milliseconds from 0 to 3600000', v_key);
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;

-- The figures replace any the session had (a resend is the same figures again). Accepted while the
-- session has not ended: the bot sends them ahead of its final status, and a final status revokes
-- the credential anyway.
CREATE OR REPLACE FUNCTION public.voice_bot_report_quality(p_token TEXT, p_quality JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_problem TEXT;
BEGIN
    v_session := public.voice_bot_session(p_token, true);
    v_problem := public.voice_quality_problem(p_quality);
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION 'quality figures: %', v_problem USING ERRCODE = 'PT400';
    END IF;
    IF public.voice_status_is_terminal(v_session.status) THEN
        RAISE EXCEPTION 'the session is %: its quality figures can no longer change', v_session.status USING ERRCODE = 'PT409';
    END IF;
    UPDATE public.voice_sessions SET session_metadata = session_metadata || jsonb_build_object('quality', p_quality)
    WHERE id = v_session.id;
    RETURN p_quality;
END;
$$;

REVOKE ALL ON FUNCTION public.voice_quality_problem(JSONB) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION public.voice_bot_report_quality(TEXT, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.voice_bot_report_quality(TEXT, JSONB) TO anon, authenticated, service_role;
