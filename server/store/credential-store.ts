import type { Database, Statement } from 'better-sqlite3';
import type { CredentialCheck, CredentialProblem, CredentialService, VoiceCredential } from '../../contracts/credentials.js';
import { readJson, writeJson } from './json-column.js';

interface CredentialRow {
  id: string;
  org_id: string;
  service_name: CredentialService;
  keychain_service: string;
  keychain_account: string;
  config_metadata: string;
  is_active: number;
  last_validated_at: string | null;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string | null;
  check_ok: number | null;
  check_problem: CredentialProblem | null;
  check_error: string | null;
  check_at: string | null;
}

// Each credential with its last check on this machine (a local table, never synced).
const SELECT_CREDENTIAL = `SELECT k.*, c.ok AS check_ok, c.problem AS check_problem, c.error AS check_error, c.checked_at AS check_at
  FROM voice_credentials k LEFT JOIN voice_credential_checks c ON c.credential_id = k.id`;

export interface CredentialRecord extends VoiceCredential {
  keychainService: string;
  keychainAccount: string;
}

function toRecord(row: CredentialRow): CredentialRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    serviceName: row.service_name,
    configMetadata: readJson(row.config_metadata, {}),
    isActive: row.is_active === 1,
    lastValidatedAt: row.last_validated_at,
    lastCheck: row.check_at === null ? null : { ok: row.check_ok === 1, checkedAt: row.check_at, problem: row.check_problem, error: row.check_error },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    keychainService: row.keychain_service,
    keychainAccount: row.keychain_account,
  };
}

/** What replies may show: the keychain reference stays on the server too. */
export function toPublicCredential(record: CredentialRecord): VoiceCredential {
  return {
    id: record.id,
    orgId: record.orgId,
    serviceName: record.serviceName,
    configMetadata: record.configMetadata,
    isActive: record.isActive,
    lastValidatedAt: record.lastValidatedAt,
    lastCheck: record.lastCheck,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
  };
}

/** Credential metadata and the keychain reference; the key itself is never in this table. */
export class CredentialStore {
  private readonly getStatement: Statement<[string], CredentialRow>;
  private readonly forServiceStatement: Statement<[string, string], CredentialRow>;
  private readonly listStatement: Statement<[string], CredentialRow>;
  private readonly upsertStatement: Statement<Record<string, unknown>>;
  private readonly deleteStatement: Statement<[string]>;
  private readonly validatedStatement: Statement<[string, string, string]>;
  private readonly recordCheckStatement: Statement<[string, number, CredentialProblem | null, string | null, string]>;
  private readonly forgetCheckStatement: Statement<[string, string]>;
  private readonly upsertAndForgetCheck: (values: Record<string, unknown>, orgId: string, service: CredentialService) => void;

  constructor(db: Database) {
    this.getStatement = db.prepare(`${SELECT_CREDENTIAL} WHERE k.id = ?`);
    this.forServiceStatement = db.prepare(`${SELECT_CREDENTIAL} WHERE k.org_id = ? AND k.service_name = ?`);
    this.listStatement = db.prepare(`${SELECT_CREDENTIAL} WHERE k.org_id = ? ORDER BY k.service_name`);
    this.upsertStatement = db.prepare(`INSERT INTO voice_credentials
      (id, org_id, service_name, keychain_service, keychain_account, config_metadata, is_active, last_validated_at,
       created_at, updated_at, created_by, updated_by)
      VALUES (@id, @org_id, @service_name, @keychain_service, @keychain_account, @config_metadata, 1, NULL, @now, @now, @actor, NULL)
      ON CONFLICT (org_id, service_name) DO UPDATE SET keychain_service = excluded.keychain_service,
        keychain_account = excluded.keychain_account, config_metadata = excluded.config_metadata, is_active = 1,
        last_validated_at = NULL, updated_at = excluded.updated_at, updated_by = @actor`);
    this.deleteStatement = db.prepare('DELETE FROM voice_credentials WHERE id = ?');
    this.validatedStatement = db.prepare('UPDATE voice_credentials SET last_validated_at = ?, updated_at = ? WHERE id = ?');
    this.recordCheckStatement = db.prepare(`INSERT INTO voice_credential_checks (credential_id, ok, problem, error, checked_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (credential_id) DO UPDATE SET ok = excluded.ok, problem = excluded.problem, error = excluded.error, checked_at = excluded.checked_at`);
    this.forgetCheckStatement = db.prepare(
      'DELETE FROM voice_credential_checks WHERE credential_id = (SELECT id FROM voice_credentials WHERE org_id = ? AND service_name = ?)',
    );
    // A replaced key has not been checked: its predecessor's failure no longer says anything.
    this.upsertAndForgetCheck = db.transaction((values: Record<string, unknown>, orgId: string, service: CredentialService) => {
      this.upsertStatement.run(values);
      this.forgetCheckStatement.run(orgId, service);
    });
  }

  get(id: string): CredentialRecord | undefined {
    const row = this.getStatement.get(id);
    return row ? toRecord(row) : undefined;
  }

  forService(orgId: string, service: CredentialService): CredentialRecord | undefined {
    const row = this.forServiceStatement.get(orgId, service);
    return row ? toRecord(row) : undefined;
  }

  list(orgId: string): CredentialRecord[] {
    return this.listStatement.all(orgId).map(toRecord);
  }

  /** Creates, or replaces the existing one for the same org and service (keeping its id). */
  upsert(values: {
    id: string;
    orgId: string;
    service: CredentialService;
    keychainService: string;
    keychainAccount: string;
    configMetadata: Record<string, unknown>;
    actor: string;
    now: string;
  }): CredentialRecord {
    this.upsertAndForgetCheck({
      id: values.id,
      org_id: values.orgId,
      service_name: values.service,
      keychain_service: values.keychainService,
      keychain_account: values.keychainAccount,
      config_metadata: writeJson(values.configMetadata),
      now: values.now,
      actor: values.actor,
    }, values.orgId, values.service);
    return this.forService(values.orgId, values.service) as CredentialRecord;
  }

  delete(id: string): void {
    this.deleteStatement.run(id);
  }

  markValidated(id: string, at: string): void {
    this.validatedStatement.run(at, at, id);
  }

  /** Keeps the outcome of a check on this machine: a failure shows on the key's row until fixed. */
  recordCheck(id: string, check: CredentialCheck): void {
    this.recordCheckStatement.run(id, check.ok ? 1 : 0, check.problem, check.error, check.checkedAt);
  }
}
