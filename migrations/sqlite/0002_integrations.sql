-- Provider keys (references only: the secrets live in the OS keychain), the S3 archive queue,
-- and the analytics job state.

CREATE TABLE voice_credentials (
  id                  TEXT PRIMARY KEY,
  org_id              TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  service_name        TEXT NOT NULL CHECK (service_name IN ('daily', 'deepgram', 'cartesia', 'openai')),
  -- Where the key is: the keychain entry's service and account. Never the key itself.
  keychain_service    TEXT NOT NULL,
  keychain_account    TEXT NOT NULL,
  config_metadata     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config_metadata)),
  is_active           INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  last_validated_at   TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  created_by          TEXT NOT NULL,
  updated_by          TEXT,
  UNIQUE (org_id, service_name)
) STRICT;

-- Transcripts waiting to be archived to S3; a row survives restarts until the upload succeeds.
CREATE TABLE voice_archive_queue (
  transcript_id    TEXT PRIMARY KEY REFERENCES voice_transcripts(id) ON DELETE CASCADE,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_error       TEXT,
  created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX idx_voice_archive_queue_due ON voice_archive_queue(next_attempt_at);
