-- ========================================
-- Voice Module - Two-way sync with the desktop caches
-- What the seed did not have and offline-first desktops need (see DESIGN.md, "Sync with Supabase"):
--   * server-assigned order: every row version is stamped with the writing transaction's id
--     (sync_txid), and pulls only return versions below the oldest transaction still running
--     (pg_snapshot_xmin), keyset-paged by (sync_txid, id). A transaction that commits late can
--     never slip in behind a cursor, which an updated_at cursor cannot promise;
--   * a row_version per row, and soft deletes (deleted_at), so deletes reach every desktop;
--   * sync_push: one RPC applying a batch of ops, each in its own savepoint, as the caller (RLS
--     applies), idempotent per op id through a ledger, answering applied | conflict | rejected
--     with the SQLSTATE and the row as the caller sees it;
--   * sync_pull and sync_memberships for the desktop's pulls.
-- ========================================

-- ---------- columns ----------
ALTER TABLE public.voice_sessions ADD COLUMN config_version INTEGER;  -- the config version a session ran

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['voice_configs', 'voice_sessions', 'voice_transcripts', 'voice_analytics', 'voice_credentials'] LOOP
        EXECUTE format('ALTER TABLE public.%I
            ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1,
            ADD COLUMN deleted_at TIMESTAMPTZ,
            ADD COLUMN sync_txid XID8 NOT NULL DEFAULT pg_current_xact_id()', t);
        EXECUTE format('CREATE INDEX %I ON public.%I (org_id, sync_txid, id)', 'idx_' || t || '_sync', t);
    END LOOP;
END
$$;

-- Uniqueness holds among live rows only: a deleted config's name is free again.
ALTER TABLE public.voice_configs DROP CONSTRAINT voice_configs_name_org_unique;
CREATE UNIQUE INDEX voice_configs_name_org_unique ON public.voice_configs (org_id, name) WHERE deleted_at IS NULL;
ALTER TABLE public.voice_credentials DROP CONSTRAINT voice_credentials_service_org_unique;
CREATE UNIQUE INDEX voice_credentials_service_org_unique ON public.voice_credentials (org_id, service_name) WHERE deleted_at IS NULL;
ALTER TABLE public.voice_analytics DROP CONSTRAINT voice_analytics_session_unique;
CREATE UNIQUE INDEX voice_analytics_session_unique ON public.voice_analytics (session_id) WHERE deleted_at IS NULL;
-- One transcript per session, as the desktop assembles it.
CREATE UNIQUE INDEX voice_transcripts_session_unique ON public.voice_transcripts (session_id) WHERE deleted_at IS NULL;

-- ---------- stamping ----------
-- Every insert and update takes the writing transaction's id and the next row version. The
-- transaction id, not a clock, orders changes: pulls stay below the oldest running transaction.
CREATE OR REPLACE FUNCTION public.sync_stamp_row()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    NEW.sync_txid := pg_current_xact_id();
    IF TG_OP = 'UPDATE' THEN
        NEW.row_version := OLD.row_version + 1;
    ELSE
        NEW.row_version := 1;
    END IF;
    RETURN NEW;
END;
$$;

-- A DELETE from an API role becomes a soft delete, so the deletion reaches every desktop by pull.
-- Deletes by the table owner (cascades from a deleted org, maintenance) stay real deletes.
CREATE OR REPLACE FUNCTION public.sync_soft_delete()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    IF current_user NOT IN ('anon', 'authenticated') THEN
        RETURN OLD;
    END IF;
    EXECUTE format('UPDATE %I.%I SET deleted_at = date_trunc(''milliseconds'', now()) WHERE id = $1 AND deleted_at IS NULL',
                   TG_TABLE_SCHEMA, TG_TABLE_NAME) USING OLD.id;
    RETURN NULL;
END;
$$;

-- Live rows only point at live parents of their own org (a soft-deleted parent still satisfies
-- the foreign key, so this check is what keeps a desktop from attaching to a deleted config).
CREATE OR REPLACE FUNCTION public.sync_guard_parents()
RETURNS TRIGGER
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF NEW.deleted_at IS NOT NULL THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'voice_sessions' THEN
        IF NEW.config_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.config_id IS DISTINCT FROM OLD.config_id) AND NOT EXISTS (
            SELECT 1 FROM public.voice_configs c WHERE c.id = NEW.config_id AND c.org_id = NEW.org_id AND c.deleted_at IS NULL
        ) THEN
            RAISE EXCEPTION 'config % does not exist or was deleted', NEW.config_id USING ERRCODE = '23503';
        END IF;
    ELSIF TG_TABLE_NAME IN ('voice_transcripts', 'voice_analytics') THEN
        IF TG_OP = 'INSERT' AND NOT EXISTS (
            SELECT 1 FROM public.voice_sessions s WHERE s.id = NEW.session_id AND s.org_id = NEW.org_id AND s.deleted_at IS NULL
        ) THEN
            RAISE EXCEPTION 'session % does not exist or was deleted', NEW.session_id USING ERRCODE = '23503';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
REVOKE ALL ON FUNCTION public.sync_guard_parents() FROM PUBLIC;

-- When a row is soft-deleted: a config still used by live sessions stays (as the app refuses it
-- locally), and a session takes its transcript and analytics with it.
CREATE OR REPLACE FUNCTION public.sync_after_soft_delete()
RETURNS TRIGGER
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF OLD.deleted_at IS NOT NULL OR NEW.deleted_at IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'voice_configs' THEN
        IF EXISTS (SELECT 1 FROM public.voice_sessions s WHERE s.config_id = NEW.id AND s.deleted_at IS NULL) THEN
            RAISE EXCEPTION 'config % is used by sessions; deactivate it instead', NEW.id USING ERRCODE = '23503';
        END IF;
    ELSIF TG_TABLE_NAME = 'voice_sessions' THEN
        UPDATE public.voice_analytics SET deleted_at = NEW.deleted_at WHERE session_id = NEW.id AND deleted_at IS NULL;
        UPDATE public.voice_transcripts SET deleted_at = NEW.deleted_at WHERE session_id = NEW.id AND deleted_at IS NULL;
    END IF;
    RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION public.sync_after_soft_delete() FROM PUBLIC;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['voice_configs', 'voice_sessions', 'voice_transcripts', 'voice_analytics', 'voice_credentials'] LOOP
        EXECUTE format('CREATE TRIGGER sync_stamp BEFORE INSERT OR UPDATE ON public.%I
            FOR EACH ROW EXECUTE FUNCTION public.sync_stamp_row()', t);
        EXECUTE format('CREATE TRIGGER sync_soft_delete BEFORE DELETE ON public.%I
            FOR EACH ROW EXECUTE FUNCTION public.sync_soft_delete()', t);
        EXECUTE format('CREATE TRIGGER sync_guard_parents BEFORE INSERT OR UPDATE ON public.%I
            FOR EACH ROW EXECUTE FUNCTION public.sync_guard_parents()', t);
        EXECUTE format('CREATE TRIGGER sync_after_soft_delete AFTER UPDATE OF deleted_at ON public.%I
            FOR EACH ROW EXECUTE FUNCTION public.sync_after_soft_delete()', t);
    END LOOP;
END
$$;

-- ---------- RLS at pull speed ----------
-- The seed's SELECT policies call can_access_org_data(org_id) for every row: a function call per
-- row, 100,000 of them in a first pull. Same rule, evaluated once per statement (Supabase's RLS
-- performance advice): the caller's org ids come from one sub-select, checked by hash per row.
-- PL/pgSQL keeps its plan across statements (a push runs thousands of one-row statements).
CREATE OR REPLACE FUNCTION public.accessible_org_ids()
RETURNS SETOF UUID
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    RETURN QUERY SELECT m.org_id FROM public.org_members m WHERE m.user_id = auth.uid() AND m.active;
END;
$$;

CREATE OR REPLACE FUNCTION public.administered_org_ids()
RETURNS SETOF UUID
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    RETURN QUERY SELECT m.org_id FROM public.org_members m
    WHERE m.user_id = auth.uid() AND m.active AND m.role IN ('org_owner', 'org_admin');
END;
$$;
REVOKE ALL ON FUNCTION public.accessible_org_ids(), public.administered_org_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.accessible_org_ids(), public.administered_org_ids() TO anon, authenticated, service_role;

ALTER POLICY "voice_sessions_select_policy" ON public.voice_sessions USING (org_id IN (SELECT public.accessible_org_ids()));
ALTER POLICY "voice_transcripts_select_policy" ON public.voice_transcripts USING (org_id IN (SELECT public.accessible_org_ids()));
ALTER POLICY "voice_configs_select_policy" ON public.voice_configs USING (org_id IN (SELECT public.accessible_org_ids()));
ALTER POLICY "voice_analytics_select_policy" ON public.voice_analytics USING (org_id IN (SELECT public.accessible_org_ids()));
ALTER POLICY "voice_credentials_select_policy" ON public.voice_credentials USING (org_id IN (SELECT public.administered_org_ids()));

-- ---------- the rows as desktops see them ----------
-- One view per table, in the desktop cache's own representation (timestamps as ISO-8601 UTC with
-- milliseconds, arrays as JSON, numbers as floats), so a value compares equal on both sides.
-- security_invoker: the caller's RLS applies (a plain view would run as its owner and bypass it).
-- Inlined into the views' queries (one call per timestamp of every pulled row otherwise): so no
-- SET clause (the body names pg_catalog explicitly), and STABLE like the to_char it wraps.
CREATE OR REPLACE FUNCTION public.sync_ts(p TIMESTAMPTZ) RETURNS TEXT
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT pg_catalog.to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE VIEW public.voice_configs_sync WITH (security_invoker = true) AS
SELECT id, org_id, name, interview_type, description, config_json, is_active, version,
       public.sync_ts(created_at) AS created_at, public.sync_ts(updated_at) AS updated_at, created_by, updated_by,
       public.sync_ts(deleted_at) AS deleted_at, row_version, sync_txid::text::bigint AS txid, sync_txid
FROM public.voice_configs;

CREATE VIEW public.voice_sessions_sync WITH (security_invoker = true) AS
SELECT id, org_id, candidate_name, candidate_email, interview_type, config_id, config_version, status,
       daily_room_url, daily_room_name, ecs_task_arn, session_metadata,
       public.sync_ts(started_at) AS started_at, public.sync_ts(completed_at) AS completed_at, duration_seconds,
       public.sync_ts(created_at) AS created_at, public.sync_ts(updated_at) AS updated_at, created_by, updated_by,
       public.sync_ts(deleted_at) AS deleted_at, row_version, sync_txid::text::bigint AS txid, sync_txid
FROM public.voice_sessions;

CREATE VIEW public.voice_transcripts_sync WITH (security_invoker = true) AS
SELECT id, org_id, session_id, coalesce(transcript_text, '') AS transcript_text, transcript_s3_url, candidate_name,
       interview_type, summary, coalesce(word_count, 0) AS word_count, speaker_segments, metadata,
       public.sync_ts(created_at) AS created_at, public.sync_ts(updated_at) AS updated_at, created_by, updated_by,
       public.sync_ts(deleted_at) AS deleted_at, row_version, sync_txid::text::bigint AS txid, sync_txid
FROM public.voice_transcripts;

CREATE VIEW public.voice_analytics_sync WITH (security_invoker = true) AS
SELECT id, org_id, session_id, transcript_id, overall_score::float8 AS overall_score, category_scores,
       to_jsonb(strengths) AS strengths, to_jsonb(weaknesses) AS weaknesses, to_jsonb(recommendations) AS recommendations,
       key_moments, detailed_analysis, model_used, processing_time_ms,
       public.sync_ts(created_at) AS created_at, public.sync_ts(updated_at) AS updated_at, created_by,
       public.sync_ts(deleted_at) AS deleted_at, row_version, sync_txid::text::bigint AS txid, sync_txid
FROM public.voice_analytics;

-- Metadata only: there is no key, and no reference to one, in this table.
CREATE VIEW public.voice_credentials_sync WITH (security_invoker = true) AS
SELECT id, org_id, service_name, config_metadata, is_active, public.sync_ts(last_validated_at) AS last_validated_at,
       public.sync_ts(created_at) AS created_at, public.sync_ts(updated_at) AS updated_at, created_by, updated_by,
       public.sync_ts(deleted_at) AS deleted_at, row_version, sync_txid::text::bigint AS txid, sync_txid
FROM public.voice_credentials;

-- The columns a desktop may write per table and op kind (NULL: not a synced table). Everything
-- else (id, org_id from the op envelope; row_version, sync_txid, deleted_at by the server) is not
-- writable through sync.
CREATE OR REPLACE FUNCTION public.sync_writable_columns(p_table TEXT, p_kind TEXT)
RETURNS TEXT[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
    v_columns TEXT[];
BEGIN
    v_columns := CASE p_table
        WHEN 'voice_configs' THEN ARRAY['name', 'interview_type', 'description', 'config_json', 'is_active', 'version',
                                        'updated_at', 'updated_by']
        WHEN 'voice_sessions' THEN ARRAY['candidate_name', 'candidate_email', 'interview_type', 'config_id', 'config_version',
                                         'status', 'daily_room_url', 'daily_room_name', 'ecs_task_arn', 'session_metadata',
                                         'started_at', 'completed_at', 'duration_seconds', 'updated_at', 'updated_by']
        WHEN 'voice_transcripts' THEN ARRAY['session_id', 'transcript_text', 'transcript_s3_url', 'candidate_name',
                                            'interview_type', 'summary', 'word_count', 'speaker_segments', 'metadata',
                                            'updated_at', 'updated_by']
        WHEN 'voice_analytics' THEN ARRAY['session_id', 'transcript_id', 'overall_score', 'category_scores', 'strengths',
                                          'weaknesses', 'recommendations', 'key_moments', 'detailed_analysis', 'model_used',
                                          'processing_time_ms', 'updated_at']
        WHEN 'voice_credentials' THEN ARRAY['service_name', 'config_metadata', 'is_active', 'last_validated_at',
                                            'updated_at', 'updated_by']
        END;
    IF v_columns IS NOT NULL AND p_kind = 'insert' THEN
        v_columns := v_columns || ARRAY['created_at', 'created_by'];
    END IF;
    RETURN v_columns;
END;
$$;

-- Per-table helpers with static SQL, generated here from sync_writable_columns: PL/pgSQL caches a
-- static statement's plan for the session, where EXECUTE of a built string is planned on every
-- call (which made a push of thousands of ops several times slower).
--   sync_row_<t>(id)          the row as the caller sees it (RLS applies), desktop representation
--   sync_exists_<t>(id)       whether the row exists at all (SECURITY DEFINER: existence only)
--   sync_write_<t>(kind, id, fields)  insert / update of the given fields / soft delete; row count
-- and dispatchers over them by table name.
DO $generate$
DECLARE
    t TEXT;
    v_insert TEXT[];
    v_update TEXT[];
    v_values TEXT;
    v_sets TEXT;
    v_row_cases TEXT := '';
    v_exists_cases TEXT := '';
    v_write_cases TEXT := '';
BEGIN
    FOREACH t IN ARRAY ARRAY['voice_configs', 'voice_sessions', 'voice_transcripts', 'voice_analytics', 'voice_credentials'] LOOP
        v_insert := ARRAY['id', 'org_id'] || public.sync_writable_columns(t, 'insert');
        v_update := public.sync_writable_columns(t, 'update');
        -- A column the op leaves out gets its default, as a plain INSERT naming only given columns would.
        SELECT string_agg(format('CASE WHEN p_fields ? %L THEN r.%I ELSE %s END', c,
                   c, coalesce((SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a
                                  ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                                WHERE d.adrelid = format('public.%I', t)::regclass AND a.attname = c), 'NULL')), ', ')
          INTO v_values FROM unnest(v_insert) AS c;
        SELECT string_agg(format('%I = CASE WHEN p_fields ? %L THEN r.%I ELSE t.%I END', c, c, c, c), ', ')
          INTO v_sets FROM unnest(v_update) AS c;

        EXECUTE format($f$
            CREATE FUNCTION public.%1$I(p_id UUID) RETURNS JSONB
            LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = '' AS $b$
            BEGIN
                RETURN (SELECT to_jsonb(v) - 'sync_txid' FROM public.%2$I v WHERE v.id = p_id);
            END $b$$f$, 'sync_row_' || t, t || '_sync');

        EXECUTE format($f$
            CREATE FUNCTION public.%1$I(p_id UUID) RETURNS BOOLEAN
            LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $b$
            BEGIN
                RETURN EXISTS (SELECT 1 FROM public.%2$I WHERE id = p_id);
            END $b$$f$, 'sync_exists_' || t, t);

        EXECUTE format($f$
            CREATE FUNCTION public.%1$I(p_kind TEXT, p_id UUID, p_fields JSONB) RETURNS INTEGER
            LANGUAGE plpgsql SECURITY INVOKER SET search_path = '' AS $b$
            DECLARE
                v_count INTEGER;
            BEGIN
                IF p_kind = 'insert' THEN
                    INSERT INTO public.%2$I (%3$s)
                    SELECT %4$s FROM jsonb_populate_record(NULL::public.%2$I, p_fields) r;
                ELSIF p_kind = 'update' THEN
                    UPDATE public.%2$I t SET %5$s
                    FROM jsonb_populate_record(NULL::public.%2$I, p_fields) r WHERE t.id = p_id;
                ELSE
                    UPDATE public.%2$I SET deleted_at = date_trunc('milliseconds', now()) WHERE id = p_id AND deleted_at IS NULL;
                END IF;
                GET DIAGNOSTICS v_count = ROW_COUNT;
                RETURN v_count;
            END $b$$f$, 'sync_write_' || t, t,
            (SELECT string_agg(quote_ident(c), ', ') FROM unnest(v_insert) AS c), v_values, v_sets);

        EXECUTE format('REVOKE ALL ON FUNCTION public.%I(UUID) FROM PUBLIC, anon', 'sync_exists_' || t);
        EXECUTE format('GRANT EXECUTE ON FUNCTION public.%I(UUID) TO authenticated, service_role', 'sync_exists_' || t);
        EXECUTE format('REVOKE ALL ON FUNCTION public.%I(TEXT, UUID, JSONB) FROM PUBLIC, anon', 'sync_write_' || t);
        EXECUTE format('GRANT EXECUTE ON FUNCTION public.%I(TEXT, UUID, JSONB) TO authenticated, service_role', 'sync_write_' || t);

        v_row_cases := v_row_cases || format(' WHEN %L THEN RETURN public.%I(p_id);', t, 'sync_row_' || t);
        v_exists_cases := v_exists_cases || format(' WHEN %L THEN RETURN public.%I(p_id);', t, 'sync_exists_' || t);
        v_write_cases := v_write_cases || format(' WHEN %L THEN RETURN public.%I(p_kind, p_id, p_fields);', t, 'sync_write_' || t);
    END LOOP;

    -- The row as the caller sees it (RLS applies), in the desktop's representation; NULL if invisible.
    EXECUTE format($f$
        CREATE FUNCTION public.sync_current_row(p_table TEXT, p_id UUID) RETURNS JSONB
        LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = '' AS $b$
        BEGIN
            CASE p_table %s ELSE RETURN NULL; END CASE;
        END $b$$f$, v_row_cases);
    -- Whether a row exists at all, visible or not: tells "RLS hides it" (42501) from "gone" (P0002)
    -- when an UPDATE would otherwise answer zero rows and look like success. Reveals nothing but
    -- the existence of an id the caller already knows.
    EXECUTE format($f$
        CREATE FUNCTION public.sync_row_exists(p_table TEXT, p_id UUID) RETURNS BOOLEAN
        LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = '' AS $b$
        BEGIN
            CASE p_table %s ELSE RETURN false; END CASE;
        END $b$$f$, v_exists_cases);
    EXECUTE format($f$
        CREATE FUNCTION public.sync_write(p_table TEXT, p_kind TEXT, p_id UUID, p_fields JSONB) RETURNS INTEGER
        LANGUAGE plpgsql SECURITY INVOKER SET search_path = '' AS $b$
        BEGIN
            CASE p_table %s ELSE RAISE EXCEPTION 'table %% is not synced', p_table USING ERRCODE = '42P01'; END CASE;
        END $b$$f$, v_write_cases);
END
$generate$;
REVOKE ALL ON FUNCTION public.sync_row_exists(TEXT, UUID), public.sync_write(TEXT, TEXT, UUID, JSONB) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.sync_row_exists(TEXT, UUID), public.sync_write(TEXT, TEXT, UUID, JSONB) TO authenticated, service_role;

-- ---------- push ----------
-- Op ids already applied, with the answer given, so a resent op (its acknowledgement was lost)
-- is answered again instead of applied twice. Rejected ops are not recorded: they changed nothing,
-- and the same op may be retried once the user has fixed what was wrong.
CREATE TABLE public.sync_op_ledger (
    op_id UUID PRIMARY KEY,
    user_id UUID NOT NULL DEFAULT auth.uid() REFERENCES auth.users(id) ON DELETE CASCADE,
    org_id UUID,
    table_name TEXT NOT NULL,
    row_id UUID NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'conflict')),
    result JSONB,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_sync_op_ledger_applied_at ON public.sync_op_ledger (applied_at);
ALTER TABLE public.sync_op_ledger ENABLE ROW LEVEL SECURITY;
CREATE POLICY "sync_op_ledger_select_own" ON public.sync_op_ledger FOR SELECT TO authenticated USING (user_id = auth.uid());
CREATE POLICY "sync_op_ledger_insert_own" ON public.sync_op_ledger FOR INSERT TO authenticated WITH CHECK (user_id = auth.uid());
COMMENT ON TABLE public.sync_op_ledger IS 'Applied sync op ids, for exactly-once pushes; safe to prune entries older than any desktop stays offline';

-- Applies one op; raises (with a SQLSTATE) to reject it. Conflict rule, per field: a field someone
-- else changed since this desktop last saw it (the server value is neither the op's base nor the
-- op's value) keeps the server's value: the earlier commit in server order wins. The op's other
-- fields still apply, and the answer lists each field it lost, with both values.
CREATE OR REPLACE FUNCTION public.sync_apply_op(p_op JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY INVOKER
SET search_path = ''
AS $$
DECLARE
    v_table TEXT := p_op->>'table';
    v_kind TEXT := p_op->>'kind';
    v_id UUID := (p_op->>'id')::uuid;
    v_org UUID := (p_op->>'org_id')::uuid;
    v_fields JSONB := coalesce(p_op->'fields', '{}'::jsonb);
    v_base JSONB := coalesce(p_op->'base', '{}'::jsonb);
    v_allowed TEXT[] := public.sync_writable_columns(v_table, v_kind);
    v_current JSONB;
    v_apply TEXT[] := '{}';
    v_conflicts JSONB := '[]'::jsonb;
    v_key TEXT;
    v_write JSONB;
    v_count INTEGER;
BEGIN
    IF v_kind NOT IN ('insert', 'update', 'delete') OR v_kind IS NULL THEN
        RAISE EXCEPTION 'unknown op kind %', v_kind USING ERRCODE = '22023';
    END IF;
    IF v_allowed IS NULL THEN
        RAISE EXCEPTION 'table % is not synced', v_table USING ERRCODE = '42P01';
    END IF;
    IF v_id IS NULL OR v_org IS NULL OR jsonb_typeof(v_fields) <> 'object' OR jsonb_typeof(v_base) <> 'object' THEN
        RAISE EXCEPTION 'an op needs id, org_id, and object fields and base' USING ERRCODE = '22023';
    END IF;
    FOR v_key IN SELECT jsonb_object_keys(v_fields) LOOP
        IF NOT v_key = ANY (v_allowed) THEN
            RAISE EXCEPTION 'column %.% cannot be written by a % op', v_table, v_key, v_kind USING ERRCODE = '42703';
        END IF;
    END LOOP;

    IF v_kind = 'insert' THEN
        -- An existing id (visible or not) fails on the primary key: 23505, as a taken name does.
        PERFORM public.sync_write(v_table, 'insert', v_id, v_fields || jsonb_build_object('id', v_id, 'org_id', v_org));
        RETURN jsonb_build_object('outcome', 'applied', 'conflicts', '[]'::jsonb, 'row', public.sync_current_row(v_table, v_id));
    END IF;

    v_current := public.sync_current_row(v_table, v_id);

    IF v_current IS NULL THEN
        IF public.sync_row_exists(v_table, v_id) THEN
            RAISE EXCEPTION 'not allowed to see % row %', v_table, v_id USING ERRCODE = '42501';
        END IF;
        RAISE EXCEPTION '% row % does not exist', v_table, v_id USING ERRCODE = 'P0002';
    END IF;
    IF (v_current->>'org_id')::uuid IS DISTINCT FROM v_org THEN
        RAISE EXCEPTION '% row % belongs to another org', v_table, v_id USING ERRCODE = '22023';
    END IF;

    IF v_kind = 'delete' THEN
        IF v_current->>'deleted_at' IS NULL THEN
            v_count := public.sync_write(v_table, 'delete', v_id, '{}'::jsonb);
            IF v_count = 0 THEN
                -- Readable but not changeable: RLS answered the UPDATE with zero rows.
                RAISE EXCEPTION 'not allowed to delete % row %', v_table, v_id USING ERRCODE = '42501';
            END IF;
        END IF;
        RETURN jsonb_build_object('outcome', 'applied', 'conflicts', '[]'::jsonb, 'row', public.sync_current_row(v_table, v_id));
    END IF;

    IF v_current->>'deleted_at' IS NOT NULL THEN
        RAISE EXCEPTION '% row % was deleted', v_table, v_id USING ERRCODE = 'P0002';
    END IF;
    FOR v_key IN SELECT jsonb_object_keys(v_fields) LOOP
        IF v_base ? v_key
           AND (v_current->v_key) IS DISTINCT FROM (v_base->v_key)
           AND (v_current->v_key) IS DISTINCT FROM (v_fields->v_key)
           AND v_key NOT IN ('updated_at', 'updated_by') THEN
            v_conflicts := v_conflicts || jsonb_build_array(jsonb_build_object(
                'field', v_key, 'mine', v_fields->v_key, 'theirs', v_current->v_key));
        ELSE
            v_apply := v_apply || v_key;
        END IF;
    END LOOP;
    IF cardinality(v_apply) > 0 THEN
        SELECT jsonb_object_agg(k, v_fields->k) INTO v_write FROM unnest(v_apply) AS k;
        v_count := public.sync_write(v_table, 'update', v_id, v_write);
        IF v_count = 0 THEN
            -- The caller may read this row (SELECT policy) but not change it (UPDATE policy): the
            -- UPDATE "succeeded" on zero rows. Say so instead of reporting it applied.
            RAISE EXCEPTION 'not allowed to change % row %', v_table, v_id USING ERRCODE = '42501';
        END IF;
    END IF;
    RETURN jsonb_build_object(
        'outcome', CASE WHEN jsonb_array_length(v_conflicts) > 0 THEN 'conflict' ELSE 'applied' END,
        'conflicts', v_conflicts,
        'row', public.sync_current_row(v_table, v_id));
END;
$$;

-- The push RPC: ops in order, each in its own savepoint (the inner BEGIN ... EXCEPTION block), so
-- one rejected op never takes the others with it. SECURITY INVOKER: every op runs as the caller.
CREATE OR REPLACE FUNCTION public.sync_push(p_ops JSONB)
RETURNS JSONB
LANGUAGE plpgsql
SECURITY INVOKER
SET search_path = ''
AS $$
DECLARE
    v_op JSONB;
    v_op_id UUID;
    v_result JSONB;
    v_results JSONB[] := '{}';
    v_constraint TEXT;
    v_state TEXT;
    v_message TEXT;
    v_detail TEXT;
BEGIN
    IF auth.uid() IS NULL THEN
        RAISE EXCEPTION 'sign in to sync' USING ERRCODE = '42501';
    END IF;
    IF jsonb_typeof(p_ops) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'p_ops must be an array' USING ERRCODE = '22023';
    END IF;
    IF jsonb_array_length(p_ops) > 1000 THEN
        RAISE EXCEPTION 'at most 1000 ops per push' USING ERRCODE = '54000';
    END IF;

    FOR v_op IN SELECT value FROM jsonb_array_elements(p_ops) LOOP
        v_op_id := NULL;
        v_result := NULL;
        BEGIN
            v_op_id := (v_op->>'op_id')::uuid;
            IF v_op_id IS NULL THEN
                RAISE EXCEPTION 'an op needs an op_id' USING ERRCODE = '22023';
            END IF;
            SELECT l.result INTO v_result FROM public.sync_op_ledger l WHERE l.op_id = v_op_id;
            IF v_result IS NULL THEN
                PERFORM set_config('sync.op_id', v_op_id::text, true);
                v_result := public.sync_apply_op(v_op);
                -- Recorded with the op, in its savepoint. A resend racing this one (its answer was
                -- slow, the desktop sent it again) fails here on the key and is answered below.
                INSERT INTO public.sync_op_ledger (op_id, user_id, org_id, table_name, row_id, outcome, result)
                VALUES (v_op_id, auth.uid(), (v_op->>'org_id')::uuid, v_op->>'table', (v_op->>'id')::uuid,
                        v_result->>'outcome', v_result - 'row');
            ELSE
                v_result := v_result || jsonb_build_object('replayed', true,
                    'row', public.sync_current_row(v_op->>'table', (v_op->>'id')::uuid));
            END IF;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL,
                                    v_constraint = CONSTRAINT_NAME;
            IF v_state = '23505' AND v_constraint = 'sync_op_ledger_pkey' THEN
                SELECT l.result INTO v_result FROM public.sync_op_ledger l WHERE l.op_id = v_op_id;
                v_result := v_result || jsonb_build_object('replayed', true,
                    'row', public.sync_current_row(v_op->>'table', (v_op->>'id')::uuid));
            ELSE
                v_result := jsonb_build_object('outcome', 'rejected', 'sqlstate', v_state, 'message', v_message,
                                               'detail', nullif(v_detail, ''), 'conflicts', '[]'::jsonb);
                BEGIN
                    v_result := v_result || jsonb_build_object('row', public.sync_current_row(v_op->>'table', (v_op->>'id')::uuid));
                EXCEPTION WHEN OTHERS THEN
                    NULL;  -- a malformed op has no row to show
                END;
            END IF;
        END;
        PERFORM set_config('sync.op_id', '', true);
        -- Appending to an array (not to a jsonb value) keeps a long batch linear.
        v_results := v_results || (jsonb_build_object('op_id', v_op->'op_id') || v_result);
    END LOOP;
    RETURN to_jsonb(v_results);
END;
$$;
REVOKE ALL ON FUNCTION public.sync_push(JSONB), public.sync_apply_op(JSONB) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.sync_push(JSONB), public.sync_apply_op(JSONB) TO authenticated, service_role;

-- ---------- pull ----------
-- One page per (org, table) cursor, all below one bound: the oldest transaction still running.
-- Every version below it has committed or never will, so a cursor that passes it cannot skip a row
-- that commits later. p_cursors: [{org_id, table, txid, id}]; p_limit caps the rows of the call.
CREATE OR REPLACE FUNCTION public.sync_pull(p_cursors JSONB, p_limit INTEGER DEFAULT 1000)
RETURNS JSON
LANGUAGE plpgsql STABLE
SECURITY INVOKER
SET search_path = ''
AS $$
DECLARE
    v_bound XID8 := pg_snapshot_xmin(pg_current_snapshot());
    v_budget INTEGER := least(greatest(coalesce(p_limit, 1000), 1), 10000);
    v_cursor JSONB;
    v_rows JSON;
    v_count INTEGER;
    v_limit INTEGER;
    v_pages JSON[] := '{}';
BEGIN
    IF jsonb_typeof(p_cursors) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'p_cursors must be an array' USING ERRCODE = '22023';
    END IF;
    FOR v_cursor IN SELECT value FROM jsonb_array_elements(p_cursors) LOOP
        IF public.sync_writable_columns(v_cursor->>'table', 'update') IS NULL THEN
            RAISE EXCEPTION 'table % is not synced', v_cursor->>'table' USING ERRCODE = '42P01';
        END IF;
        v_limit := v_budget;
        IF v_limit > 0 THEN
            -- json (text), not jsonb: a page is only passed through, and building jsonb for
            -- thousands of rows costs more than the query itself.
            EXECUTE format(
                'SELECT coalesce(json_agg(row_to_json(p) ORDER BY p.sync_txid, p.id), ''[]''::json), count(*)
                 FROM (SELECT * FROM public.%I v
                       WHERE v.org_id = $1 AND (v.sync_txid, v.id) > ($2::xid8, $3) AND v.sync_txid < $4
                       ORDER BY v.sync_txid, v.id LIMIT $5) p',
                (v_cursor->>'table') || '_sync')
            INTO v_rows, v_count
            USING (v_cursor->>'org_id')::uuid,
                  coalesce(v_cursor->>'txid', '0'),
                  coalesce((v_cursor->>'id')::uuid, '00000000-0000-0000-0000-000000000000'::uuid),
                  v_bound,
                  v_limit;
        ELSE
            v_rows := '[]'::json;
            v_count := 0;
        END IF;
        v_budget := v_budget - v_count;
        v_pages := v_pages || json_build_object(
            'org_id', v_cursor->'org_id', 'table', v_cursor->'table', 'rows', v_rows,
            'has_more', v_limit = 0 OR v_count >= v_limit);
    END LOOP;
    RETURN json_build_object('bound', v_bound::text, 'pages', coalesce(array_to_json(v_pages), '[]'::json));
END;
$$;

-- The caller's orgs and roles: pulled first, before any org's rows.
CREATE OR REPLACE FUNCTION public.sync_memberships()
RETURNS JSONB
LANGUAGE sql STABLE
SECURITY INVOKER
SET search_path = ''
AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'org_id', m.org_id, 'org_name', o.name, 'role', m.role, 'active', m.active,
        'org_created_at', public.sync_ts(o.created_at)) ORDER BY o.name, o.id), '[]'::jsonb)
    FROM public.org_members m
    JOIN public.org o ON o.id = m.org_id
    WHERE m.user_id = auth.uid()
$$;

-- ---------- the seed's RPCs, deleted rows left out ----------
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
    LEFT JOIN public.voice_analytics a ON a.session_id = s.id AND a.deleted_at IS NULL
    WHERE s.org_id = p_org_id AND s.deleted_at IS NULL;

    RETURN v_result;
END;
$$;
