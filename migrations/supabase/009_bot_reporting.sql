-- ========================================
-- 009: bots on ECS report to the team project (issue 10)
-- A bot started for a team org's session reports its statuses and final transcript segments here,
-- through PostgREST RPCs, with the project's anon key and a per-session reporting credential. So an
-- interview never depends on the desktop that started it: the transcript row is assembled here, in
-- the transaction that completes the session, and every desktop of the team watches live through
-- Realtime broadcasts sent by these functions.
--   * voice_bot_credentials: only the sha256 of each credential; it expires at the interview's time
--     limit + 30 min and is revoked when the session ends, however it ends (RPC, sync, delete);
--   * voice_live_segments: append-only, keyed (session, seq), idempotent on seq, bounded;
--   * voice_session_leases: archive / analytics done exactly once across the team's desktops;
--   * the bot's RPCs are SECURITY DEFINER (the bot has no user; it calls as anon) and check the
--     credential themselves. Errors carry PostgREST's custom statuses: PT401 credential refused,
--     PT409 not in a state that accepts it, PT400 shape or bounds.
-- Every function that touches a table pins search_path to '' and names its objects, like 000-008; the
-- few pure SQL helpers (builtins only) leave it off so Postgres can inline them.
-- ========================================

-- ---------- tables ----------
CREATE TABLE public.voice_bot_credentials (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id UUID NOT NULL REFERENCES public.voice_sessions(id) ON DELETE CASCADE,
    org_id UUID NOT NULL REFERENCES public.org(id) ON DELETE CASCADE,
    -- Lowercase hex sha256 of the token's UTF-8 bytes. The token itself is never stored.
    token_hash TEXT NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by UUID REFERENCES auth.users(id) ON DELETE SET NULL
);
CREATE INDEX idx_voice_bot_credentials_live ON public.voice_bot_credentials (session_id) WHERE revoked_at IS NULL;
COMMENT ON TABLE public.voice_bot_credentials IS
    'Per-session bot reporting credentials (sha256 only); used by the voice_bot_* RPCs, never read through the API';

CREATE TABLE public.voice_live_segments (
    session_id UUID NOT NULL REFERENCES public.voice_sessions(id) ON DELETE CASCADE,
    org_id UUID NOT NULL REFERENCES public.org(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq BETWEEN 0 AND 1000000),
    speaker TEXT NOT NULL CHECK (speaker IN ('bot', 'candidate')),
    text TEXT NOT NULL CHECK (char_length(text) <= 20000),
    start_time FLOAT8 NOT NULL CHECK (start_time BETWEEN 0 AND 86400),
    end_time FLOAT8 NOT NULL CHECK (end_time BETWEEN 0 AND 86400 AND end_time >= start_time),
    confidence FLOAT8 CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, seq)
);
CREATE INDEX idx_voice_live_segments_org ON public.voice_live_segments (org_id);
COMMENT ON TABLE public.voice_live_segments IS
    'Final transcript segments as a bot reported them; append-only, at most 5000 per session';

CREATE TABLE public.voice_session_leases (
    session_id UUID NOT NULL REFERENCES public.voice_sessions(id) ON DELETE CASCADE,
    org_id UUID NOT NULL REFERENCES public.org(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('archive', 'analytics')),
    holder TEXT NOT NULL CHECK (char_length(holder) BETWEEN 1 AND 200),
    expires_at TIMESTAMPTZ NOT NULL,
    done_at TIMESTAMPTZ,
    taken_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, kind)
);
COMMENT ON TABLE public.voice_session_leases IS
    'Who archives / analyses a session; taken and finished through voice_take_lease / voice_finish_lease';

-- RLS on all three. Members read their org's live segments and leases; nobody writes any of them
-- but the RPCs below (which run as the owner). Credentials have no policy at all.
ALTER TABLE public.voice_bot_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.voice_live_segments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.voice_session_leases ENABLE ROW LEVEL SECURITY;
CREATE POLICY "voice_live_segments_select_policy" ON public.voice_live_segments
    FOR SELECT TO authenticated USING (public.can_access_org_data(org_id));
CREATE POLICY "voice_session_leases_select_policy" ON public.voice_session_leases
    FOR SELECT TO authenticated USING (public.can_access_org_data(org_id));

-- Supabase's default privileges hand every new table to anon and authenticated; RLS alone would
-- then be the only wall. Take them back: anon gets nothing, members may only read.
REVOKE ALL ON public.voice_bot_credentials, public.voice_live_segments, public.voice_session_leases FROM PUBLIC, anon, authenticated;
GRANT SELECT ON public.voice_live_segments, public.voice_session_leases TO authenticated;

-- ---------- pure helpers ----------
-- The lifecycle of contracts/session.ts (the only moves a session may make).
CREATE OR REPLACE FUNCTION public.voice_status_allows(p_from TEXT, p_to TEXT)
RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(('{"pending": ["ready", "failed", "cancelled"],
                       "ready": ["active", "cancelled"],
                       "active": ["completed", "failed", "cancelled"]}'::jsonb -> p_from) ? p_to, false)
$$;

CREATE OR REPLACE FUNCTION public.voice_status_is_terminal(p_status TEXT)
RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT p_status IN ('completed', 'failed', 'cancelled') $$;

-- The shortest walk of legal moves from one status to another, excluding p_from (empty when they are
-- equal, NULL when there is none). At most three moves exist in a row (pending -> ready -> active -> x).
CREATE OR REPLACE FUNCTION public.voice_status_path(p_from TEXT, p_to TEXT)
RETURNS TEXT[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
    v_statuses CONSTANT TEXT[] := ARRAY['pending', 'ready', 'active', 'completed', 'failed', 'cancelled'];
    a TEXT;
    b TEXT;
BEGIN
    IF p_from = p_to THEN
        RETURN ARRAY[]::TEXT[];
    END IF;
    IF public.voice_status_allows(p_from, p_to) THEN
        RETURN ARRAY[p_to];
    END IF;
    FOREACH a IN ARRAY v_statuses LOOP
        IF public.voice_status_allows(p_from, a) AND public.voice_status_allows(a, p_to) THEN
            RETURN ARRAY[a, p_to];
        END IF;
    END LOOP;
    FOREACH a IN ARRAY v_statuses LOOP
        FOREACH b IN ARRAY v_statuses LOOP
            IF public.voice_status_allows(p_from, a) AND public.voice_status_allows(a, b) AND public.voice_status_allows(b, p_to) THEN
                RETURN ARRAY[a, b, p_to];
            END IF;
        END LOOP;
    END LOOP;
    RETURN NULL;
END;
$$;

-- What is wrong with one LiveSegment (contracts/transcript.ts, camelCase), or NULL when nothing is.
-- The same bounds as the contract's zod schema; `final` may be present and is ignored.
CREATE OR REPLACE FUNCTION public.voice_segment_problem(p JSONB)
RETURNS TEXT
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
    v_key TEXT;
    v_seq NUMERIC;
    v_start NUMERIC;
    v_end NUMERIC;
    v_confidence NUMERIC;
BEGIN
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        RETURN 'must be an object';
    END IF;
    FOR v_key IN SELECT jsonb_object_keys(p) LOOP
        IF v_key NOT IN ('seq', 'speaker', 'text', 'startTime', 'endTime', 'confidence', 'final') THEN
            RETURN format('unknown key "%s"', left(v_key, 40));
        END IF;
    END LOOP;
    IF jsonb_typeof(p->'seq') IS DISTINCT FROM 'number' THEN
        RETURN 'seq must be a number';
    END IF;
    v_seq := (p->'seq')::numeric;
    IF v_seq <> trunc(v_seq) OR v_seq < 0 OR v_seq > 1000000 THEN
        RETURN 'seq must be an integer from 0 to 1000000';
    END IF;
    IF jsonb_typeof(p->'speaker') IS DISTINCT FROM 'string' OR p->>'speaker' NOT IN ('bot', 'candidate') THEN
        RETURN 'speaker must be "bot" or "candidate"';
    END IF;
    IF jsonb_typeof(p->'text') IS DISTINCT FROM 'string' THEN
        RETURN 'text must be a string';
    END IF;
    IF char_length(p->>'text') > 20000 THEN
        RETURN 'text must be at most 20000 characters';
    END IF;
    IF jsonb_typeof(p->'startTime') IS DISTINCT FROM 'number' OR jsonb_typeof(p->'endTime') IS DISTINCT FROM 'number' THEN
        RETURN 'startTime and endTime must be numbers';
    END IF;
    v_start := (p->'startTime')::numeric;
    v_end := (p->'endTime')::numeric;
    IF v_start < 0 OR v_start > 86400 OR v_end < 0 OR v_end > 86400 THEN
        RETURN 'startTime and endTime must be from 0 to 86400 seconds';
    END IF;
    IF v_end < v_start THEN
        RETURN 'endTime must not be before startTime';
    END IF;
    IF p ? 'confidence' AND jsonb_typeof(p->'confidence') <> 'null' THEN
        IF jsonb_typeof(p->'confidence') <> 'number' THEN
            RETURN 'confidence must be a number or null';
        END IF;
        v_confidence := (p->'confidence')::numeric;
        IF v_confidence < 0 OR v_confidence > 1 THEN
            RETURN 'confidence must be from 0 to 1';
        END IF;
    END IF;
    IF p ? 'final' AND jsonb_typeof(p->'final') <> 'boolean' THEN
        RETURN 'final must be a boolean';
    END IF;
    RETURN NULL;
END;
$$;

-- Checks a batch: an array of min..max valid segments, else PT400 naming the first problem.
CREATE OR REPLACE FUNCTION public.voice_check_segments(p_segments JSONB, p_min INTEGER, p_max INTEGER)
RETURNS VOID
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
    v_index BIGINT;
    v_problem TEXT;
BEGIN
    IF jsonb_typeof(p_segments) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'segments must be an array' USING ERRCODE = 'PT400';
    END IF;
    IF jsonb_array_length(p_segments) < p_min OR jsonb_array_length(p_segments) > p_max THEN
        RAISE EXCEPTION 'send % to % segments per call (got %)', p_min, p_max, jsonb_array_length(p_segments) USING ERRCODE = 'PT400';
    END IF;
    SELECT e.n - 1, public.voice_segment_problem(e.value) INTO v_index, v_problem
    FROM jsonb_array_elements(p_segments) WITH ORDINALITY AS e(value, n)
    WHERE public.voice_segment_problem(e.value) IS NOT NULL
    ORDER BY e.n LIMIT 1;
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION 'segment %: %', v_index, v_problem USING ERRCODE = 'PT400';
    END IF;
END;
$$;

-- Words as the desktop counts them (countWords in server/store/transcript-store.ts: runs of
-- JavaScript's non-whitespace, \S). The class spells out JavaScript's whitespace exactly, so the
-- count does not depend on the database's locale.
CREATE OR REPLACE FUNCTION public.voice_word_count(p_text TEXT)
RETURNS INTEGER
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.regexp_count(p_text, '[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+')
$$;

-- ---------- transcript assembly ----------
-- The session's transcript row from every stored segment, as TranscriptStore.assemble builds it on a
-- desktop: "Interviewer: ..." / "Candidate: ..." lines in seq order, speaker_segments as
-- [{seq, speaker, text, startTime, endTime, confidence}], word count per segment summed, the
-- candidate name and interview type copied from the session. Inserted, or rebuilt in place.
CREATE OR REPLACE FUNCTION public.voice_assemble_transcript(p_session_id UUID, p_actor UUID)
RETURNS UUID
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_text TEXT;
    v_words INTEGER;
    v_segments JSONB;
    v_actor UUID;
    v_now TIMESTAMPTZ := date_trunc('milliseconds', now());
    v_id UUID;
BEGIN
    SELECT * INTO v_session FROM public.voice_sessions WHERE id = p_session_id;
    v_actor := coalesce(p_actor, v_session.created_by);
    SELECT coalesce(string_agg(CASE WHEN s.speaker = 'bot' THEN 'Interviewer: ' ELSE 'Candidate: ' END || s.text, E'\n' ORDER BY s.seq), ''),
           coalesce(sum(public.voice_word_count(s.text)), 0),
           coalesce(jsonb_agg(jsonb_build_object('seq', s.seq, 'speaker', s.speaker, 'text', s.text, 'startTime', s.start_time,
                                                 'endTime', s.end_time, 'confidence', s.confidence) ORDER BY s.seq), '[]'::jsonb)
      INTO v_text, v_words, v_segments
    FROM public.voice_live_segments s WHERE s.session_id = p_session_id;

    INSERT INTO public.voice_transcripts AS t (org_id, session_id, transcript_text, candidate_name, interview_type, word_count,
                                             speaker_segments, metadata, created_at, updated_at, created_by)
    VALUES (v_session.org_id, p_session_id, v_text, v_session.candidate_name, v_session.interview_type, v_words,
            v_segments, '{}'::jsonb, v_now, v_now, v_actor)
    ON CONFLICT (session_id) WHERE deleted_at IS NULL DO UPDATE
        SET transcript_text = excluded.transcript_text, candidate_name = excluded.candidate_name,
            interview_type = excluded.interview_type, word_count = excluded.word_count,
            speaker_segments = excluded.speaker_segments, updated_by = v_actor
    RETURNING t.id INTO v_id;
    RETURN v_id;
END;
$$;

-- ---------- status changes ----------
-- One legal move (the caller checked it), inside the caller's transaction, as changeStatus does on a
-- desktop (server/domain/session-lifecycle.ts): active stamps started_at; a final state stamps
-- completed_at and duration_seconds; the move is appended to session_metadata.statusHistory
-- ({from, to, at, by, reason}, contracts' StatusChange); a final state assembles the transcript when
-- the session completed or has segments. Revoking credentials and broadcasting happen in the
-- voice_sessions trigger below, so a change made through sync does them too.
CREATE OR REPLACE FUNCTION public.voice_apply_status(p_session_id UUID, p_to TEXT, p_actor UUID, p_reason TEXT)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_now TIMESTAMPTZ := date_trunc('milliseconds', now());
    v_history JSONB;
BEGIN
    SELECT * INTO v_session FROM public.voice_sessions WHERE id = p_session_id;
    v_history := CASE WHEN jsonb_typeof(v_session.session_metadata->'statusHistory') = 'array'
                      THEN v_session.session_metadata->'statusHistory' ELSE '[]'::jsonb END;
    v_history := v_history || jsonb_build_array(jsonb_build_object(
        'from', v_session.status, 'to', p_to, 'at', public.sync_ts(v_now), 'by', p_actor, 'reason', p_reason));
    UPDATE public.voice_sessions
    SET status = p_to,
        updated_by = p_actor,
        started_at = CASE WHEN p_to = 'active' THEN v_now ELSE started_at END,
        completed_at = CASE WHEN public.voice_status_is_terminal(p_to) THEN v_now ELSE completed_at END,
        duration_seconds = CASE WHEN public.voice_status_is_terminal(p_to)
            THEN CASE WHEN started_at IS NULL THEN 0
                      ELSE greatest(0, round(extract(epoch FROM v_now - started_at)))::integer END
            ELSE duration_seconds END,
        session_metadata = session_metadata || jsonb_build_object('statusHistory', v_history)
    WHERE id = p_session_id;
    IF public.voice_status_is_terminal(p_to)
       AND (p_to = 'completed' OR EXISTS (SELECT 1 FROM public.voice_live_segments WHERE session_id = p_session_id)) THEN
        PERFORM public.voice_assemble_transcript(p_session_id, p_actor);
    END IF;
END;
$$;

-- Every status change, whoever makes it (these RPCs, a desktop's sync push, the service role):
-- an ended or deleted session's credentials are revoked, watchers of the session hear the change on
-- its private topic, and the org's desktops get a poke to pull. SECURITY DEFINER: a desktop's push
-- runs as `authenticated`, which may neither touch credentials nor send on realtime by itself.
CREATE OR REPLACE FUNCTION public.voice_sessions_after_status()
RETURNS TRIGGER
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF public.voice_status_is_terminal(NEW.status) OR NEW.deleted_at IS NOT NULL THEN
        UPDATE public.voice_bot_credentials SET revoked_at = now() WHERE session_id = NEW.id AND revoked_at IS NULL;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM realtime.send(
            jsonb_build_object('sessionId', NEW.id, 'status', NEW.status, 'previousStatus', OLD.status,
                               'at', public.sync_ts(NEW.updated_at)),
            'status', 'live:session:' || NEW.id::text, true);
        PERFORM realtime.send(jsonb_build_object('orgId', NEW.org_id), 'poke', 'sync:org:' || NEW.org_id::text, false);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER voice_sessions_after_status AFTER UPDATE OF status, deleted_at ON public.voice_sessions
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL))
    EXECUTE FUNCTION public.voice_sessions_after_status();

-- ---------- the bot's credential ----------
-- The session a token may report for, locked against concurrent status changes (so a segment can
-- never slip in after the completion that assembled the transcript); PT401 for a token that is
-- unknown, expired or revoked, or whose session is gone. The credential is checked again once the
-- lock is held: a completion that committed while this call waited has revoked it.
CREATE OR REPLACE FUNCTION public.voice_bot_session(p_token TEXT, p_lock BOOLEAN)
RETURNS public.voice_sessions
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    v_hash TEXT;
    v_session_id UUID;
    v_session public.voice_sessions;
BEGIN
    IF p_token IS NULL OR char_length(p_token) > 200 THEN
        RAISE EXCEPTION 'bot credential refused' USING ERRCODE = 'PT401';
    END IF;
    v_hash := encode(sha256(convert_to(p_token, 'UTF8')), 'hex');
    SELECT c.session_id INTO v_session_id FROM public.voice_bot_credentials c
    WHERE c.token_hash = v_hash AND c.revoked_at IS NULL AND c.expires_at > now();
    IF v_session_id IS NULL THEN
        RAISE EXCEPTION 'bot credential refused' USING ERRCODE = 'PT401';
    END IF;
    IF p_lock THEN
        SELECT * INTO v_session FROM public.voice_sessions WHERE id = v_session_id AND deleted_at IS NULL FOR UPDATE;
        IF FOUND AND NOT EXISTS (SELECT 1 FROM public.voice_bot_credentials c
                                 WHERE c.token_hash = v_hash AND c.revoked_at IS NULL AND c.expires_at > now()) THEN
            v_session := NULL;
        END IF;
    ELSE
        SELECT * INTO v_session FROM public.voice_sessions WHERE id = v_session_id AND deleted_at IS NULL;
    END IF;
    IF v_session.id IS NULL THEN
        RAISE EXCEPTION 'bot credential refused' USING ERRCODE = 'PT401';
    END IF;
    RETURN v_session;
END;
$$;

-- A session the signed-in caller may change, locked; P0002 when it does not exist or is not theirs
-- to see (the same answer, so ids of other orgs reveal nothing), 42501 when it is visible but not
-- changeable.
CREATE OR REPLACE FUNCTION public.voice_member_session(p_session_id UUID)
RETURNS public.voice_sessions
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
BEGIN
    IF auth.uid() IS NULL THEN
        RAISE EXCEPTION 'sign in first' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO v_session FROM public.voice_sessions WHERE id = p_session_id AND deleted_at IS NULL FOR UPDATE;
    IF v_session.id IS NULL OR NOT public.can_access_org_data(v_session.org_id) THEN
        RAISE EXCEPTION 'session not found' USING ERRCODE = 'P0002';
    END IF;
    IF NOT public.can_modify_org_data(v_session.org_id) THEN
        RAISE EXCEPTION 'not allowed to change this session' USING ERRCODE = '42501';
    END IF;
    RETURN v_session;
END;
$$;

-- A checked batch as rows, one per seq (the first of a repeated seq wins). Control characters (bar
-- tab and newline) carry no speech and are dropped, as cleanSegmentText does on a desktop.
CREATE OR REPLACE FUNCTION public.voice_segment_rows(p_segments JSONB)
RETURNS TABLE (seq INTEGER, speaker TEXT, text TEXT, start_time FLOAT8, end_time FLOAT8, confidence FLOAT8)
LANGUAGE sql IMMUTABLE
AS $$
    SELECT DISTINCT ON ((e.value->>'seq')::numeric::integer)
           (e.value->>'seq')::numeric::integer, e.value->>'speaker',
           regexp_replace(e.value->>'text', '[\u0001-\u0008\u000b-\u001f\u007f]', '', 'g'),
           (e.value->>'startTime')::float8, (e.value->>'endTime')::float8, (e.value->>'confidence')::float8
    FROM jsonb_array_elements(p_segments) WITH ORDINALITY AS e(value, n)
    ORDER BY (e.value->>'seq')::numeric::integer, e.n
$$;

-- Stores the segments of a checked batch that are not stored yet (a replayed seq is left as it was),
-- keeping the session at 5000 segments at most (PT400 beyond). The caller holds the session's row
-- lock, so the count cannot race. Returns the newly stored segments, camelCase, final.
CREATE OR REPLACE FUNCTION public.voice_store_segments(p_session public.voice_sessions, p_segments JSONB)
RETURNS SETOF JSONB
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    v_existing INTEGER;
    v_new INTEGER;
BEGIN
    SELECT count(*) INTO v_new FROM public.voice_segment_rows(p_segments) i
    WHERE NOT EXISTS (SELECT 1 FROM public.voice_live_segments s WHERE s.session_id = p_session.id AND s.seq = i.seq);
    IF v_new = 0 THEN
        RETURN;
    END IF;
    SELECT count(*) INTO v_existing FROM public.voice_live_segments WHERE session_id = p_session.id;
    IF v_existing + v_new > 5000 THEN
        RAISE EXCEPTION 'a session holds at most 5000 segments (% stored, % new)', v_existing, v_new USING ERRCODE = 'PT400';
    END IF;
    RETURN QUERY
    WITH stored AS (
        INSERT INTO public.voice_live_segments (session_id, org_id, seq, speaker, text, start_time, end_time, confidence)
        SELECT p_session.id, p_session.org_id, i.seq, i.speaker, i.text, i.start_time, i.end_time, i.confidence
        FROM public.voice_segment_rows(p_segments) i ORDER BY i.seq
        ON CONFLICT (session_id, seq) DO NOTHING
        RETURNING voice_live_segments.*
    )
    SELECT jsonb_build_object('seq', s.seq, 'speaker', s.speaker, 'text', s.text, 'startTime', s.start_time,
                              'endTime', s.end_time, 'confidence', s.confidence, 'final', true)
    FROM stored s ORDER BY s.seq;
END;
$$;

-- ---------- RPCs: the desktop ----------
-- The desktop that starts an ECS bot for a team session makes the token (vbr_ + 43 base64url chars
-- of 32 random bytes) and registers only its hash. Earlier credentials of the session are revoked.
-- Registering the same hash again for the same session (a retry) answers the same expiry.
CREATE OR REPLACE FUNCTION public.voice_issue_bot_credential(p_session_id UUID, p_token_hash TEXT)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_minutes INTEGER;
    v_limit JSONB;
    v_existing public.voice_bot_credentials;
    v_expires TIMESTAMPTZ;
BEGIN
    v_session := public.voice_member_session(p_session_id);
    IF p_token_hash IS NULL OR p_token_hash !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'p_token_hash must be a lowercase hex sha256' USING ERRCODE = 'PT400';
    END IF;
    IF v_session.status NOT IN ('pending', 'ready') THEN
        RAISE EXCEPTION 'the session is %: a bot credential is issued only before the interview starts', v_session.status
            USING ERRCODE = 'PT409';
    END IF;
    SELECT * INTO v_existing FROM public.voice_bot_credentials WHERE token_hash = p_token_hash;
    IF v_existing.id IS NOT NULL THEN
        IF v_existing.session_id = p_session_id AND v_existing.revoked_at IS NULL THEN
            RETURN jsonb_build_object('expires_at', public.sync_ts(v_existing.expires_at));
        END IF;
        RAISE EXCEPTION 'this credential was used before: make a new one' USING ERRCODE = 'PT409';
    END IF;

    -- The interview's time limit from its config (contracts/config-json.ts: 1..180, default 30).
    SELECT c.config_json #> '{interview,max_duration_minutes}' INTO v_limit
    FROM public.voice_configs c WHERE c.id = v_session.config_id;
    v_minutes := CASE WHEN jsonb_typeof(v_limit) = 'number' AND (v_limit::numeric) BETWEEN 1 AND 180
                      THEN floor(v_limit::numeric)::integer ELSE 30 END;
    v_expires := date_trunc('milliseconds', now() + make_interval(mins => v_minutes + 30));

    UPDATE public.voice_bot_credentials SET revoked_at = now() WHERE session_id = p_session_id AND revoked_at IS NULL;
    INSERT INTO public.voice_bot_credentials (session_id, org_id, token_hash, expires_at, created_by)
    VALUES (p_session_id, v_session.org_id, p_token_hash, v_expires, auth.uid());
    RETURN jsonb_build_object('expires_at', public.sync_ts(v_expires));
END;
$$;

-- The console's import of a bot's S3 fallback file (contracts/bot-fallback.ts): stores the segments
-- that are missing (0..5000 per call, each bounded as a bot's), then walks the status forward along
-- legal moves to p_status (ready -> active -> completed), assembling the transcript on completion.
-- A session already past p_status (or ended otherwise) keeps its status; segments it was missing
-- still go in and its transcript is rebuilt, so nothing said is lost. Idempotent.
CREATE OR REPLACE FUNCTION public.voice_import_bot_transcript(p_session_id UUID, p_segments JSONB, p_status TEXT, p_reason TEXT)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_previous TEXT;
    v_path TEXT[];
    v_step TEXT;
    v_inserted INTEGER;
    v_reason TEXT := left(coalesce(p_reason, 'imported from the bot''s fallback file'), 500);
    v_transcript UUID;
BEGIN
    v_session := public.voice_member_session(p_session_id);
    v_previous := v_session.status;
    IF p_status IS NOT NULL AND p_status NOT IN ('pending', 'ready', 'active', 'completed', 'failed', 'cancelled') THEN
        RAISE EXCEPTION 'unknown status %', left(p_status, 40) USING ERRCODE = 'PT400';
    END IF;
    PERFORM public.voice_check_segments(coalesce(p_segments, '[]'::jsonb), 0, 5000);
    SELECT count(*) INTO v_inserted FROM public.voice_store_segments(v_session, coalesce(p_segments, '[]'::jsonb));

    v_path := CASE WHEN p_status IS NULL THEN ARRAY[]::TEXT[] ELSE public.voice_status_path(v_session.status, p_status) END;
    IF v_path IS NOT NULL THEN
        FOREACH v_step IN ARRAY v_path LOOP
            PERFORM public.voice_apply_status(p_session_id, v_step, auth.uid(), v_reason);
        END LOOP;
    END IF;
    IF v_inserted > 0 AND coalesce(cardinality(v_path), 0) = 0 AND public.voice_status_is_terminal(v_session.status) THEN
        PERFORM public.voice_assemble_transcript(p_session_id, auth.uid());
    END IF;

    SELECT status INTO v_step FROM public.voice_sessions WHERE id = p_session_id;
    SELECT id INTO v_transcript FROM public.voice_transcripts WHERE session_id = p_session_id AND deleted_at IS NULL;
    RETURN jsonb_build_object('inserted', v_inserted, 'status', v_step, 'previous_status', v_previous,
                              'status_reached', p_status IS NULL OR v_step = p_status, 'transcript_id', v_transcript);
END;
$$;

-- Archive and analytics run once per session across the team's desktops. Taking succeeds when no
-- lease exists, when the holder already holds it (renewal), or when it expired unfinished; a done
-- lease is never taken again. One statement, so two desktops racing get one winner.
CREATE OR REPLACE FUNCTION public.voice_take_lease(p_session_id UUID, p_kind TEXT, p_holder TEXT, p_ttl_seconds INTEGER)
RETURNS BOOLEAN
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_taken BOOLEAN;
BEGIN
    v_session := public.voice_member_session(p_session_id);
    IF p_kind IS NULL OR p_kind NOT IN ('archive', 'analytics') THEN
        RAISE EXCEPTION 'p_kind must be archive or analytics' USING ERRCODE = 'PT400';
    END IF;
    IF p_holder IS NULL OR char_length(p_holder) NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION 'p_holder must be 1 to 200 characters' USING ERRCODE = 'PT400';
    END IF;
    IF p_ttl_seconds IS NULL OR p_ttl_seconds NOT BETWEEN 1 AND 86400 THEN
        RAISE EXCEPTION 'p_ttl_seconds must be from 1 to 86400' USING ERRCODE = 'PT400';
    END IF;
    INSERT INTO public.voice_session_leases AS l (session_id, org_id, kind, holder, expires_at)
    VALUES (p_session_id, v_session.org_id, p_kind, p_holder, now() + make_interval(secs => p_ttl_seconds))
    ON CONFLICT (session_id, kind) DO UPDATE
        SET holder = excluded.holder, expires_at = excluded.expires_at,
            taken_at = CASE WHEN l.holder = excluded.holder THEN l.taken_at ELSE now() END
        WHERE l.done_at IS NULL AND (l.holder = excluded.holder OR l.expires_at <= now())
    RETURNING true INTO v_taken;
    RETURN coalesce(v_taken, false);
END;
$$;

-- Marks the work done by its holder: true when this holder holds it (or already finished it).
CREATE OR REPLACE FUNCTION public.voice_finish_lease(p_session_id UUID, p_kind TEXT, p_holder TEXT)
RETURNS BOOLEAN
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_lease public.voice_session_leases;
BEGIN
    PERFORM public.voice_member_session(p_session_id);
    SELECT * INTO v_lease FROM public.voice_session_leases WHERE session_id = p_session_id AND kind = p_kind FOR UPDATE;
    IF v_lease.session_id IS NULL OR v_lease.holder IS DISTINCT FROM p_holder THEN
        RETURN false;
    END IF;
    IF v_lease.done_at IS NULL THEN
        UPDATE public.voice_session_leases SET done_at = now() WHERE session_id = p_session_id AND kind = p_kind;
    END IF;
    RETURN true;
END;
$$;

-- ---------- RPCs: the bot (anon key + its credential) ----------
-- A status the bot reports, along contracts/session.ts. The same status again is a success with
-- nothing changed (a resend). From pending, a bot that reports being in the call implies the
-- dispatch (pending -> ready) that its desktop may not have synced yet: both moves are recorded.
CREATE OR REPLACE FUNCTION public.voice_bot_report_status(p_token TEXT, p_status TEXT, p_reason TEXT DEFAULT NULL)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_path TEXT[];
    v_step TEXT;
    v_reason TEXT := left(coalesce(p_reason, 'reported by bot'), 500);
BEGIN
    v_session := public.voice_bot_session(p_token, true);
    IF p_status IS NULL OR p_status NOT IN ('pending', 'ready', 'active', 'completed', 'failed', 'cancelled') THEN
        RAISE EXCEPTION 'unknown status %', left(coalesce(p_status, 'null'), 40) USING ERRCODE = 'PT400';
    END IF;
    IF p_status = v_session.status THEN
        RETURN jsonb_build_object('status', p_status, 'previous_status', v_session.status);
    END IF;
    IF public.voice_status_allows(v_session.status, p_status) THEN
        v_path := ARRAY[p_status];
    ELSIF v_session.status = 'pending' AND public.voice_status_allows('ready', p_status) THEN
        v_path := ARRAY['ready', p_status];
    ELSE
        RAISE EXCEPTION 'cannot change status from % to %', v_session.status, p_status USING ERRCODE = 'PT409';
    END IF;
    FOREACH v_step IN ARRAY v_path LOOP
        PERFORM public.voice_apply_status(v_session.id, v_step, NULL,
                                          CASE WHEN v_step = p_status THEN v_reason ELSE 'bot reporting from the call' END);
    END LOOP;
    RETURN jsonb_build_object('status', p_status, 'previous_status', v_session.status);
END;
$$;

-- Final segments, 1..50 per call, only while the session is active. Idempotent on seq: a replayed
-- seq is acknowledged and left as first stored. `stored` lists every seq of the call (all of them
-- are stored once the call succeeds; a call that fails stores none). Each newly stored segment is
-- broadcast to the session's watchers.
CREATE OR REPLACE FUNCTION public.voice_bot_append_segments(p_token TEXT, p_segments JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
    v_segment JSONB;
    v_topic TEXT;
BEGIN
    v_session := public.voice_bot_session(p_token, true);
    PERFORM public.voice_check_segments(p_segments, 1, 50);
    IF v_session.status <> 'active' THEN
        RAISE EXCEPTION 'the session is %: segments are accepted only while it is active', v_session.status USING ERRCODE = 'PT409';
    END IF;
    v_topic := 'live:session:' || v_session.id::text;
    FOR v_segment IN SELECT * FROM public.voice_store_segments(v_session, p_segments) LOOP
        PERFORM realtime.send(jsonb_build_object('sessionId', v_session.id, 'segment', v_segment), 'segment', v_topic, true);
    END LOOP;
    RETURN jsonb_build_object('stored', (
        SELECT jsonb_agg(DISTINCT (e.value->>'seq')::numeric::integer) FROM jsonb_array_elements(p_segments) AS e(value)));
END;
$$;

-- listening | thinking | speaking: broadcast to watchers, nothing stored. Outside `active` it is
-- dropped silently, as the desktop socket does (a state crossing the end would outlive it).
CREATE OR REPLACE FUNCTION public.voice_bot_report_state(p_token TEXT, p_state TEXT)
RETURNS VOID
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_session public.voice_sessions;
BEGIN
    v_session := public.voice_bot_session(p_token, false);
    IF p_state IS NULL OR p_state NOT IN ('listening', 'thinking', 'speaking') THEN
        RAISE EXCEPTION 'unknown bot state %', left(coalesce(p_state, 'null'), 40) USING ERRCODE = 'PT400';
    END IF;
    IF v_session.status = 'active' THEN
        PERFORM realtime.send(
            jsonb_build_object('sessionId', v_session.id, 'state', p_state, 'at', public.sync_ts(now())),
            'bot_state', 'live:session:' || v_session.id::text, true);
    END IF;
END;
$$;

-- ---------- who may call what ----------
-- Internal helpers: only the RPCs above (running as the owner) call them.
REVOKE ALL ON FUNCTION
    public.voice_status_path(TEXT, TEXT), public.voice_segment_problem(JSONB), public.voice_check_segments(JSONB, INTEGER, INTEGER),
    public.voice_assemble_transcript(UUID, UUID), public.voice_apply_status(UUID, TEXT, UUID, TEXT),
    public.voice_sessions_after_status(), public.voice_bot_session(TEXT, BOOLEAN), public.voice_member_session(UUID),
    public.voice_store_segments(public.voice_sessions, JSONB), public.voice_segment_rows(JSONB)
FROM PUBLIC, anon, authenticated, service_role;
-- Pure and harmless, but not an API either.
REVOKE ALL ON FUNCTION public.voice_status_allows(TEXT, TEXT), public.voice_status_is_terminal(TEXT), public.voice_word_count(TEXT)
FROM PUBLIC, anon, authenticated;
-- Signed-in members (they check the org themselves).
REVOKE ALL ON FUNCTION
    public.voice_issue_bot_credential(UUID, TEXT), public.voice_import_bot_transcript(UUID, JSONB, TEXT, TEXT),
    public.voice_take_lease(UUID, TEXT, TEXT, INTEGER), public.voice_finish_lease(UUID, TEXT, TEXT)
FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION
    public.voice_issue_bot_credential(UUID, TEXT), public.voice_import_bot_transcript(UUID, JSONB, TEXT, TEXT),
    public.voice_take_lease(UUID, TEXT, TEXT, INTEGER), public.voice_finish_lease(UUID, TEXT, TEXT)
TO authenticated;
-- The bot calls with the anon key; its credential is the authorization.
REVOKE ALL ON FUNCTION
    public.voice_bot_report_status(TEXT, TEXT, TEXT), public.voice_bot_append_segments(TEXT, JSONB), public.voice_bot_report_state(TEXT, TEXT)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    public.voice_bot_report_status(TEXT, TEXT, TEXT), public.voice_bot_append_segments(TEXT, JSONB), public.voice_bot_report_state(TEXT, TEXT)
TO anon, authenticated, service_role;

-- ---------- Realtime: who may listen to a session's live topic ----------
-- `live:session:{id}` is private: Realtime lets a signed-in user join it when this policy shows them
-- the topic, that is when they may read the session (RLS on voice_sessions, as the caller).
CREATE OR REPLACE FUNCTION public.voice_can_watch_topic(p_topic TEXT)
RETURNS BOOLEAN
LANGUAGE plpgsql STABLE
SECURITY INVOKER
SET search_path = ''
AS $$
DECLARE
    v_id UUID;
BEGIN
    IF p_topic IS NULL OR p_topic !~ '^live:session:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN false;
    END IF;
    v_id := substr(p_topic, 14)::uuid;
    RETURN EXISTS (SELECT 1 FROM public.voice_sessions s
                   WHERE s.id = v_id AND s.deleted_at IS NULL AND s.org_id IN (SELECT public.accessible_org_ids()));
END;
$$;
REVOKE ALL ON FUNCTION public.voice_can_watch_topic(TEXT) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.voice_can_watch_topic(TEXT) TO authenticated, service_role;

CREATE POLICY "voice_live_session_watchers" ON realtime.messages
    FOR SELECT TO authenticated
    USING (public.voice_can_watch_topic((SELECT realtime.topic())));
