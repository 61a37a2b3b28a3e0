-- Two-way sync with a team's Supabase project (server/sync/). Every synced write lands in the
-- outbox in the same transaction, through these triggers, so no route code knows about sync and no
-- write can be committed without its outbox entry. The triggers stay quiet
--   * while the sync engine applies pulled rows (sync_state.applying = 1, set inside its transaction);
--   * for orgs that do not sync (sync_orgs lists the signed-in account's team orgs; the local org
--     never syncs).
-- The outbox keeps one mutable 'pending' op per row: later edits fold into it (its old_row stays the
-- base the user started from). Once an op is being sent it is frozen ('sending', with an op id the
-- server's ledger knows), and a new edit starts a new pending op.

-- The server's row_version this desktop last applied; 0 = never seen by the server.
ALTER TABLE voice_configs ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE voice_sessions ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE voice_transcripts ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE voice_analytics ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE voice_credentials ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;

-- One row: whether the engine is applying server rows right now (read by the triggers' WHEN).
CREATE TABLE sync_state (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  applying  INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1))
) STRICT;
INSERT INTO sync_state (id, applying) VALUES (1, 0);

-- The team orgs of the signed-in account whose rows sync.
CREATE TABLE sync_orgs (
  org_id     TEXT PRIMARY KEY,
  joined_at  TEXT NOT NULL
) STRICT;

CREATE TABLE sync_outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  -- Given when the op is first sent; the server's ledger answers a resend of it without reapplying.
  op_id       TEXT UNIQUE,
  table_name  TEXT NOT NULL,
  row_id      TEXT NOT NULL,
  org_id      TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('insert', 'update', 'delete')),
  old_row     TEXT CHECK (old_row IS NULL OR json_valid(old_row)),
  new_row     TEXT CHECK (new_row IS NULL OR json_valid(new_row)),
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'parked')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  -- Why the server refused it (parked ops: "Needs attention").
  sqlstate    TEXT,
  reason      TEXT,
  parked_at   TEXT
) STRICT;
CREATE UNIQUE INDEX sync_outbox_one_pending_per_row ON sync_outbox(table_name, row_id) WHERE state = 'pending';
CREATE INDEX sync_outbox_row ON sync_outbox(table_name, row_id, seq);
CREATE INDEX sync_outbox_state ON sync_outbox(state, seq);

-- Where each (org, table) pull stands on the server's order: keyset (txid, id).
CREATE TABLE sync_cursors (
  org_id      TEXT NOT NULL,
  table_name  TEXT NOT NULL,
  txid        INTEGER NOT NULL DEFAULT 0,
  last_id     TEXT NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
  caught_up   INTEGER NOT NULL DEFAULT 0 CHECK (caught_up IN (0, 1)),
  PRIMARY KEY (org_id, table_name)
) STRICT;

-- The latest server version of a row that has local ops outstanding: what "discard" restores.
CREATE TABLE sync_shadow (
  table_name  TEXT NOT NULL,
  row_id      TEXT NOT NULL,
  server_row  TEXT NOT NULL CHECK (json_valid(server_row)),
  PRIMARY KEY (table_name, row_id)
) STRICT;

-- Pulled rows that could not be applied yet because a local row with outstanding ops holds the
-- same unique key (a config name); applied once that op is resolved.
CREATE TABLE sync_deferred (
  table_name   TEXT NOT NULL,
  row_id       TEXT NOT NULL,
  org_id       TEXT NOT NULL,
  server_row   TEXT NOT NULL CHECK (json_valid(server_row)),
  reason       TEXT NOT NULL,
  deferred_at  TEXT NOT NULL,
  PRIMARY KEY (table_name, row_id)
) STRICT;

-- Every local value the server's order overruled, for the user to see (and re-apply if wanted).
CREATE TABLE sync_conflicts (
  id            INTEGER PRIMARY KEY,
  table_name    TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  org_id        TEXT NOT NULL,
  field         TEXT NOT NULL,
  local_value   TEXT CHECK (local_value IS NULL OR json_valid(local_value)),
  server_value  TEXT CHECK (server_value IS NULL OR json_valid(server_value)),
  op_id         TEXT,
  detected_at   TEXT NOT NULL,
  resolved_at   TEXT,
  resolution    TEXT CHECK (resolution IS NULL OR resolution IN ('dismissed', 'reapplied'))
) STRICT;
CREATE INDEX sync_conflicts_recent ON sync_conflicts(detected_at DESC, id DESC);

-- Facts about the sync (last synced at, the account's user id).
CREATE TABLE sync_meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;

-- voice_configs
CREATE TRIGGER sync_outbox_voice_configs_insert AFTER INSERT ON voice_configs
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_configs', NEW.id, NEW.org_id, 'insert', NULL,
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'name', NEW.name, 'interview_type', NEW.interview_type,
      'description', NEW.description, 'config_json', NEW.config_json, 'is_active', NEW.is_active, 'version',
      NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'created_by', NEW.created_by,
      'updated_by', NEW.updated_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER sync_outbox_voice_configs_update AFTER UPDATE OF org_id, name, interview_type, description, config_json, is_active, version, created_at, updated_at, created_by, updated_by ON voice_configs
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_configs', NEW.id, NEW.org_id, 'update',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'name', OLD.name, 'interview_type', OLD.interview_type,
      'description', OLD.description, 'config_json', OLD.config_json, 'is_active', OLD.is_active, 'version',
      OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'created_by', OLD.created_by,
      'updated_by', OLD.updated_by),
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'name', NEW.name, 'interview_type', NEW.interview_type,
      'description', NEW.description, 'config_json', NEW.config_json, 'is_active', NEW.is_active, 'version',
      NEW.version, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'created_by', NEW.created_by,
      'updated_by', NEW.updated_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (table_name, row_id) WHERE state = 'pending' DO UPDATE SET new_row = excluded.new_row;
END;

CREATE TRIGGER sync_outbox_voice_configs_delete AFTER DELETE ON voice_configs
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND OLD.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  DELETE FROM sync_outbox WHERE table_name = 'voice_configs' AND row_id = OLD.id AND state IN ('pending', 'parked');
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  SELECT 'voice_configs', OLD.id, OLD.org_id, 'delete',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'name', OLD.name, 'interview_type', OLD.interview_type,
      'description', OLD.description, 'config_json', OLD.config_json, 'is_active', OLD.is_active, 'version',
      OLD.version, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'created_by', OLD.created_by,
      'updated_by', OLD.updated_by),
    NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE OLD.sync_version > 0
     OR EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'voice_configs' AND row_id = OLD.id AND state = 'sending');
END;

-- voice_sessions
CREATE TRIGGER sync_outbox_voice_sessions_insert AFTER INSERT ON voice_sessions
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_sessions', NEW.id, NEW.org_id, 'insert', NULL,
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'candidate_name', NEW.candidate_name, 'candidate_email',
      NEW.candidate_email, 'interview_type', NEW.interview_type, 'config_id', NEW.config_id, 'config_version',
      NEW.config_version, 'status', NEW.status, 'daily_room_url', NEW.daily_room_url, 'daily_room_name',
      NEW.daily_room_name, 'ecs_task_arn', NEW.ecs_task_arn, 'session_metadata', NEW.session_metadata, 'started_at',
      NEW.started_at, 'completed_at', NEW.completed_at, 'duration_seconds', NEW.duration_seconds, 'created_at',
      NEW.created_at, 'updated_at', NEW.updated_at, 'created_by', NEW.created_by, 'updated_by', NEW.updated_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER sync_outbox_voice_sessions_update AFTER UPDATE OF org_id, candidate_name, candidate_email, interview_type, config_id, config_version, status, daily_room_url, daily_room_name, ecs_task_arn, session_metadata, started_at, completed_at, duration_seconds, created_at, updated_at, created_by, updated_by ON voice_sessions
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_sessions', NEW.id, NEW.org_id, 'update',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'candidate_name', OLD.candidate_name, 'candidate_email',
      OLD.candidate_email, 'interview_type', OLD.interview_type, 'config_id', OLD.config_id, 'config_version',
      OLD.config_version, 'status', OLD.status, 'daily_room_url', OLD.daily_room_url, 'daily_room_name',
      OLD.daily_room_name, 'ecs_task_arn', OLD.ecs_task_arn, 'session_metadata', OLD.session_metadata, 'started_at',
      OLD.started_at, 'completed_at', OLD.completed_at, 'duration_seconds', OLD.duration_seconds, 'created_at',
      OLD.created_at, 'updated_at', OLD.updated_at, 'created_by', OLD.created_by, 'updated_by', OLD.updated_by),
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'candidate_name', NEW.candidate_name, 'candidate_email',
      NEW.candidate_email, 'interview_type', NEW.interview_type, 'config_id', NEW.config_id, 'config_version',
      NEW.config_version, 'status', NEW.status, 'daily_room_url', NEW.daily_room_url, 'daily_room_name',
      NEW.daily_room_name, 'ecs_task_arn', NEW.ecs_task_arn, 'session_metadata', NEW.session_metadata, 'started_at',
      NEW.started_at, 'completed_at', NEW.completed_at, 'duration_seconds', NEW.duration_seconds, 'created_at',
      NEW.created_at, 'updated_at', NEW.updated_at, 'created_by', NEW.created_by, 'updated_by', NEW.updated_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (table_name, row_id) WHERE state = 'pending' DO UPDATE SET new_row = excluded.new_row;
END;

CREATE TRIGGER sync_outbox_voice_sessions_delete AFTER DELETE ON voice_sessions
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND OLD.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  DELETE FROM sync_outbox WHERE table_name = 'voice_sessions' AND row_id = OLD.id AND state IN ('pending', 'parked');
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  SELECT 'voice_sessions', OLD.id, OLD.org_id, 'delete',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'candidate_name', OLD.candidate_name, 'candidate_email',
      OLD.candidate_email, 'interview_type', OLD.interview_type, 'config_id', OLD.config_id, 'config_version',
      OLD.config_version, 'status', OLD.status, 'daily_room_url', OLD.daily_room_url, 'daily_room_name',
      OLD.daily_room_name, 'ecs_task_arn', OLD.ecs_task_arn, 'session_metadata', OLD.session_metadata, 'started_at',
      OLD.started_at, 'completed_at', OLD.completed_at, 'duration_seconds', OLD.duration_seconds, 'created_at',
      OLD.created_at, 'updated_at', OLD.updated_at, 'created_by', OLD.created_by, 'updated_by', OLD.updated_by),
    NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE OLD.sync_version > 0
     OR EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'voice_sessions' AND row_id = OLD.id AND state = 'sending');
END;

-- voice_transcripts
CREATE TRIGGER sync_outbox_voice_transcripts_insert AFTER INSERT ON voice_transcripts
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_transcripts', NEW.id, NEW.org_id, 'insert', NULL,
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'session_id', NEW.session_id, 'transcript_text',
      NEW.transcript_text, 'transcript_s3_url', NEW.transcript_s3_url, 'candidate_name', NEW.candidate_name,
      'interview_type', NEW.interview_type, 'summary', NEW.summary, 'word_count', NEW.word_count, 'speaker_segments',
      NEW.speaker_segments, 'metadata', NEW.metadata, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at,
      'created_by', NEW.created_by, 'updated_by', NEW.updated_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER sync_outbox_voice_transcripts_update AFTER UPDATE OF org_id, session_id, transcript_text, transcript_s3_url, candidate_name, interview_type, summary, word_count, speaker_segments, metadata, created_at, updated_at, created_by, updated_by ON voice_transcripts
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_transcripts', NEW.id, NEW.org_id, 'update',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'session_id', OLD.session_id, 'transcript_text',
      OLD.transcript_text, 'transcript_s3_url', OLD.transcript_s3_url, 'candidate_name', OLD.candidate_name,
      'interview_type', OLD.interview_type, 'summary', OLD.summary, 'word_count', OLD.word_count, 'speaker_segments',
      OLD.speaker_segments, 'metadata', OLD.metadata, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at,
      'created_by', OLD.created_by, 'updated_by', OLD.updated_by),
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'session_id', NEW.session_id, 'transcript_text',
      NEW.transcript_text, 'transcript_s3_url', NEW.transcript_s3_url, 'candidate_name', NEW.candidate_name,
      'interview_type', NEW.interview_type, 'summary', NEW.summary, 'word_count', NEW.word_count, 'speaker_segments',
      NEW.speaker_segments, 'metadata', NEW.metadata, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at,
      'created_by', NEW.created_by, 'updated_by', NEW.updated_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (table_name, row_id) WHERE state = 'pending' DO UPDATE SET new_row = excluded.new_row;
END;

CREATE TRIGGER sync_outbox_voice_transcripts_delete AFTER DELETE ON voice_transcripts
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND OLD.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  DELETE FROM sync_outbox WHERE table_name = 'voice_transcripts' AND row_id = OLD.id AND state IN ('pending', 'parked');
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  SELECT 'voice_transcripts', OLD.id, OLD.org_id, 'delete',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'session_id', OLD.session_id, 'transcript_text',
      OLD.transcript_text, 'transcript_s3_url', OLD.transcript_s3_url, 'candidate_name', OLD.candidate_name,
      'interview_type', OLD.interview_type, 'summary', OLD.summary, 'word_count', OLD.word_count, 'speaker_segments',
      OLD.speaker_segments, 'metadata', OLD.metadata, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at,
      'created_by', OLD.created_by, 'updated_by', OLD.updated_by),
    NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE OLD.sync_version > 0
     OR EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'voice_transcripts' AND row_id = OLD.id AND state = 'sending');
END;

-- voice_analytics
CREATE TRIGGER sync_outbox_voice_analytics_insert AFTER INSERT ON voice_analytics
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_analytics', NEW.id, NEW.org_id, 'insert', NULL,
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'session_id', NEW.session_id, 'transcript_id',
      NEW.transcript_id, 'overall_score', NEW.overall_score, 'category_scores', NEW.category_scores, 'strengths',
      NEW.strengths, 'weaknesses', NEW.weaknesses, 'recommendations', NEW.recommendations, 'key_moments',
      NEW.key_moments, 'detailed_analysis', NEW.detailed_analysis, 'model_used', NEW.model_used,
      'processing_time_ms', NEW.processing_time_ms, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at,
      'created_by', NEW.created_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER sync_outbox_voice_analytics_update AFTER UPDATE OF org_id, session_id, transcript_id, overall_score, category_scores, strengths, weaknesses, recommendations, key_moments, detailed_analysis, model_used, processing_time_ms, created_at, updated_at, created_by ON voice_analytics
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_analytics', NEW.id, NEW.org_id, 'update',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'session_id', OLD.session_id, 'transcript_id',
      OLD.transcript_id, 'overall_score', OLD.overall_score, 'category_scores', OLD.category_scores, 'strengths',
      OLD.strengths, 'weaknesses', OLD.weaknesses, 'recommendations', OLD.recommendations, 'key_moments',
      OLD.key_moments, 'detailed_analysis', OLD.detailed_analysis, 'model_used', OLD.model_used,
      'processing_time_ms', OLD.processing_time_ms, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at,
      'created_by', OLD.created_by),
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'session_id', NEW.session_id, 'transcript_id',
      NEW.transcript_id, 'overall_score', NEW.overall_score, 'category_scores', NEW.category_scores, 'strengths',
      NEW.strengths, 'weaknesses', NEW.weaknesses, 'recommendations', NEW.recommendations, 'key_moments',
      NEW.key_moments, 'detailed_analysis', NEW.detailed_analysis, 'model_used', NEW.model_used,
      'processing_time_ms', NEW.processing_time_ms, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at,
      'created_by', NEW.created_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (table_name, row_id) WHERE state = 'pending' DO UPDATE SET new_row = excluded.new_row;
END;

CREATE TRIGGER sync_outbox_voice_analytics_delete AFTER DELETE ON voice_analytics
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND OLD.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  DELETE FROM sync_outbox WHERE table_name = 'voice_analytics' AND row_id = OLD.id AND state IN ('pending', 'parked');
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  SELECT 'voice_analytics', OLD.id, OLD.org_id, 'delete',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'session_id', OLD.session_id, 'transcript_id',
      OLD.transcript_id, 'overall_score', OLD.overall_score, 'category_scores', OLD.category_scores, 'strengths',
      OLD.strengths, 'weaknesses', OLD.weaknesses, 'recommendations', OLD.recommendations, 'key_moments',
      OLD.key_moments, 'detailed_analysis', OLD.detailed_analysis, 'model_used', OLD.model_used,
      'processing_time_ms', OLD.processing_time_ms, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at,
      'created_by', OLD.created_by),
    NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE OLD.sync_version > 0
     OR EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'voice_analytics' AND row_id = OLD.id AND state = 'sending');
END;

-- voice_credentials
CREATE TRIGGER sync_outbox_voice_credentials_insert AFTER INSERT ON voice_credentials
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_credentials', NEW.id, NEW.org_id, 'insert', NULL,
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'service_name', NEW.service_name, 'config_metadata',
      NEW.config_metadata, 'is_active', NEW.is_active, 'last_validated_at', NEW.last_validated_at, 'created_at',
      NEW.created_at, 'updated_at', NEW.updated_at, 'created_by', NEW.created_by, 'updated_by', NEW.updated_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER sync_outbox_voice_credentials_update AFTER UPDATE OF org_id, service_name, config_metadata, is_active, last_validated_at, created_at, updated_at, created_by, updated_by ON voice_credentials
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND NEW.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  VALUES ('voice_credentials', NEW.id, NEW.org_id, 'update',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'service_name', OLD.service_name, 'config_metadata',
      OLD.config_metadata, 'is_active', OLD.is_active, 'last_validated_at', OLD.last_validated_at, 'created_at',
      OLD.created_at, 'updated_at', OLD.updated_at, 'created_by', OLD.created_by, 'updated_by', OLD.updated_by),
      json_object('id', NEW.id, 'org_id', NEW.org_id, 'service_name', NEW.service_name, 'config_metadata',
      NEW.config_metadata, 'is_active', NEW.is_active, 'last_validated_at', NEW.last_validated_at, 'created_at',
      NEW.created_at, 'updated_at', NEW.updated_at, 'created_by', NEW.created_by, 'updated_by', NEW.updated_by),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (table_name, row_id) WHERE state = 'pending' DO UPDATE SET new_row = excluded.new_row;
END;

CREATE TRIGGER sync_outbox_voice_credentials_delete AFTER DELETE ON voice_credentials
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0 AND OLD.org_id IN (SELECT org_id FROM sync_orgs)
BEGIN
  DELETE FROM sync_outbox WHERE table_name = 'voice_credentials' AND row_id = OLD.id AND state IN ('pending', 'parked');
  INSERT INTO sync_outbox (table_name, row_id, org_id, kind, old_row, new_row, created_at)
  SELECT 'voice_credentials', OLD.id, OLD.org_id, 'delete',
      json_object('id', OLD.id, 'org_id', OLD.org_id, 'service_name', OLD.service_name, 'config_metadata',
      OLD.config_metadata, 'is_active', OLD.is_active, 'last_validated_at', OLD.last_validated_at, 'created_at',
      OLD.created_at, 'updated_at', OLD.updated_at, 'created_by', OLD.created_by, 'updated_by', OLD.updated_by),
    NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE OLD.sync_version > 0
     OR EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'voice_credentials' AND row_id = OLD.id AND state = 'sending');
END;
