-- ========================================
-- Voice Module - What the seed's migrations assume but never define
-- The seed's 001-006 reference public.org, org membership with roles, the access helpers
-- can_access_org_data / can_modify_org_data / can_admin_org, and update_updated_at_column().
-- They live here, before 001, so every migration applies in order on an empty database.
-- ========================================

-- The three roles the desktop app knows (contracts/identity.ts): owners and admins manage the org,
-- users are the recruiters who run interviews.
CREATE TYPE public.org_role AS ENUM ('org_owner', 'org_admin', 'org_user');

CREATE TABLE public.org (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    created_by UUID REFERENCES auth.users(id)
);

CREATE TABLE public.org_members (
    org_id UUID NOT NULL REFERENCES public.org(id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
    role public.org_role NOT NULL DEFAULT 'org_user',
    active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX idx_org_members_user ON public.org_members(user_id, org_id) WHERE active;

-- Keeps updated_at honest on every UPDATE (the seed's tables all use it). Millisecond precision:
-- the desktop cache stores ISO-8601 with milliseconds, so a value survives the round trip exactly.
CREATE OR REPLACE FUNCTION public.update_updated_at_column()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    NEW.updated_at := date_trunc('milliseconds', now());
    RETURN NEW;
END;
$$;

-- Access helpers. SECURITY DEFINER so that policies on org_members itself can use them without
-- recursing into org_members' own RLS; search_path is pinned so a caller cannot shadow a table.
-- Each returns false for anon (auth.uid() is NULL). STABLE: evaluated per row by RLS, never writes.
-- PL/pgSQL rather than SQL: a SQL function with a SET clause is planned again on every call, and
-- RLS calls these for every row written (a push of 10,000 ops), where PL/pgSQL reuses its plan.

-- Members (any role, active) read their org's data and create rows in it.
CREATE OR REPLACE FUNCTION public.can_access_org_data(p_org_id UUID)
RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    RETURN EXISTS (
            SELECT 1 FROM public.org_members m
            WHERE m.org_id = p_org_id AND m.user_id = auth.uid() AND m.active
    );
END;
$$;

-- Modifiers change and delete rows: every active role that may write (all three today; a read-only
-- role would be added to org_role and left out here).
CREATE OR REPLACE FUNCTION public.can_modify_org_data(p_org_id UUID)
RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    RETURN EXISTS (
            SELECT 1 FROM public.org_members m
            WHERE m.org_id = p_org_id AND m.user_id = auth.uid() AND m.active
              AND m.role IN ('org_owner', 'org_admin', 'org_user')
    );
END;
$$;

-- Admins (owners and admins) manage the org: membership and provider credential metadata.
CREATE OR REPLACE FUNCTION public.can_admin_org(p_org_id UUID)
RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    RETURN EXISTS (
            SELECT 1 FROM public.org_members m
            WHERE m.org_id = p_org_id AND m.user_id = auth.uid() AND m.active
              AND m.role IN ('org_owner', 'org_admin')
    );
END;
$$;

REVOKE ALL ON FUNCTION public.can_access_org_data(UUID), public.can_modify_org_data(UUID), public.can_admin_org(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.can_access_org_data(UUID), public.can_modify_org_data(UUID), public.can_admin_org(UUID)
    TO anon, authenticated, service_role;

-- Whoever creates an org owns it.
CREATE OR REPLACE FUNCTION public.org_add_creator_as_owner()
RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF NEW.created_by IS NOT NULL THEN
        INSERT INTO public.org_members (org_id, user_id, role) VALUES (NEW.id, NEW.created_by, 'org_owner')
        ON CONFLICT (org_id, user_id) DO NOTHING;
    END IF;
    RETURN NEW;
END;
$$;
REVOKE ALL ON FUNCTION public.org_add_creator_as_owner() FROM PUBLIC;

CREATE TRIGGER org_creator_is_owner AFTER INSERT ON public.org
    FOR EACH ROW EXECUTE FUNCTION public.org_add_creator_as_owner();
CREATE TRIGGER update_org_updated_at BEFORE UPDATE ON public.org
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER update_org_members_updated_at BEFORE UPDATE ON public.org_members
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

ALTER TABLE public.org ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.org_members ENABLE ROW LEVEL SECURITY;

CREATE POLICY "org_select_policy" ON public.org
    FOR SELECT USING (public.can_access_org_data(id));
CREATE POLICY "org_insert_policy" ON public.org
    FOR INSERT TO authenticated WITH CHECK (created_by = auth.uid());
CREATE POLICY "org_update_policy" ON public.org
    FOR UPDATE USING (public.can_admin_org(id)) WITH CHECK (public.can_admin_org(id));
CREATE POLICY "org_delete_policy" ON public.org
    FOR DELETE USING (public.can_admin_org(id));

-- Members see who else is in their org; only admins change membership.
CREATE POLICY "org_members_select_policy" ON public.org_members
    FOR SELECT USING (user_id = auth.uid() OR public.can_access_org_data(org_id));
CREATE POLICY "org_members_insert_policy" ON public.org_members
    FOR INSERT WITH CHECK (public.can_admin_org(org_id));
CREATE POLICY "org_members_update_policy" ON public.org_members
    FOR UPDATE USING (public.can_admin_org(org_id)) WITH CHECK (public.can_admin_org(org_id));
CREATE POLICY "org_members_delete_policy" ON public.org_members
    FOR DELETE USING (public.can_admin_org(org_id));

COMMENT ON TABLE public.org IS 'Organizations (tenants); every voice row belongs to one';
COMMENT ON TABLE public.org_members IS 'Who belongs to which org, with which org_role';
