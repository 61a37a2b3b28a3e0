import type { Database } from 'better-sqlite3';
import { AnalyticsStore } from './analytics-store.js';
import { ArchiveQueueStore } from './archive-queue-store.js';
import { AuditStore } from './audit-store.js';
import { BotTokenStore } from './bot-token-store.js';
import { ConfigStore } from './config-store.js';
import { CredentialStore } from './credential-store.js';
import { MembershipStore } from './membership-store.js';
import { SessionStore } from './session-store.js';
import { StatsStore } from './stats-store.js';
import { TranscriptStore } from './transcript-store.js';

/** Every table-level store over one connection; built once per process. */
export interface Stores {
  db: Database;
  memberships: MembershipStore;
  sessions: SessionStore;
  configs: ConfigStore;
  transcripts: TranscriptStore;
  analytics: AnalyticsStore;
  stats: StatsStore;
  botTokens: BotTokenStore;
  credentials: CredentialStore;
  archiveQueue: ArchiveQueueStore;
  /** Who viewed, exported, deleted or erased candidates' data (append-only). */
  audit: AuditStore;
}

export function createStores(db: Database): Stores {
  return {
    db,
    memberships: new MembershipStore(db),
    sessions: new SessionStore(db),
    configs: new ConfigStore(db),
    transcripts: new TranscriptStore(db),
    analytics: new AnalyticsStore(db),
    stats: new StatsStore(db),
    botTokens: new BotTokenStore(db),
    credentials: new CredentialStore(db),
    archiveQueue: new ArchiveQueueStore(db),
    audit: new AuditStore(db),
  };
}
