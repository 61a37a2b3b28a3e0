import { AsyncEntry } from '@napi-rs/keyring';

/** The keychain service name every entry of this app is filed under. */
export const KEYCHAIN_SERVICE = 'Interview Console';

/**
 * Raised when the OS keychain cannot be used (no Secret Service on Linux, a locked keychain, a
 * denied prompt). The message says what to do; it never contains a secret.
 */
export class KeychainUnavailableError extends Error {
  override name = 'KeychainUnavailableError';
}

export interface SecretStore {
  set(account: string, secret: string): Promise<void>;
  get(account: string): Promise<string | null>;
  delete(account: string): Promise<boolean>;
  /** Whether the keychain answers at all (for health and clear errors up front). */
  probe(): Promise<'ok' | string>;
}

function explain(error: unknown): KeychainUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  const hint =
    process.platform === 'linux'
      ? 'Make sure a Secret Service keyring (GNOME Keyring or KWallet) is running and unlocked.'
      : process.platform === 'darwin'
        ? 'Unlock the login keychain and allow Interview Console to use it.'
        : 'Make sure Windows Credential Manager is available for this user.';
  return new KeychainUnavailableError(`The OS keychain is not available (${reason}). ${hint}`);
}

/**
 * Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux)
 * through @napi-rs/keyring, keytar's maintained successor. Every call is async so a keychain
 * prompt never blocks the server's event loop.
 */
export function osKeychain(service: string = KEYCHAIN_SERVICE): SecretStore {
  // Pinned to the Secret Service on Linux: the library's default falls back to the kernel keyring,
  // which forgets everything at logout or reboot, so a key would seem saved and then vanish.
  const entry = (account: string): AsyncEntry => new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw explain(error);
    }
  };
  return {
    set: (account, secret) => guarded(() => entry(account).setPassword(secret)),
    get: (account) => guarded(() => entry(account).getPassword()),
    delete: (account) => guarded(() => entry(account).deletePassword()),
    probe: async () => {
      try {
        await entry('__probe__').getPassword();
        return 'ok';
      } catch (error) {
        return `error: ${explain(error).message}`;
      }
    },
  };
}
