-- The retention policy (0004) gains what issue 13 asks of it: the last preview (a run needs one made
-- at the current `days`), who changed it last by e-mail (Settings says so), and, for a team org, when
-- this row was last copied from the team project (the policy lives there; this row is the copy
-- shown while the project cannot be reached). `updated_at`/`updated_by` become nullable: a preview
-- may come before anyone sets a policy. SQLite cannot relax NOT NULL in place, so the table is
-- rebuilt; nothing references it.
CREATE TABLE rights_retention_policies_0007 (
  org_id            TEXT PRIMARY KEY,
  days              INTEGER CHECK (days IS NULL OR days BETWEEN 1 AND 3650),
  updated_at        TEXT,
  updated_by        TEXT,
  updated_by_email  TEXT,
  previewed_days    INTEGER CHECK (previewed_days IS NULL OR previewed_days BETWEEN 1 AND 3650),
  previewed_at      TEXT,
  last_run_at       TEXT,
  last_run          TEXT CHECK (last_run IS NULL OR json_valid(last_run)),
  -- Team orgs: when this copy last matched the project (NULL for an org that does not sync).
  team_copied_at    TEXT
) STRICT;

-- A policy that already ran at its current days has its first run behind it: that counts as
-- previewed. Any other existing policy needs a preview before its next run.
INSERT INTO rights_retention_policies_0007 (org_id, days, updated_at, updated_by, previewed_days, previewed_at, last_run_at, last_run)
SELECT org_id, days, updated_at, updated_by,
       CASE WHEN days IS NOT NULL AND json_extract(last_run, '$.days') = days THEN days END,
       CASE WHEN days IS NOT NULL AND json_extract(last_run, '$.days') = days THEN last_run_at END,
       last_run_at, last_run
FROM rights_retention_policies;

DROP TABLE rights_retention_policies;
ALTER TABLE rights_retention_policies_0007 RENAME TO rights_retention_policies;
