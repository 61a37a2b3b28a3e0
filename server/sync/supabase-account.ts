import { isAuthApiError } from '@supabase/supabase-js';
import type { SignInBody, SyncAccount } from '../../contracts/sync.js';
import { DomainError } from '../domain/domain-error.js';
import type { Logger } from '../runtime/logger.js';
import { KeychainUnavailableError } from '../secrets/keychain.js';
import { createProjectClient } from './project-client.js';
import type { SessionKeychain, StoredSession } from './session-keychain.js';
import { SyncRequestError } from './sync-errors.js';
import type { FetchLike } from './timed-fetch.js';

const SIGN_OUT_WAIT_MS = 3000;

interface AuthSessionLike {
  access_token: string;
  refresh_token: string;
  expires_at?: number;
  expires_in?: number;
  user: { id: string; email?: string };
}

function storedFrom(projectUrl: string, anonKey: string, session: AuthSessionLike): StoredSession {
  return {
    projectUrl,
    anonKey,
    accessToken: session.access_token,
    refreshToken: session.refresh_token,
    expiresAt: session.expires_at ?? Math.floor(Date.now() / 1000) + (session.expires_in ?? 3600),
    user: { id: session.user.id, email: session.user.email ?? '' },
  };
}

/**
 * The Supabase session of Settings > Account: password sign-in through supabase-js auth, kept in
 * the OS keychain, refreshed before it expires (and on a 401), cleared by sign-out. If the keychain
 * is unavailable the session still works until the app quits (`persisted: false` says so).
 */
export class SupabaseAccount {
  private session: StoredSession | null = null;
  private persisted = false;
  private refreshing: Promise<void> | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(
    private readonly keychain: SessionKeychain,
    private readonly fetchImpl: FetchLike,
    private readonly logger: Logger,
  ) {}

  current(): StoredSession | null {
    return this.session;
  }

  info(): SyncAccount {
    const session = this.session;
    return {
      signedIn: session !== null,
      projectUrl: session?.projectUrl ?? null,
      user: session ? { ...session.user } : null,
      sessionExpiresAt: session ? new Date(session.expiresAt * 1000).toISOString() : null,
      sessionPersisted: session !== null && this.persisted,
    };
  }

  async accessToken(): Promise<string | null> {
    return this.session?.accessToken ?? null;
  }

  /** The session kept by an earlier launch, if any. */
  async restore(): Promise<StoredSession | null> {
    try {
      this.session = await this.keychain.load();
      this.persisted = this.session !== null;
    } catch (error) {
      this.logger.warn('could not read the sync session from the keychain', { error: error instanceof Error ? error.message : String(error) });
      this.session = null;
    }
    if (this.session) this.scheduleRefresh();
    return this.session;
  }

  async signIn(body: SignInBody): Promise<StoredSession> {
    const auth = createProjectClient(body.projectUrl, body.anonKey, this.fetchImpl).auth;
    let reply: Awaited<ReturnType<typeof auth.signInWithPassword>>;
    try {
      reply = await auth.signInWithPassword({ email: body.email, password: body.password });
    } catch (error) {
      throw unreachable(body.projectUrl, error);
    }
    if (reply.error || !reply.data.session) {
      const error = reply.error;
      if (isAuthApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 404 && error.status !== 429) {
        throw new DomainError('VALIDATION_ERROR', 'Sign-in failed: the email or password is wrong', {
          reason: 'INVALID_CREDENTIALS',
          issues: [{ field: 'password', message: 'email or password is wrong' }],
        });
      }
      throw unreachable(body.projectUrl, error);
    }
    await this.adopt(storedFrom(body.projectUrl, body.anonKey, reply.data.session));
    return this.session as StoredSession;
  }

  /** A new access token from the refresh token; at most one refresh runs at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const session = this.session;
    if (!session) throw new SyncRequestError('signed-out', 'not signed in', 401);
    const auth = createProjectClient(session.projectUrl, session.anonKey, this.fetchImpl).auth;
    let reply: Awaited<ReturnType<typeof auth.refreshSession>>;
    try {
      reply = await auth.refreshSession({ refresh_token: session.refreshToken });
    } catch (error) {
      throw new SyncRequestError('offline', error instanceof Error ? error.message : String(error), 0);
    }
    if (this.session !== session) return; // signed out or in again meanwhile
    if (reply.error || !reply.data.session) {
      const error = reply.error;
      if (isAuthApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 429) {
        this.ended = true;
        throw new SyncRequestError('signed-out', `the session can no longer be refreshed (${error.message})`, error.status);
      }
      throw new SyncRequestError('offline', error?.message ?? 'refresh failed', error && 'status' in error ? Number(error.status) || 0 : 0);
    }
    await this.adopt(storedFrom(session.projectUrl, session.anonKey, reply.data.session));
    this.logger.debug('sync session refreshed', { expiresAt: new Date((this.session as StoredSession).expiresAt * 1000).toISOString() });
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  private async adopt(session: StoredSession): Promise<void> {
    this.session = session;
    this.ended = false;
    try {
      await this.keychain.save(session);
      this.persisted = true;
    } catch (error) {
      this.persisted = false;
      const message = error instanceof KeychainUnavailableError ? error.message : String(error);
      this.logger.warn('the sync session is kept in memory only: the OS keychain refused it', { error: message });
    }
    this.scheduleRefresh();
  }

  /** Refreshes ahead of expiry: a minute early, or a quarter of the lifetime for short tokens. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const session = this.session;
    if (!session) return;
    const remaining = session.expiresAt * 1000 - Date.now();
    const margin = Math.min(60_000, Math.max(1000, remaining / 4));
    const delay = Math.max(1000, remaining - margin);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh().catch((error: unknown) => {
        if (error instanceof SyncRequestError && error.kind === 'signed-out') return;
        // Offline: try again shortly; a 401 on the next request also triggers a refresh.
        this.logger.info('sync session refresh postponed', { error: error instanceof Error ? error.message : String(error) });
        if (this.session === session || this.session?.refreshToken === session.refreshToken) {
          this.refreshTimer = setTimeout(() => void this.refresh().catch(() => undefined), 15_000);
          this.refreshTimer.unref();
        }
      });
    }, delay);
    this.refreshTimer.unref();
  }

  /** Ends the session here and, best effort, on the server; the keychain entry is removed. */
  async signOut(): Promise<void> {
    const session = this.session;
    this.stopTimers();
    this.session = null;
    this.persisted = false;
    if (session) {
      const auth = createProjectClient(session.projectUrl, session.anonKey, this.fetchImpl).auth;
      try {
        // Best effort, briefly: signing out must not wait on a project that does not answer.
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, SIGN_OUT_WAIT_MS).unref());
        await Promise.race([auth.admin.signOut(session.accessToken, 'local'), timeout]);
      } catch (error) {
        this.logger.info('sign-out could not reach the project; the session is removed here', { error: String(error) });
      }
    }
    try {
      await this.keychain.clear();
    } catch (error) {
      this.logger.warn('could not remove the sync session from the keychain', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  stopTimers(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }
}

function unreachable(projectUrl: string, error: unknown): DomainError {
  const detail = error instanceof Error ? error.message : String(error ?? 'no answer');
  return new DomainError('PROVIDER_ERROR', `Could not reach the Supabase project at ${projectUrl}: ${detail}`, { reason: 'PROJECT_UNREACHABLE' });
}
