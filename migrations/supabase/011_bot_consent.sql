-- ========================================
-- Voice Module - The consent outcome a team bot reports (issue 13)
-- A bot that opens with the config's AI disclosure and consent question reports the outcome with
-- its credential: a "yes" while the interview goes on, a refusal just before its final status. The
-- project keeps it on the session (session_metadata.consent, stamped with the config version the
-- session runs), so it syncs to every desktop with the row.
-- ========================================

CREATE OR REPLACE FUNCTION public.voice_bot_report_consent(p_token TEXT, p_consent JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_consent JSONB;
BEGIN
    v_session := public.voice_bot_session(p_token, true);
    IF jsonb_typeof(p_consent) IS DISTINCT FROM 'object'
       OR jsonb_typeof(p_consent->'given') IS DISTINCT FROM 'boolean'
       OR jsonb_typeof(p_consent->'at') IS DISTINCT FROM 'string'
       OR (p_consent ? 'words' AND (jsonb_typeof(p_consent->'words') <> 'string' OR char_length(p_consent->>'words') > 2000))
       OR (p_consent ? 'template' AND coalesce(p_consent->>'template', '') NOT IN ('illinois', 'nyc', 'eu_gdpr', 'custom')) THEN
        RAISE EXCEPTION 'a consent outcome is {given, at, words?, template?}' USING ERRCODE = 'PT400';
    END IF;
    IF public.voice_status_is_terminal(v_session.status) THEN
        RAISE EXCEPTION 'the session is %: its consent can no longer change', v_session.status USING ERRCODE = 'PT409';
    END IF;
    -- Only the known fields are kept, with the config version the session runs.
    v_consent := jsonb_strip_nulls(jsonb_build_object(
        'given', p_consent->'given', 'at', p_consent->'at', 'words', p_consent->'words', 'template', p_consent->'template',
        'configVersion', v_session.config_version));
    UPDATE public.voice_sessions SET session_metadata = session_metadata || jsonb_build_object('consent', v_consent)
    WHERE id = v_session.id;
    RETURN v_consent;
END;
$$;
REVOKE ALL ON FUNCTION public.voice_bot_report_consent(TEXT, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.voice_bot_report_consent(TEXT, JSONB) TO anon, authenticated, service_role;
