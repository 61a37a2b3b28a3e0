import type { Database, Statement } from 'better-sqlite3';
import type { ConfigVersion, ListConfigsQuery, VoiceConfig } from '../../contracts/config.js';
import type { ConfigJson } from '../../contracts/config-json.js';
import { writeJson } from './json-column.js';
import { StatementCache } from './statement-cache.js';

interface ConfigRow {
  id: string;
  org_id: string;
  name: string;
  interview_type: string;
  description: string | null;
  config_json: string;
  is_active: number;
  version: number;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string | null;
}

export interface ConfigValues {
  name: string;
  interviewType: string;
  description: string | null;
  configJson: ConfigJson;
  isActive: boolean;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

function toVoiceConfig(row: ConfigRow): VoiceConfig {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    interviewType: row.interview_type,
    description: row.description,
    configJson: JSON.parse(row.config_json) as ConfigJson,
    isActive: row.is_active === 1,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

export class ConfigStore {
  private readonly getStatement: Statement<[string], ConfigRow>;
  private readonly nameTakenStatement: Statement<[string, string, string], { id: string }>;
  private readonly insertStatement: Statement<unknown[]>;
  private readonly updateStatement: Statement<unknown[]>;
  private readonly deleteStatement: Statement<[string]>;
  private readonly addVersionStatement: Statement<[string, number, string, string, string]>;
  private readonly versionsStatement: Statement<[string], { version: number; config_json: string; created_at: string; created_by: string }>;

  private readonly statements: StatementCache;

  constructor(db: Database) {
    this.statements = new StatementCache(db);
    this.getStatement = db.prepare('SELECT * FROM voice_configs WHERE id = ?');
    this.nameTakenStatement = db.prepare('SELECT id FROM voice_configs WHERE org_id = ? AND name = ? AND id != ?');
    this.insertStatement = db.prepare(`INSERT INTO voice_configs
      (id, org_id, name, interview_type, description, config_json, is_active, version, created_at, updated_at, created_by, updated_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, NULL)`);
    this.updateStatement = db.prepare(`UPDATE voice_configs SET name = ?, interview_type = ?, description = ?,
      config_json = ?, is_active = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ?`);
    this.deleteStatement = db.prepare('DELETE FROM voice_configs WHERE id = ?');
    this.addVersionStatement = db.prepare(
      'INSERT INTO voice_config_versions (config_id, version, config_json, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
    );
    this.versionsStatement = db.prepare(
      'SELECT version, config_json, created_at, created_by FROM voice_config_versions WHERE config_id = ? ORDER BY version DESC',
    );
  }

  get(id: string): VoiceConfig | undefined {
    const row = this.getStatement.get(id);
    return row ? toVoiceConfig(row) : undefined;
  }

  isNameTaken(orgId: string, name: string, exceptId = ''): boolean {
    return this.nameTakenStatement.get(orgId, name, exceptId) !== undefined;
  }

  insert(config: Omit<VoiceConfig, 'version' | 'updatedAt' | 'updatedBy'>): void {
    const json = writeJson(config.configJson);
    this.insertStatement.run(
      config.id,
      config.orgId,
      config.name,
      config.interviewType,
      config.description,
      json,
      config.isActive ? 1 : 0,
      config.createdAt,
      config.createdAt,
      config.createdBy,
    );
    this.addVersionStatement.run(config.id, 1, json, config.createdAt, config.createdBy);
  }

  update(id: string, values: ConfigValues, versionChanged: boolean): void {
    const json = writeJson(values.configJson);
    this.updateStatement.run(
      values.name,
      values.interviewType,
      values.description,
      json,
      values.isActive ? 1 : 0,
      values.version,
      values.updatedAt,
      values.updatedBy,
      id,
    );
    if (versionChanged) this.addVersionStatement.run(id, values.version, json, values.updatedAt, values.updatedBy ?? '');
  }

  delete(id: string): void {
    this.deleteStatement.run(id);
  }

  versions(id: string): ConfigVersion[] {
    return this.versionsStatement.all(id).map((row) => ({
      version: row.version,
      configJson: JSON.parse(row.config_json) as ConfigJson,
      createdAt: row.created_at,
      createdBy: row.created_by,
    }));
  }

  list(query: ListConfigsQuery): { items: VoiceConfig[]; total: number } {
    const where = ['org_id = ?'];
    const args: unknown[] = [query.orgId];
    if (query.isActive !== undefined) {
      where.push('is_active = ?');
      args.push(query.isActive ? 1 : 0);
    }
    if (query.interviewType) {
      where.push('interview_type = ?');
      args.push(query.interviewType);
    }
    const whereSql = where.join(' AND ');
    const rows = this.statements
      .get<ConfigRow>(`SELECT * FROM voice_configs WHERE ${whereSql} ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?`)
      .all(...args, query.limit, query.offset);
    const total = this.statements.get<{ n: number }>(`SELECT COUNT(*) AS n FROM voice_configs WHERE ${whereSql}`).get(...args)?.n ?? 0;
    return { items: rows.map(toVoiceConfig), total };
  }
}
