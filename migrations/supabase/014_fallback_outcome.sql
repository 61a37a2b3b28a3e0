-- ========================================
-- Voice Module - The figures and consent in a bot's S3 fallback file (issues 13 and 14)
-- A team bot that cannot reach the project at its end leaves everything in the transcript bucket
-- (contracts/bot-fallback.ts), and a desktop imports it with voice_import_bot_transcript. The file
-- also carries the quality figures and the consent outcome that would have gone with the final
-- status; this is how a desktop (a member, not the bot: its credential is gone by then) puts them
-- on the session. What the session already has is kept: the bot may have delivered them itself
-- before it lost the project. The consent check and the shape kept on the session become functions
-- shared with 011's voice_bot_report_consent, which is redefined here to use them.
-- ========================================

-- What is wrong with a consent outcome, or NULL when nothing is (contracts/consent.ts consentRecord).
CREATE OR REPLACE FUNCTION public.voice_consent_problem(p JSONB)
RETURNS TEXT
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
BEGIN
    IF jsonb_typeof(p) IS DISTINCT FROM 'object'
       OR jsonb_typeof(p->'given') IS DISTINCT FROM 'boolean'
       OR jsonb_typeof(p->'at') IS DISTINCT FROM 'string'
       OR (p ? 'words' AND (jsonb_typeof(p->'words') <> 'string' OR char_length(p->>'words') > 2000))
       OR (p ? 'template' AND coalesce(p->>'template', '') NOT IN ('illinois', 'nyc', 'eu_gdpr', 'custom')) THEN
        RETURN 'a consent outcome is {given, at, words?, template?}';
    END IF;
    RETURN NULL;
END;
$$;

-- What the session keeps of a consent outcome: only the known fields, stamped with the config
-- version the session runs (what the candidate was told).
CREATE OR REPLACE FUNCTION public.voice_consent_kept(p JSONB, p_config_version INTEGER)
RETURNS JSONB
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'given', p->'given', 'at', p->'at', 'words', p->'words', 'template', p->'template', 'configVersion', p_config_version))
$$;

-- 011's report, now through the two functions above (one check and one shape for both paths).
CREATE OR REPLACE FUNCTION public.voice_bot_report_consent(p_token TEXT, p_consent JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_problem TEXT;
    v_consent JSONB;
BEGIN
    v_session := public.voice_bot_session(p_token, true);
    v_problem := public.voice_consent_problem(p_consent);
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION '%', v_problem USING ERRCODE = 'PT400';
    END IF;
    IF public.voice_status_is_terminal(v_session.status) THEN
        RAISE EXCEPTION 'the session is %: its consent can no longer change', v_session.status USING ERRCODE = 'PT409';
    END IF;
    v_consent := public.voice_consent_kept(p_consent, v_session.config_version);
    UPDATE public.voice_sessions SET session_metadata = session_metadata || jsonb_build_object('consent', v_consent)
    WHERE id = v_session.id;
    RETURN v_consent;
END;
$$;

CREATE OR REPLACE FUNCTION public.voice_import_bot_outcome(p_session_id UUID, p_quality JSONB, p_consent JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_problem TEXT;
    v_added JSONB := '{}'::jsonb;
BEGIN
    v_session := public.voice_member_session(p_session_id);
    IF p_quality IS NOT NULL AND jsonb_typeof(p_quality) <> 'null' THEN
        v_problem := public.voice_quality_problem(p_quality);
        IF v_problem IS NOT NULL THEN
            RAISE EXCEPTION 'quality figures: %', v_problem USING ERRCODE = 'PT400';
        END IF;
        IF NOT v_session.session_metadata ? 'quality' THEN
            v_added := v_added || jsonb_build_object('quality', p_quality);
        END IF;
    END IF;
    IF p_consent IS NOT NULL AND jsonb_typeof(p_consent) <> 'null' THEN
        v_problem := public.voice_consent_problem(p_consent);
        IF v_problem IS NOT NULL THEN
            RAISE EXCEPTION '%', v_problem USING ERRCODE = 'PT400';
        END IF;
        IF NOT v_session.session_metadata ? 'consent' THEN
            v_added := v_added || jsonb_build_object('consent', public.voice_consent_kept(p_consent, v_session.config_version));
        END IF;
    END IF;
    IF v_added <> '{}'::jsonb THEN
        UPDATE public.voice_sessions SET session_metadata = session_metadata || v_added WHERE id = v_session.id;
    END IF;
    RETURN jsonb_build_object('added', (SELECT coalesce(jsonb_agg(key ORDER BY key), '[]'::jsonb) FROM jsonb_object_keys(v_added) AS key));
END;
$$;

REVOKE ALL ON FUNCTION public.voice_consent_problem(JSONB), public.voice_consent_kept(JSONB, INTEGER) FROM PUBLIC, anon, authenticated;
-- Signed-in members (voice_member_session checks the org and the role).
REVOKE ALL ON FUNCTION public.voice_import_bot_outcome(UUID, JSONB, JSONB) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.voice_import_bot_outcome(UUID, JSONB, JSONB) TO authenticated;
