export type CheckResult = 'ok' | string;

export interface HealthReport {
  module: 'module-voice';
  status: 'healthy' | 'degraded';
  checks: { database: CheckResult; [check: string]: CheckResult };
  timestamp: string;
  version: string;
}

/** Facts about this installation for the Settings screen. */
export interface AppInfo {
  version: string;
  dataDir: string;
  platform: string;
  nodeVersion: string;
}
