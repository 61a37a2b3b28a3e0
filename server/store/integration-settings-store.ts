import type { Database, Statement } from 'better-sqlite3';
import {
  integrationSettings,
  type BotRunnerKind,
  type EffectiveIntegrationSettings,
  type IntegrationSettings,
} from '../../contracts/integrations.js';

const SETTINGS_KEY = 'integrations';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * Settings > Integrations, saved in the store; the environment (seed 7.2 names) wins where set,
 * so a deployment can pin them. `fromEnvironment` tells the UI which fields are pinned.
 */
export class IntegrationSettingsStore {
  private readonly readStatement: Statement<[string], { value: string }>;
  private readonly writeStatement: Statement<[string, string]>;

  constructor(
    db: Database,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** The runner used when neither Settings nor the environment name one (the desktop: local). */
    private readonly defaultBotRunner: BotRunnerKind | null = null,
  ) {
    this.readStatement = db.prepare('SELECT value FROM app_settings WHERE key = ?');
    this.writeStatement = db.prepare(
      'INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  stored(): IntegrationSettings {
    const row = this.readStatement.get(SETTINGS_KEY);
    const parsed = integrationSettings.safeParse(row ? JSON.parse(row.value) : {});
    return parsed.success ? parsed.data : integrationSettings.parse({});
  }

  save(settings: IntegrationSettings): void {
    this.writeStatement.run(SETTINGS_KEY, JSON.stringify(settings));
  }

  effective(): EffectiveIntegrationSettings {
    const settings = structuredClone(this.stored());
    settings.botRunner ??= this.defaultBotRunner;
    const fromEnvironment: string[] = [];
    const pin = (name: string, field: string, apply: (value: string) => void): void => {
      const value = this.env[name];
      if (value === undefined || value === '') return;
      apply(value);
      fromEnvironment.push(field);
    };
    pin('VOICE_BOT_RUNNER', 'botRunner', (value) => {
      if (value === 'local' || value === 'ecs') settings.botRunner = value;
    });
    pin('ECS_CLUSTER_NAME', 'ecs.cluster', (value) => (settings.ecs.cluster = value));
    pin('ECS_TASK_DEFINITION_ARN', 'ecs.taskDefinition', (value) => (settings.ecs.taskDefinition = value));
    pin('ECS_SUBNETS', 'ecs.subnets', (value) => (settings.ecs.subnets = list(value)));
    pin('ECS_SECURITY_GROUPS', 'ecs.securityGroups', (value) => (settings.ecs.securityGroups = list(value)));
    pin('ECS_CONTAINER_NAME', 'ecs.containerName', (value) => (settings.ecs.containerName = value));
    pin('ECS_ASSIGN_PUBLIC_IP', 'ecs.assignPublicIp', (value) => (settings.ecs.assignPublicIp = value !== 'DISABLED' && value !== 'false'));
    pin('AWS_REGION', 'ecs.region', (value) => {
      if (!settings.ecs.region) settings.ecs.region = value;
      if (!settings.s3.region) settings.s3.region = value;
    });
    pin('TRANSCRIPT_S3_BUCKET', 's3.bucket', (value) => (settings.s3.bucket = value));
    pin('VOICE_PUBLIC_WS_URL', 'publicWebSocketUrl', (value) => (settings.publicWebSocketUrl = value));
    return { settings, fromEnvironment };
  }
}
