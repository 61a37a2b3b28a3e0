import { createHash, randomBytes } from 'node:crypto';

export const CONSOLE_COOKIE = 'voice_console';

/**
 * Browser sessions for the console. The one-time link `/?token=…` is swapped for a random cookie
 * (HttpOnly, SameSite=Strict), so the API token leaves the address bar and history at once and
 * page scripts never see a credential. Only hashes are kept; sessions end with the process.
 */
export class ConsoleSessions {
  private readonly hashes = new Set<string>();

  open(): { cookie: string; header: string } {
    const value = randomBytes(32).toString('base64url');
    this.hashes.add(hash(value));
    return {
      cookie: value,
      header: `${CONSOLE_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/`,
    };
  }

  isValid(value: string | null): boolean {
    return value !== null && this.hashes.has(hash(value));
  }
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
