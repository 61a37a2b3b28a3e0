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
  /** The connection itself, for the few reads no store has a method for yet; writes go through transaction(). */
  db: Database;
  /**
   * Runs `work` in one transaction: committed when it returns, rolled back when it throws.
   * `immediate` takes the write lock at the start (for a read-then-write that must not interleave
   * with another connection's write). Inside another transaction it is a savepoint.
   */
  transaction<T>(work: () => T, mode?: 'deferred' | 'immediate'): T;
  /** Throws when the database cannot answer (the health probe). */
  ping(): void;
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
    ping: () => void db.prepare('SELECT 1').get(),
    transaction: (work, mode = 'deferred') => (mode === 'immediate' ? db.transaction(work).immediate() : db.transaction(work)()),
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
