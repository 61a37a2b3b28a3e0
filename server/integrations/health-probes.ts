import { accessSync, constants } from 'node:fs';
import type { CheckResult } from '../../contracts/health.js';
import type { ArchiveWorker } from '../archive/archive-worker.js';
import { EcsBotRunner, missingEcsSettings } from '../bot-runner/ecs-bot-runner.js';
import { checkProviderKey } from '../providers/key-validation.js';
import type { ProviderEndpoints } from '../providers/provider-endpoints.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { SecretStore } from '../secrets/keychain.js';
import type { Stores } from '../store/stores.js';
import type { IntegrationSettingsStore } from '../store/integration-settings-store.js';

export const NOT_CONFIGURED = 'not_configured';
const CACHE_MS = 15_000;

function failure(error: unknown): string {
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The parts health reports on: each `ok`, `not_configured`, or an error. Remote checks (Daily,
 * ECS, S3) are cached briefly so a monitor polling health does not hammer the providers.
 */
export class HealthProbes {
  private cached: { at: number; checks: Record<string, CheckResult> } | null = null;

  constructor(
    private readonly deps: {
      stores: Stores;
      dataDir: string;
      keychain: SecretStore;
      vault: CredentialVault;
      endpoints: ProviderEndpoints;
      settings: IntegrationSettingsStore;
      archive: ArchiveWorker;
    },
  ) {}

  /** `degraded` only when something configured fails; `not_configured` parts do not count. */
  static isHealthy(checks: Record<string, CheckResult>): boolean {
    return Object.values(checks).every((result) => result === 'ok' || result === NOT_CONFIGURED);
  }

  async run(userOrgIds: string[]): Promise<Record<string, CheckResult> & { database: CheckResult }> {
    const local = {
      database: this.probe(() => this.deps.stores.ping()),
      dataDir: this.probe(() => accessSync(this.deps.dataDir, constants.W_OK)),
    };
    if (!this.cached || Date.now() - this.cached.at > CACHE_MS) {
      this.cached = { at: Date.now(), checks: await this.remote(userOrgIds) };
    }
    return { ...local, ...this.cached.checks };
  }

  private probe(check: () => unknown): CheckResult {
    try {
      check();
      return 'ok';
    } catch (error) {
      return failure(error);
    }
  }

  private async remote(orgIds: string[]): Promise<Record<string, CheckResult>> {
    const probe = await this.deps.keychain.probe();
    // A keychain nobody has stored a key in yet is not a failure of anything configured.
    const keysStored = orgIds.some((id) => this.deps.stores.credentials.list(id).length > 0);
    const keychain = probe === 'ok' || keysStored ? probe : NOT_CONFIGURED;
    const { settings } = this.deps.settings.effective();
    const [daily, ecs, s3] = await Promise.all([this.daily(orgIds, probe === 'ok'), this.ecs(settings), this.s3()]);
    return { keychain, daily, ecs, s3 };
  }

  private async daily(orgIds: string[], keychainUp: boolean): Promise<CheckResult> {
    const orgId = orgIds.find((id) => this.deps.stores.credentials.forService(id, 'daily'));
    if (!orgId) return NOT_CONFIGURED;
    if (!keychainUp) return 'error: the keychain is unavailable';
    try {
      const key = await this.deps.vault.keyFor(orgId, 'daily');
      if (!key) return 'error: the Daily key is missing from the keychain';
      await checkProviderKey('daily', key, this.deps.endpoints);
      return 'ok';
    } catch (error) {
      return failure(error);
    }
  }

  private async ecs(settings: ReturnType<IntegrationSettingsStore['effective']>['settings']): Promise<CheckResult> {
    if (settings.botRunner !== 'ecs' || missingEcsSettings(settings.ecs).length > 0) return NOT_CONFIGURED;
    try {
      return await new EcsBotRunner(settings.ecs).checkCluster();
    } catch (error) {
      return failure(error);
    }
  }

  private async s3(): Promise<CheckResult> {
    const bucket = this.deps.archive.currentBucket();
    return bucket ? bucket.check() : NOT_CONFIGURED;
  }
}
