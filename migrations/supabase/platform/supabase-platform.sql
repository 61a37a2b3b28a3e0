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

-- ========================================
-- Supabase Realtime's `realtime` schema, for the local test stack ONLY (Supabase's Realtime
-- service creates and owns it in a real project). Just what database broadcasts and private
-- channel authorization use; test/fakes/fake-realtime.ts is the Realtime server that reads it:
--   * realtime.messages: every row inserted and committed is broadcast to the clients joined on
--     its topic (Supabase streams the table by logical replication; here an AFTER INSERT trigger
--     NOTIFYs the row id, which is just as transactional: a rolled-back insert never reaches
--     anyone). `private` rows go only to private joins, public rows only to public joins.
--   * RLS on realtime.messages is the authorization of private channels: a private join is
--     allowed when the user may SELECT a row of that topic (Realtime probes it in a transaction
--     it rolls back, with `role`, `request.jwt.claims` and `realtime.topic` set). Policies come
--     from the app's migrations; with none, no private channel can be joined.
--   * realtime.topic() and realtime.send() as Supabase defines them (send adds an `id` to a
--     payload that has none and turns its own failures into a WARNING, never an error).
--   Differences: Supabase's messages table is partitioned by day with a uuid id; here it is one
--   table with a bigserial id (the broadcast's meta.id is that id as text).
-- ========================================

CREATE SCHEMA IF NOT EXISTS realtime;
GRANT USAGE ON SCHEMA realtime TO anon, authenticated, service_role;

CREATE TABLE IF NOT EXISTS realtime.messages (
  id           bigserial PRIMARY KEY,
  topic        text NOT NULL,
  extension    text NOT NULL DEFAULT 'broadcast',
  event        text,
  payload      jsonb,
  private      boolean DEFAULT true,
  inserted_at  timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS messages_topic_idx ON realtime.messages (topic);
ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;
-- Supabase's grants: the API roles may select / insert / update, RLS decides which rows.
GRANT SELECT, INSERT, UPDATE ON realtime.messages TO anon, authenticated, service_role;
GRANT USAGE ON SEQUENCE realtime.messages_id_seq TO anon, authenticated, service_role;

CREATE OR REPLACE FUNCTION realtime.topic() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('realtime.topic', true), '')::text
$$;

CREATE OR REPLACE FUNCTION realtime.send(payload jsonb, event text, topic text, private boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    EXECUTE format('SET LOCAL realtime.topic TO %L', topic);
    INSERT INTO realtime.messages (payload, event, topic, private, extension)
    VALUES (
      CASE WHEN payload ? 'id' THEN payload ELSE jsonb_set(payload, '{id}', to_jsonb(gen_random_uuid())) END,
      event, topic, private, 'broadcast'
    );
  EXCEPTION
    WHEN OTHERS THEN
      RAISE WARNING 'ErrorSendingBroadcastMessage: %', SQLERRM;
  END;
END;
$$;

-- The stand-in's replication: the fake Realtime LISTENs on this channel and reads the row by id
-- (a NOTIFY payload is limited to 8000 bytes; a message's payload is not).
CREATE OR REPLACE FUNCTION realtime.notify_fake_realtime() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('test_stack_realtime_messages', NEW.id::text);
  RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS notify_fake_realtime ON realtime.messages;
CREATE TRIGGER notify_fake_realtime AFTER INSERT ON realtime.messages
  FOR EACH ROW EXECUTE FUNCTION realtime.notify_fake_realtime();
