-- ========================================
-- Voice Module - Credentials Table (metadata only)
-- Created: January 16, 2026
-- Changes from the seed: no DROP TABLE ... CASCADE; schema-qualified function names; and no
-- secret reference at all. The seed kept an AWS Secrets Manager ARN; in this product every admin's
-- provider keys stay in that admin's OS keychain, so the shared table holds only which services
-- an org uses, their non-secret settings, and when a key was last validated. OpenAI joins the
-- services (the desktop app validates and uses an OpenAI key for the interviewer bot).
-- ========================================

CREATE TABLE public.voice_credentials (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id UUID NOT NULL REFERENCES public.org(id) ON DELETE CASCADE,
    service_name VARCHAR(50) NOT NULL,
    config_metadata JSONB NOT NULL DEFAULT '{}',
    is_active BOOLEAN NOT NULL DEFAULT true,
    last_validated_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    created_by UUID NOT NULL REFERENCES auth.users(id),
    updated_by UUID REFERENCES auth.users(id),

    -- One credential per service per org
    CONSTRAINT voice_credentials_service_org_unique UNIQUE (org_id, service_name),
    CONSTRAINT voice_credentials_service_check CHECK (
        service_name IN ('daily', 'deepgram', 'cartesia', 'openai')
    ),
    -- Belt and braces: settings are flat, and nothing named like a secret can be stored here.
    CONSTRAINT voice_credentials_metadata_is_object CHECK (jsonb_typeof(config_metadata) = 'object'),
    CONSTRAINT voice_credentials_no_secret_metadata CHECK (
        NOT jsonb_path_exists(config_metadata, '$.keyvalue() ? (@.key like_regex "(key|secret|token|password)" flag "i")')
    )
);

-- Indexes
CREATE INDEX idx_voice_credentials_org_id ON public.voice_credentials(org_id);
CREATE INDEX idx_voice_credentials_service ON public.voice_credentials(service_name);
CREATE INDEX idx_voice_credentials_is_active ON public.voice_credentials(is_active);

-- Enable RLS
ALTER TABLE public.voice_credentials ENABLE ROW LEVEL SECURITY;

-- RLS Policies (admin-only access)
CREATE POLICY "voice_credentials_select_policy" ON public.voice_credentials
    FOR SELECT USING (public.can_admin_org(org_id));

CREATE POLICY "voice_credentials_insert_policy" ON public.voice_credentials
    FOR INSERT WITH CHECK (public.can_admin_org(org_id));

CREATE POLICY "voice_credentials_update_policy" ON public.voice_credentials
    FOR UPDATE USING (public.can_admin_org(org_id))
    WITH CHECK (public.can_admin_org(org_id));

CREATE POLICY "voice_credentials_delete_policy" ON public.voice_credentials
    FOR DELETE USING (public.can_admin_org(org_id));

-- Updated at trigger
CREATE TRIGGER update_voice_credentials_updated_at
    BEFORE UPDATE ON public.voice_credentials
    FOR EACH ROW
    EXECUTE FUNCTION public.update_updated_at_column();

-- Comments
COMMENT ON TABLE public.voice_credentials IS 'Which provider services an org uses and their settings; the keys stay in each admin''s OS keychain';
