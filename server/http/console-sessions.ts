import { createHash, randomBytes } from 'node:crypto';

export const CONSOLE_COOKIE = 'voice_console';

export interface ConsoleSessionLifetimes {
  /** A sign-in code is good once, for this long. */
  codeMs: number;
  /** A cookie session unused for this long is over. */
  idleMs: number;
  /** A cookie session ends this long after it was opened, however busy. */
  maxMs: number;
}

export const DEFAULT_LIFETIMES: ConsoleSessionLifetimes = {
  codeMs: 2 * 60_000,
  idleMs: 12 * 60 * 60_000,
  maxMs: 7 * 24 * 60 * 60_000,
};

/** Outstanding codes kept at most; minting more drops the oldest (each print of the link makes one). */
const MAX_OPEN_CODES = 64;

interface SessionTimes {
  openedAt: number;
  seenAt: number;
}

/**
 * Browser sessions for the console. The sign-in link carries a single-use code (never the API
 * token) that expires after two minutes; redeeming it sets a random cookie (HttpOnly,
 * SameSite=Strict), so nothing reusable stays in the address bar or history and page scripts never
 * see a credential. Sessions end after 12 h unused or 7 days at most, or when signed out; expired
 * entries are pruned whenever a code or session is made. Only hashes are kept, in memory: every
 * session also ends with the process.
 */
export class ConsoleSessions {
  private readonly codes = new Map<string, number>();
  private readonly sessions = new Map<string, SessionTimes>();

  constructor(
    private readonly lifetimes: ConsoleSessionLifetimes = DEFAULT_LIFETIMES,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new single-use sign-in code. */
  issueCode(): { code: string; expiresAt: Date } {
    this.prune();
    const code = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + this.lifetimes.codeMs;
    this.codes.set(hash(code), expiresAt);
    while (this.codes.size > MAX_OPEN_CODES) {
      const oldest = this.codes.keys().next().value;
      if (oldest === undefined) break;
      this.codes.delete(oldest);
    }
    return { code, expiresAt: new Date(expiresAt) };
  }

  /** Spends a code (whatever the outcome) and opens a session for it; null when unknown or expired. */
  redeem(code: string): { cookie: string; header: string } | null {
    const key = hash(code);
    const expiresAt = this.codes.get(key);
    this.codes.delete(key);
    if (expiresAt === undefined || expiresAt <= this.now()) return null;
    this.prune();
    const cookie = randomBytes(32).toString('base64url');
    const now = this.now();
    this.sessions.set(hash(cookie), { openedAt: now, seenAt: now });
    const maxAgeSeconds = Math.floor(this.lifetimes.maxMs / 1000);
    return { cookie, header: `${CONSOLE_COOKIE}=${cookie}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}` };
  }

  /** True for a live session, which counts as a use (the idle clock restarts). */
  isValid(cookie: string | null): boolean {
    if (cookie === null) return false;
    const key = hash(cookie);
    const times = this.sessions.get(key);
    if (!times) return false;
    const now = this.now();
    if (this.expired(times, now)) {
      this.sessions.delete(key);
      return false;
    }
    times.seenAt = now;
    return true;
  }

  /** Ends the session of this cookie (unknown ones are fine: signing out twice is not an error). */
  signOut(cookie: string | null): void {
    if (cookie !== null) this.sessions.delete(hash(cookie));
  }

  /** How many sessions and codes are held (tests watch pruning through it). */
  size(): { sessions: number; codes: number } {
    return { sessions: this.sessions.size, codes: this.codes.size };
  }

  prune(): void {
    const now = this.now();
    for (const [key, expiresAt] of this.codes) if (expiresAt <= now) this.codes.delete(key);
    for (const [key, times] of this.sessions) if (this.expired(times, now)) this.sessions.delete(key);
  }

  private expired(times: SessionTimes, now: number): boolean {
    return now - times.seenAt >= this.lifetimes.idleMs || now - times.openedAt >= this.lifetimes.maxMs;
  }
}

/** Tells the browser to drop the console cookie. */
export const CLEARED_COOKIE_HEADER = `${CONSOLE_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
