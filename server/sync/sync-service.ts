import type { Database } from 'better-sqlite3';
import type { SignInBody, SyncAccount, SyncStatus } from '../../contracts/sync.js';
import { SupabaseIdentity, displayNameFor } from '../identity/supabase-identity.js';
import type { SwitchableIdentity } from '../identity/switchable-identity.js';
import type { Logger } from '../runtime/logger.js';
import type { SecretStore } from '../secrets/keychain.js';
import { AttentionActions } from './attention.js';
import type { SyncUser } from './membership-sync.js';
import { noPokes, type PokeSource } from './pokes.js';
import { createProjectClient } from './project-client.js';
import { RealtimePokes } from './realtime-pokes.js';
import type { SyncRemote } from './remote.js';
import { SessionKeychain, type StoredSession } from './session-keychain.js';
import { SupabaseAccount } from './supabase-account.js';
import { SupabaseRemote } from './supabase-remote.js';
import type { SyncConfig } from './sync-config.js';
import { SyncEngine } from './sync-engine.js';
import { SyncRequestError } from './sync-errors.js';
import { TeamProject } from './team-project.js';
import { timedFetch, type TimedFetch } from './timed-fetch.js';

export interface SyncServiceDeps {
  db: Database;
  identity: SwitchableIdentity;
  secrets: SecretStore;
  logger: Logger;
  config: SyncConfig;
}

export type OrgMode = { kind: 'local' } | { kind: 'team'; team: TeamProject } | { kind: 'team-signed-out' };

/** Used while signed out: nothing goes out, and the engine is never started. */
const signedOutRemote: SyncRemote = {
  memberships: () => Promise.reject(new SyncRequestError('signed-out', 'not signed in', 401)),
  push: () => Promise.reject(new SyncRequestError('signed-out', 'not signed in', 401)),
  pull: () => Promise.reject(new SyncRequestError('signed-out', 'not signed in', 401)),
};

/**
 * Sign-in state plus the engine, as the routes and the server see them. Signed in: the identity
 * is the Supabase user, and the engine runs. Signed out: the local identity, the engine stopped,
 * and every local feature works as before on local data (team rows stay cached but unsynced).
 */
export class SyncService {
  private readonly http: TimedFetch;
  private readonly account: SupabaseAccount;
  private engine: SyncEngine;
  private attention: AttentionActions;
  private pokes: PokeSource = noPokes;
  private project: TeamProject | null = null;
  private readonly syncedListeners: (() => void)[] = [];

  constructor(private readonly deps: SyncServiceDeps) {
    this.http = timedFetch(deps.config.requestTimeoutMs);
    this.account = new SupabaseAccount(new SessionKeychain(deps.secrets), this.http.fetch, deps.logger);
    const local = deps.identity.currentUser();
    this.engine = this.idleEngine({ id: local.id, email: local.email, displayName: local.displayName });
    this.attention = new AttentionActions(deps.db, this.engine);
  }

  /** Resumes the session a previous launch kept in the keychain (no network needed to start). */
  async start(): Promise<void> {
    const session = await this.account.restore();
    if (session) this.activate(session, true);
  }

  async signIn(body: SignInBody): Promise<SyncAccount> {
    // A failed sign-in changes nothing: the current session (if any) keeps running.
    const session = await this.account.signIn(body);
    this.deactivate();
    this.activate(session, false);
    // The orgs come first so /api/me shows them as soon as sign-in answers; rows follow in the
    // background (an initial pull can be large).
    const pulled = await this.engine.pullMemberships();
    if (!pulled) this.deps.logger.info('sync memberships will be pulled on the next run');
    this.engine.start();
    return this.account.info();
  }

  async signOut(): Promise<SyncAccount> {
    this.deactivate();
    await this.account.signOut();
    return this.account.info();
  }

  accountInfo(): SyncAccount {
    return this.account.info();
  }

  status(): SyncStatus {
    const status = this.engine.status();
    return this.account.current() ? status : { ...status, state: 'signed_out', progress: null };
  }

  actions(): AttentionActions {
    return this.attention;
  }

  async syncNow(): Promise<void> {
    if (this.engine.isRunning) await this.engine.syncNow();
  }

  get signedIn(): boolean {
    return this.account.current() !== null;
  }

  /** The team project while signed in (null when signed out). */
  team(): TeamProject | null {
    return this.project;
  }

  /** The team project when this org is one of its orgs: the org's sessions are team sessions. */
  teamFor(orgId: string): TeamProject | null {
    return this.project?.hasOrg(orgId) ? this.project : null;
  }

  /**
   * Whose rules an org's sessions follow: `local` (this machine alone), `team` (signed in: the
   * project decides, through leases and RPCs), or `team-signed-out` (a cached team org while
   * signed out: team-wide jobs wait until this desktop is signed in again).
   */
  orgMode(orgId: string): OrgMode {
    const team = this.teamFor(orgId);
    if (team) return { kind: 'team', team };
    const cached = this.deps.db.prepare('SELECT 1 FROM sync_orgs WHERE org_id = ?').get(orgId);
    return cached ? { kind: 'team-signed-out' } : { kind: 'local' };
  }

  /** Called after every completed sync run (catch-up work looks at what arrived). */
  onSynced(listener: () => void): void {
    this.syncedListeners.push(listener);
  }

  stop(): void {
    this.engine.stop();
    this.pokes.close();
    this.account.stopTimers();
    this.http.abortAll();
  }

  private idleEngine(user: SyncUser): SyncEngine {
    return new SyncEngine({ db: this.deps.db, remote: signedOutRemote, user, logger: this.deps.logger });
  }

  private activate(session: StoredSession, startNow: boolean): void {
    const user: SyncUser = { id: session.user.id, email: session.user.email, displayName: displayNameFor(session.user.email) };
    const client = createProjectClient(session.projectUrl, session.anonKey, this.http.fetch, () => this.account.accessToken());
    this.pokes = this.deps.config.realtime ? new RealtimePokes(client, this.deps.logger) : noPokes;
    this.engine = new SyncEngine({
      db: this.deps.db,
      remote: new SupabaseRemote(client),
      user,
      logger: this.deps.logger,
      options: this.deps.config.engine,
      pokes: this.pokes,
      refreshSession: () => this.account.refresh(),
      onSignedOut: () => this.deps.logger.warn('the sync session ended; sign in again to keep syncing'),
      onSynced: () => {
        for (const listener of this.syncedListeners) listener();
      },
    });
    this.project = new TeamProject(session.projectUrl, session.anonKey, client, this.engine, () => this.account.refresh());
    this.attention = new AttentionActions(this.deps.db, this.engine);
    this.engine.memberships.ensureUser(user);
    this.deps.identity.use(new SupabaseIdentity(user));
    if (startNow) this.engine.start();
  }

  private deactivate(): void {
    this.engine.stop();
    this.pokes.close();
    this.pokes = noPokes;
    this.project = null;
    this.http.abortAll();
    this.deps.identity.useLocal();
    const local = this.deps.identity.currentUser();
    this.engine = this.idleEngine({ id: local.id, email: local.email, displayName: local.displayName });
    this.attention = new AttentionActions(this.deps.db, this.engine);
  }
}
