-- ========================================
-- What a Supabase project already provides, for the local test stack ONLY.
-- Never apply this to a real Supabase project: there these roles, the auth schema and auth.uid()
-- exist already. It reproduces Supabase's model closely enough that the numbered migrations beside
-- it run unchanged on both:
--   * roles anon / authenticated / service_role (service_role bypasses RLS), and `authenticator`,
--     the login role PostgREST connects as and switches from per request (the JWT's `role` claim);
--   * the auth schema with auth.users, and auth.uid() / auth.role() / auth.jwt() reading the
--     `request.jwt.claims` setting that PostgREST sets from the verified JWT, exactly as Supabase's do;
--   * Supabase's default grants: API roles get table privileges in public, RLS decides the rows.
-- ========================================

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN
    CREATE ROLE authenticator LOGIN NOINHERIT PASSWORD 'authenticator';
  END IF;
END
$$;
GRANT anon, authenticated, service_role TO authenticator;

CREATE SCHEMA IF NOT EXISTS auth;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;

-- The columns of Supabase's auth.users that the app's migrations and the test stack use.
CREATE TABLE IF NOT EXISTS auth.users (
  id                  uuid PRIMARY KEY,
  aud                 varchar(255) DEFAULT 'authenticated',
  role                varchar(255) DEFAULT 'authenticated',
  email               varchar(255) UNIQUE,
  encrypted_password  varchar(255),
  raw_user_meta_data  jsonb NOT NULL DEFAULT '{}',
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Supabase's definitions: the claims PostgREST verified, as one JSON setting (or the legacy
-- per-claim settings), NULL when absent.
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

CREATE OR REPLACE FUNCTION auth.role() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

GRANT EXECUTE ON FUNCTION auth.uid(), auth.role(), auth.jwt() TO anon, authenticated, service_role;

GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO anon, authenticated, service_role;
