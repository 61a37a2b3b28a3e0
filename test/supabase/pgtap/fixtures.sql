-- Shared fixtures for the pgTAP files (included with \ir, inside each file's transaction):
-- org A with an owner, an admin and a user; org B with a user; an outsider with no org.
INSERT INTO auth.users (id, email) VALUES
  ('a0000000-0000-4000-8000-000000000000', 'owner-a@example.com'),
  ('a1000000-0000-4000-8000-000000000000', 'admin-a@example.com'),
  ('a2000000-0000-4000-8000-000000000000', 'user-a@example.com'),
  ('b2000000-0000-4000-8000-000000000000', 'user-b@example.com'),
  ('f0000000-0000-4000-8000-000000000000', 'outsider@example.com');
INSERT INTO public.org (id, name) VALUES
  ('0a000000-0000-4000-8000-000000000000', 'Org A'),
  ('0b000000-0000-4000-8000-000000000000', 'Org B');
INSERT INTO public.org_members (org_id, user_id, role) VALUES
  ('0a000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'org_owner'),
  ('0a000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'org_admin'),
  ('0a000000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'org_user'),
  ('0b000000-0000-4000-8000-000000000000', 'b2000000-0000-4000-8000-000000000000', 'org_user');

-- One row of each table per org (ids: c = config, 5 = session, 7 = transcript, 9 = analytics, e = credential).
INSERT INTO public.voice_configs (id, org_id, name, interview_type, config_json, created_by) VALUES
  ('ca000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'Backend', 'technical', '{}', 'a2000000-0000-4000-8000-000000000000'),
  ('cb000000-0000-4000-8000-000000000000', '0b000000-0000-4000-8000-000000000000', 'Backend', 'technical', '{}', 'b2000000-0000-4000-8000-000000000000');
INSERT INTO public.voice_sessions (id, org_id, interview_type, config_id, candidate_name, created_by) VALUES
  ('5a000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'technical', 'ca000000-0000-4000-8000-000000000000', 'Grace', 'a2000000-0000-4000-8000-000000000000'),
  ('5b000000-0000-4000-8000-000000000000', '0b000000-0000-4000-8000-000000000000', 'technical', 'cb000000-0000-4000-8000-000000000000', 'Linus', 'b2000000-0000-4000-8000-000000000000');
INSERT INTO public.voice_transcripts (id, org_id, session_id, transcript_text, created_by) VALUES
  ('7a000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', '5a000000-0000-4000-8000-000000000000', 'hello', 'a2000000-0000-4000-8000-000000000000'),
  ('7b000000-0000-4000-8000-000000000000', '0b000000-0000-4000-8000-000000000000', '5b000000-0000-4000-8000-000000000000', 'hello', 'b2000000-0000-4000-8000-000000000000');
INSERT INTO public.voice_analytics (id, org_id, session_id, transcript_id, overall_score, strengths, created_by) VALUES
  ('9a000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', '5a000000-0000-4000-8000-000000000000', '7a000000-0000-4000-8000-000000000000', 81.5, '{clear}', 'a2000000-0000-4000-8000-000000000000'),
  ('9b000000-0000-4000-8000-000000000000', '0b000000-0000-4000-8000-000000000000', '5b000000-0000-4000-8000-000000000000', '7b000000-0000-4000-8000-000000000000', 70, '{}', 'b2000000-0000-4000-8000-000000000000');
INSERT INTO public.voice_credentials (id, org_id, service_name, config_metadata, created_by) VALUES
  ('ea000000-0000-4000-8000-000000000000', '0a000000-0000-4000-8000-000000000000', 'deepgram', '{"model": "nova-2"}', 'a1000000-0000-4000-8000-000000000000'),
  ('eb000000-0000-4000-8000-000000000000', '0b000000-0000-4000-8000-000000000000', 'openai', '{}', 'b2000000-0000-4000-8000-000000000000');

-- Acting as someone, the way PostgREST does it: the role, and the verified claims as a setting.
CREATE FUNCTION pg_temp.act_as(p_role text, p_sub text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('request.jwt.claims',
    CASE WHEN p_sub IS NULL THEN json_build_object('role', p_role)::text
         ELSE json_build_object('role', p_role, 'sub', p_sub)::text END, true);
  EXECUTE format('SET LOCAL ROLE %I', p_role);
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.act_as(text, text) TO PUBLIC;
