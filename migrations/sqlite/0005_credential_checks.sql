-- The outcome of the last "Validate" of each provider key, on this machine only: whether the key
-- is in this computer's keychain and what the provider said is local knowledge, so it is not
-- synced. A failure stays on record (and on the Settings row) until a check passes or the key is
-- replaced. The error is the provider's reason as already shown to the admin, never the key.
CREATE TABLE voice_credential_checks (
  credential_id  TEXT PRIMARY KEY REFERENCES voice_credentials(id) ON DELETE CASCADE,
  ok             INTEGER NOT NULL CHECK (ok IN (0, 1)),
  problem        TEXT CHECK (problem IS NULL OR problem IN ('rejected', 'missing', 'check_failed')),
  error          TEXT CHECK (error IS NULL OR length(error) <= 1000),
  checked_at     TEXT NOT NULL,
  CHECK ((ok = 1) = (problem IS NULL))
) STRICT;
