import { KEYCHAIN_SERVICE } from '../secrets/keychain.js';

/**
 * The tables that sync, and how each synced column is represented on both sides. The desktop
 * stores JSON as text, booleans as 0/1 and timestamps as ISO-8601 text; the wire (and the
 * Postgres `*_sync` views) carry JSON values, booleans and the same ISO-8601 text. Columns not
 * listed stay on this machine: a session's Daily join token, a credential's keychain reference.
 */
export type ColumnKind = 'text' | 'int' | 'real' | 'bool' | 'json' | 'timestamp';

export interface TableSpec {
  name: SyncedTable;
  /** Synced columns other than id and org_id, in the order the SQLite trigger writes them. */
  columns: Readonly<Record<string, ColumnKind>>;
  /** Written only when the row is created. */
  insertOnly: readonly string[];
  /** Unique keys besides id: a pulled row can collide with a local row on these. */
  uniqueKeys: readonly (readonly string[])[];
  /** Local NOT NULL columns the server does not have, with what a pulled row gets. */
  localDefaults: (row: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}

export const syncedTables = ['voice_configs', 'voice_sessions', 'voice_transcripts', 'voice_analytics', 'voice_credentials'] as const;
export type SyncedTable = (typeof syncedTables)[number];

export function isSyncedTable(name: string): name is SyncedTable {
  return (syncedTables as readonly string[]).includes(name);
}

const audit = { created_at: 'timestamp', updated_at: 'timestamp', created_by: 'text', updated_by: 'text' } as const;

/** The keychain entry a pulled credential points at: the same place this machine's vault files it. */
export const credentialKeychainService = KEYCHAIN_SERVICE;
export const credentialKeychainAccount = (orgId: string, service: string): string => `org/${orgId}/${service}`;

export const tableSpecs: Readonly<Record<SyncedTable, TableSpec>> = {
  voice_configs: {
    name: 'voice_configs',
    columns: {
      name: 'text',
      interview_type: 'text',
      description: 'text',
      config_json: 'json',
      is_active: 'bool',
      version: 'int',
      ...audit,
    },
    insertOnly: ['created_at', 'created_by'],
    uniqueKeys: [['org_id', 'name']],
    localDefaults: () => ({}),
  },
  voice_sessions: {
    name: 'voice_sessions',
    columns: {
      candidate_name: 'text',
      candidate_email: 'text',
      interview_type: 'text',
      config_id: 'text',
      config_version: 'int',
      status: 'text',
      daily_room_url: 'text',
      daily_room_name: 'text',
      ecs_task_arn: 'text',
      session_metadata: 'json',
      started_at: 'timestamp',
      completed_at: 'timestamp',
      duration_seconds: 'int',
      ...audit,
    },
    insertOnly: ['created_at', 'created_by'],
    uniqueKeys: [],
    localDefaults: () => ({}),
  },
  voice_transcripts: {
    name: 'voice_transcripts',
    columns: {
      session_id: 'text',
      transcript_text: 'text',
      transcript_s3_url: 'text',
      candidate_name: 'text',
      interview_type: 'text',
      summary: 'text',
      word_count: 'int',
      speaker_segments: 'json',
      metadata: 'json',
      ...audit,
    },
    insertOnly: ['created_at', 'created_by'],
    uniqueKeys: [['session_id']],
    localDefaults: () => ({}),
  },
  voice_analytics: {
    name: 'voice_analytics',
    columns: {
      session_id: 'text',
      transcript_id: 'text',
      overall_score: 'real',
      category_scores: 'json',
      strengths: 'json',
      weaknesses: 'json',
      recommendations: 'json',
      key_moments: 'json',
      detailed_analysis: 'json',
      model_used: 'text',
      processing_time_ms: 'int',
      created_at: 'timestamp',
      updated_at: 'timestamp',
      created_by: 'text',
    },
    insertOnly: ['created_at', 'created_by'],
    uniqueKeys: [['session_id']],
    localDefaults: () => ({}),
  },
  voice_credentials: {
    name: 'voice_credentials',
    columns: {
      service_name: 'text',
      config_metadata: 'json',
      is_active: 'bool',
      last_validated_at: 'timestamp',
      ...audit,
    },
    insertOnly: ['created_at', 'created_by'],
    uniqueKeys: [['org_id', 'service_name']],
    localDefaults: (row) => ({
      keychain_service: credentialKeychainService,
      keychain_account: credentialKeychainAccount(String(row.org_id), String(row.service_name)),
    }),
  },
};

/** Apply order within a page: parents before children. */
export const pullOrder: readonly SyncedTable[] = syncedTables;
