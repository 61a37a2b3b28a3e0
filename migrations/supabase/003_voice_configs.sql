-- ========================================
-- Voice Module - Configs Table
-- Created: January 16, 2026
-- Changes from the seed: no DROP TABLE ... CASCADE; schema-qualified function names; and the fix
-- for the seed's ordering bug: voice_sessions.config_id gets its foreign key here, now that
-- voice_configs exists (ON DELETE SET NULL, as the seed intended).
-- ========================================

CREATE TABLE public.voice_configs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id UUID NOT NULL REFERENCES public.org(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    interview_type VARCHAR(100) NOT NULL,
    description TEXT,
    config_json JSONB NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT true,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    created_by UUID NOT NULL REFERENCES auth.users(id),
    updated_by UUID REFERENCES auth.users(id),

    -- Unique name per org
    CONSTRAINT voice_configs_name_org_unique UNIQUE (org_id, name)
);

ALTER TABLE public.voice_sessions
    ADD CONSTRAINT voice_sessions_config_id_fkey
    FOREIGN KEY (config_id) REFERENCES public.voice_configs(id) ON DELETE SET NULL;

-- Indexes
CREATE INDEX idx_voice_configs_org_id ON public.voice_configs(org_id);
CREATE INDEX idx_voice_configs_is_active ON public.voice_configs(is_active);
CREATE INDEX idx_voice_configs_interview_type ON public.voice_configs(interview_type);

-- Enable RLS
ALTER TABLE public.voice_configs ENABLE ROW LEVEL SECURITY;

-- RLS Policies
CREATE POLICY "voice_configs_select_policy" ON public.voice_configs
    FOR SELECT USING (public.can_access_org_data(org_id));

CREATE POLICY "voice_configs_insert_policy" ON public.voice_configs
    FOR INSERT WITH CHECK (public.can_access_org_data(org_id));

CREATE POLICY "voice_configs_update_policy" ON public.voice_configs
    FOR UPDATE USING (public.can_modify_org_data(org_id))
    WITH CHECK (public.can_modify_org_data(org_id));

CREATE POLICY "voice_configs_delete_policy" ON public.voice_configs
    FOR DELETE USING (public.can_modify_org_data(org_id));

-- Updated at trigger
CREATE TRIGGER update_voice_configs_updated_at
    BEFORE UPDATE ON public.voice_configs
    FOR EACH ROW
    EXECUTE FUNCTION public.update_updated_at_column();

-- Comments
COMMENT ON TABLE public.voice_configs IS 'Pipecat interview configurations per organization';
COMMENT ON COLUMN public.voice_configs.config_json IS 'Full Pipecat configuration JSON';
