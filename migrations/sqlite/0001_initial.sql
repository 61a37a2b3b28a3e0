-- The desktop cache's first schema: identity, the voice module's tables, live segments, search.
-- Timestamps are ISO-8601 UTC text (lexicographic order = time order); ids are UUID text.

CREATE TABLE app_users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL,
  display_name  TEXT NOT NULL,
  is_local      INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
  created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE orgs (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE org_members (
  org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES app_users(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('org_owner', 'org_admin', 'org_user')),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (org_id, user_id)
) STRICT;
CREATE INDEX idx_org_members_user ON org_members(user_id);

-- Key/value facts about this installation (for example which user is the local user).
CREATE TABLE app_settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;

CREATE TABLE voice_configs (
  id              TEXT PRIMARY KEY,
  org_id          TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  interview_type  TEXT NOT NULL CHECK (length(interview_type) BETWEEN 1 AND 100),
  description     TEXT,
  config_json     TEXT NOT NULL CHECK (json_valid(config_json)),
  is_active       INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  updated_by      TEXT,
  UNIQUE (org_id, name)
) STRICT;
CREATE INDEX idx_voice_configs_org_active ON voice_configs(org_id, is_active, name);
CREATE INDEX idx_voice_configs_org_type ON voice_configs(org_id, interview_type);

-- Every configJson a config has had, so a session can show the version it ran and editors can diff.
CREATE TABLE voice_config_versions (
  config_id    TEXT NOT NULL REFERENCES voice_configs(id) ON DELETE CASCADE,
  version      INTEGER NOT NULL,
  config_json  TEXT NOT NULL CHECK (json_valid(config_json)),
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  PRIMARY KEY (config_id, version)
) STRICT;

CREATE TABLE voice_sessions (
  id                TEXT PRIMARY KEY,
  org_id            TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  candidate_name    TEXT CHECK (candidate_name IS NULL OR length(candidate_name) <= 255),
  candidate_email   TEXT CHECK (candidate_email IS NULL OR length(candidate_email) <= 255),
  interview_type    TEXT NOT NULL CHECK (length(interview_type) BETWEEN 1 AND 100),
  config_id         TEXT REFERENCES voice_configs(id),
  config_version    INTEGER,
  status            TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'ready', 'active', 'completed', 'failed', 'cancelled')),
  daily_room_url    TEXT,
  daily_room_name   TEXT,
  daily_room_token  TEXT,
  ecs_task_arn      TEXT,
  session_metadata  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(session_metadata)),
  started_at        TEXT,
  completed_at      TEXT,
  duration_seconds  INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  created_by        TEXT NOT NULL,
  updated_by        TEXT
) STRICT;
-- One index per list filter and sort, each led by org_id (every list is org-scoped).
CREATE INDEX idx_voice_sessions_org_created ON voice_sessions(org_id, created_at, id);
CREATE INDEX idx_voice_sessions_org_status_created ON voice_sessions(org_id, status, created_at, id);
CREATE INDEX idx_voice_sessions_org_type_created ON voice_sessions(org_id, interview_type, created_at, id);
CREATE INDEX idx_voice_sessions_org_updated ON voice_sessions(org_id, updated_at, id);
CREATE INDEX idx_voice_sessions_org_started ON voice_sessions(org_id, started_at, id);
CREATE INDEX idx_voice_sessions_org_completed ON voice_sessions(org_id, completed_at, id);
CREATE INDEX idx_voice_sessions_org_duration ON voice_sessions(org_id, duration_seconds, id);
CREATE INDEX idx_voice_sessions_org_candidate ON voice_sessions(org_id, candidate_name, id);
CREATE INDEX idx_voice_sessions_org_email ON voice_sessions(org_id, candidate_email, id);
CREATE INDEX idx_voice_sessions_org_type_status ON voice_sessions(org_id, interview_type, status);
-- A status tab sorted by any column pages through an index alone, even at a deep offset.
CREATE INDEX idx_voice_sessions_org_status_updated ON voice_sessions(org_id, status, updated_at, id);
CREATE INDEX idx_voice_sessions_org_status_started ON voice_sessions(org_id, status, started_at, id);
CREATE INDEX idx_voice_sessions_org_status_completed ON voice_sessions(org_id, status, completed_at, id);
CREATE INDEX idx_voice_sessions_org_status_duration ON voice_sessions(org_id, status, duration_seconds, id);
CREATE INDEX idx_voice_sessions_org_status_candidate ON voice_sessions(org_id, status, candidate_name, id);
CREATE INDEX idx_voice_sessions_org_status_email ON voice_sessions(org_id, status, candidate_email, id);
CREATE INDEX idx_voice_sessions_config ON voice_sessions(config_id);

-- Exact list totals without counting 100,000 rows per request: kept by triggers, per filter pair.
CREATE TABLE voice_session_counts (
  org_id          TEXT NOT NULL,
  status          TEXT NOT NULL,
  interview_type  TEXT NOT NULL,
  n               INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (org_id, status, interview_type)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER voice_sessions_count_insert AFTER INSERT ON voice_sessions BEGIN
  INSERT INTO voice_session_counts (org_id, status, interview_type, n)
  VALUES (NEW.org_id, NEW.status, NEW.interview_type, 1)
  ON CONFLICT (org_id, status, interview_type) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER voice_sessions_count_delete AFTER DELETE ON voice_sessions BEGIN
  UPDATE voice_session_counts SET n = n - 1
  WHERE org_id = OLD.org_id AND status = OLD.status AND interview_type = OLD.interview_type;
END;

CREATE TRIGGER voice_sessions_count_update AFTER UPDATE OF org_id, status, interview_type ON voice_sessions
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.status IS NOT NEW.status OR OLD.interview_type IS NOT NEW.interview_type
BEGIN
  UPDATE voice_session_counts SET n = n - 1
  WHERE org_id = OLD.org_id AND status = OLD.status AND interview_type = OLD.interview_type;
  INSERT INTO voice_session_counts (org_id, status, interview_type, n)
  VALUES (NEW.org_id, NEW.status, NEW.interview_type, 1)
  ON CONFLICT (org_id, status, interview_type) DO UPDATE SET n = n + 1;
END;

CREATE TABLE voice_session_status_history (
  id           INTEGER PRIMARY KEY,
  session_id   TEXT NOT NULL REFERENCES voice_sessions(id) ON DELETE CASCADE,
  from_status  TEXT,
  to_status    TEXT NOT NULL,
  changed_at   TEXT NOT NULL,
  changed_by   TEXT,
  reason       TEXT
) STRICT;
CREATE INDEX idx_voice_session_status_history_session ON voice_session_status_history(session_id, id);

-- Bot credentials for the live-events socket: only a SHA-256 of each token is kept.
CREATE TABLE voice_bot_tokens (
  token_hash  TEXT PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES voice_sessions(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;
CREATE INDEX idx_voice_bot_tokens_session ON voice_bot_tokens(session_id);

-- Final segments as the bot streams them; (session_id, seq) makes a resent segment a no-op.
CREATE TABLE voice_live_segments (
  session_id  TEXT NOT NULL REFERENCES voice_sessions(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL CHECK (seq >= 0),
  speaker     TEXT NOT NULL CHECK (speaker IN ('bot', 'candidate')),
  text        TEXT NOT NULL,
  start_time  REAL NOT NULL,
  end_time    REAL NOT NULL,
  confidence  REAL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE voice_transcripts (
  id                 TEXT PRIMARY KEY,
  org_id             TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  session_id         TEXT NOT NULL UNIQUE REFERENCES voice_sessions(id) ON DELETE CASCADE,
  transcript_text    TEXT NOT NULL DEFAULT '',
  transcript_s3_url  TEXT,
  candidate_name     TEXT,
  interview_type     TEXT,
  summary            TEXT,
  word_count         INTEGER NOT NULL DEFAULT 0 CHECK (word_count >= 0),
  speaker_segments   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(speaker_segments)),
  metadata           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  created_by         TEXT NOT NULL,
  updated_by         TEXT
) STRICT;
CREATE INDEX idx_voice_transcripts_org_created ON voice_transcripts(org_id, created_at);
CREATE INDEX idx_voice_transcripts_org_type ON voice_transcripts(org_id, interview_type, created_at);
CREATE INDEX idx_voice_transcripts_org_candidate ON voice_transcripts(org_id, candidate_name);

-- Full-text index over transcript text and candidate name, kept in step by triggers.
CREATE VIRTUAL TABLE voice_transcripts_fts USING fts5(
  transcript_text,
  candidate_name,
  content = 'voice_transcripts',
  content_rowid = 'rowid',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
-- A hit in the candidate's name counts double.
INSERT INTO voice_transcripts_fts (voice_transcripts_fts, rank) VALUES ('rank', 'bm25(1.0, 2.0)');

CREATE TRIGGER voice_transcripts_fts_insert AFTER INSERT ON voice_transcripts BEGIN
  INSERT INTO voice_transcripts_fts (rowid, transcript_text, candidate_name)
  VALUES (NEW.rowid, NEW.transcript_text, NEW.candidate_name);
END;

CREATE TRIGGER voice_transcripts_fts_delete AFTER DELETE ON voice_transcripts BEGIN
  INSERT INTO voice_transcripts_fts (voice_transcripts_fts, rowid, transcript_text, candidate_name)
  VALUES ('delete', OLD.rowid, OLD.transcript_text, OLD.candidate_name);
END;

CREATE TRIGGER voice_transcripts_fts_update AFTER UPDATE OF transcript_text, candidate_name ON voice_transcripts BEGIN
  INSERT INTO voice_transcripts_fts (voice_transcripts_fts, rowid, transcript_text, candidate_name)
  VALUES ('delete', OLD.rowid, OLD.transcript_text, OLD.candidate_name);
  INSERT INTO voice_transcripts_fts (rowid, transcript_text, candidate_name)
  VALUES (NEW.rowid, NEW.transcript_text, NEW.candidate_name);
END;

CREATE TABLE voice_analytics (
  id                  TEXT PRIMARY KEY,
  org_id              TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  session_id          TEXT NOT NULL UNIQUE REFERENCES voice_sessions(id) ON DELETE CASCADE,
  transcript_id       TEXT REFERENCES voice_transcripts(id) ON DELETE SET NULL,
  overall_score       REAL CHECK (overall_score IS NULL OR (overall_score >= 0 AND overall_score <= 100)),
  category_scores     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(category_scores)),
  strengths           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(strengths)),
  weaknesses          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(weaknesses)),
  recommendations     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recommendations)),
  key_moments         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(key_moments)),
  detailed_analysis   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detailed_analysis)),
  model_used          TEXT,
  processing_time_ms  INTEGER,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  created_by          TEXT NOT NULL
) STRICT;
CREATE INDEX idx_voice_analytics_org_score ON voice_analytics(org_id, overall_score);
CREATE INDEX idx_voice_analytics_transcript ON voice_analytics(transcript_id);
