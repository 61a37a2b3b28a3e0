import { randomUUID } from 'node:crypto';
import type { CredentialService, VoiceCredential } from '../../contracts/credentials.js';
import { DomainError } from '../domain/domain-error.js';
import { nowIso } from '../runtime/clock.js';
import { toPublicCredential, type CredentialRecord, type CredentialStore } from '../store/credential-store.js';
import { KEYCHAIN_SERVICE, KeychainUnavailableError, type SecretStore } from './keychain.js';

const accountFor = (orgId: string, service: CredentialService): string => `org/${orgId}/${service}`;

/**
 * Provider keys: the secret goes to the OS keychain, the database keeps where it is and metadata.
 * This is the only code that reads a key back, and only to hand it to a provider client.
 */
export class CredentialVault {
  constructor(
    private readonly store: CredentialStore,
    private readonly keychain: SecretStore,
  ) {}

  async save(orgId: string, service: CredentialService, apiKey: string, metadata: Record<string, unknown>, actor: string): Promise<VoiceCredential> {
    const account = accountFor(orgId, service);
    // Keychain first: if it fails, the database still describes the key that is really there.
    await this.guard(() => this.keychain.set(account, apiKey));
    const record = this.store.upsert({
      id: randomUUID(),
      orgId,
      service,
      keychainService: KEYCHAIN_SERVICE,
      keychainAccount: account,
      configMetadata: metadata,
      actor,
      now: nowIso(),
    });
    return toPublicCredential(record);
  }

  /** The org's key for a service, or null when none is configured. */
  async keyFor(orgId: string, service: CredentialService): Promise<string | null> {
    const record = this.store.forService(orgId, service);
    if (!record || !record.isActive) return null;
    return this.keyOf(record);
  }

  async keyOf(record: CredentialRecord): Promise<string | null> {
    return this.guard(() => this.keychain.get(record.keychainAccount));
  }

  async remove(record: CredentialRecord): Promise<void> {
    await this.guard(() => this.keychain.delete(record.keychainAccount));
    this.store.delete(record.id);
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw new DomainError('KEYCHAIN_UNAVAILABLE', error.message);
      throw error;
    }
  }
}
