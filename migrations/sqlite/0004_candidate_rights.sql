-- Candidates' rights (issue 13): the retention policy per org, erasure receipts, and the audit log.

-- Keep interview content for `days` days after a session ends; NULL = keep (the default).
CREATE TABLE rights_retention_policies (
  org_id        TEXT PRIMARY KEY,
  days          INTEGER CHECK (days IS NULL OR days BETWEEN 1 AND 3650),
  updated_at    TEXT NOT NULL,
  updated_by    TEXT NOT NULL,
  last_run_at   TEXT,
  -- The last run's outcome per store (contracts/candidate-rights.ts RetentionRun), for Settings.
  last_run      TEXT CHECK (last_run IS NULL OR json_valid(last_run))
) STRICT;

-- One row per erasure request. `email_hash` is an HMAC of the e-mail (the e-mail is never kept);
-- `session_ids` are what the request covered, kept so a pending store can be retried.
CREATE TABLE rights_erasures (
  id            TEXT PRIMARY KEY,
  org_id        TEXT NOT NULL,
  email_hash    TEXT,
  session_ids   TEXT NOT NULL CHECK (json_valid(session_ids)),
  -- The S3 keys still to remove (the transcript rows that named them are gone by then).
  archive_keys  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(archive_keys)),
  requested_at  TEXT NOT NULL,
  requested_by  TEXT NOT NULL,
  completed_at  TEXT,
  stores        TEXT NOT NULL CHECK (json_valid(stores))
) STRICT;
CREATE INDEX rights_erasures_org ON rights_erasures(org_id, requested_at DESC);
CREATE INDEX rights_erasures_hash ON rights_erasures(org_id, email_hash);
CREATE INDEX rights_erasures_open ON rights_erasures(completed_at) WHERE completed_at IS NULL;

-- Append-only: who did what to candidates' data, when. Never transcript words, never a key.
CREATE TABLE rights_audit_log (
  id           TEXT PRIMARY KEY,
  org_id       TEXT NOT NULL,
  at           TEXT NOT NULL,
  actor_id     TEXT NOT NULL,
  actor_email  TEXT,
  action       TEXT NOT NULL,
  target_type  TEXT NOT NULL,
  target_id    TEXT,
  details      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  -- When the team project acknowledged it (team orgs only); the one column that may change.
  synced_at    TEXT
) STRICT;
CREATE INDEX rights_audit_log_org_at ON rights_audit_log(org_id, at DESC, id DESC);
CREATE INDEX rights_audit_log_unsynced ON rights_audit_log(org_id) WHERE synced_at IS NULL;

CREATE TRIGGER rights_audit_log_no_delete BEFORE DELETE ON rights_audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER rights_audit_log_no_update BEFORE UPDATE ON rights_audit_log
WHEN OLD.id IS NOT NEW.id OR OLD.org_id IS NOT NEW.org_id OR OLD.at IS NOT NEW.at OR OLD.actor_id IS NOT NEW.actor_id
  OR OLD.actor_email IS NOT NEW.actor_email OR OLD.action IS NOT NEW.action OR OLD.target_type IS NOT NEW.target_type
  OR OLD.target_id IS NOT NEW.target_id OR OLD.details IS NOT NEW.details OR OLD.synced_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
