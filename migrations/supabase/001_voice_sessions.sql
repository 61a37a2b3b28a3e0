-- ========================================
-- Voice Module - Sessions Table
-- Created: January 16, 2026
-- Changes from the seed, so it runs for real:
--   * no DROP TABLE ... CASCADE: migrations run once, and a re-run must never destroy team data;
--   * config_id's foreign key is added by 003, once voice_configs exists (the seed referenced
--     voice_configs here, before 003 created it, so 001 failed on an empty database);
--   * policies and the trigger name their functions schema-qualified.
-- ========================================

CREATE TABLE public.voice_sessions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id UUID NOT NULL REFERENCES public.org(id) ON DELETE CASCADE,
    candidate_name VARCHAR(255),
    candidate_email VARCHAR(255),
    interview_type VARCHAR(100) NOT NULL,
    config_id UUID,  -- REFERENCES public.voice_configs(id): added in 003_voice_configs.sql
    status VARCHAR(50) NOT NULL DEFAULT 'pending',
    daily_room_url TEXT,
    daily_room_name VARCHAR(255),
    daily_room_token TEXT,
    ecs_task_arn TEXT,
    session_metadata JSONB NOT NULL DEFAULT '{}',
    started_at TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    duration_seconds INTEGER,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    created_by UUID NOT NULL REFERENCES auth.users(id),
    updated_by UUID REFERENCES auth.users(id),

    -- Constraints
    CONSTRAINT voice_sessions_status_check CHECK (
        status IN ('pending', 'ready', 'active', 'completed', 'failed', 'cancelled')
    ),
    CONSTRAINT voice_sessions_duration_check CHECK (
        duration_seconds IS NULL OR duration_seconds >= 0
    )
);

-- Indexes
CREATE INDEX idx_voice_sessions_org_id ON public.voice_sessions(org_id);
CREATE INDEX idx_voice_sessions_status ON public.voice_sessions(status);
CREATE INDEX idx_voice_sessions_created_at ON public.voice_sessions(created_at DESC);
CREATE INDEX idx_voice_sessions_config_id ON public.voice_sessions(config_id);
CREATE INDEX idx_voice_sessions_interview_type ON public.voice_sessions(interview_type);

-- Enable RLS
ALTER TABLE public.voice_sessions ENABLE ROW LEVEL SECURITY;

-- RLS Policies
CREATE POLICY "voice_sessions_select_policy" ON public.voice_sessions
    FOR SELECT USING (public.can_access_org_data(org_id));

CREATE POLICY "voice_sessions_insert_policy" ON public.voice_sessions
    FOR INSERT WITH CHECK (public.can_access_org_data(org_id));

CREATE POLICY "voice_sessions_update_policy" ON public.voice_sessions
    FOR UPDATE USING (public.can_modify_org_data(org_id))
    WITH CHECK (public.can_modify_org_data(org_id));

CREATE POLICY "voice_sessions_delete_policy" ON public.voice_sessions
    FOR DELETE USING (public.can_modify_org_data(org_id));

-- Updated at trigger
CREATE TRIGGER update_voice_sessions_updated_at
    BEFORE UPDATE ON public.voice_sessions
    FOR EACH ROW
    EXECUTE FUNCTION public.update_updated_at_column();

-- Comments
COMMENT ON TABLE public.voice_sessions IS 'Voice interview sessions with Daily.co room details';
COMMENT ON COLUMN public.voice_sessions.org_id IS 'Organization ID for multi-tenancy';
COMMENT ON COLUMN public.voice_sessions.status IS 'Session lifecycle: pending, ready, active, completed, failed, cancelled';
COMMENT ON COLUMN public.voice_sessions.daily_room_token IS 'Daily.co participant token (expires after 24h); the desktop app keeps it local and never syncs it';
