import { defaultEngineOptions, type SyncEngineOptions } from './sync-engine.js';

/**
 * Sync knobs from the environment (the defaults suit a desktop; tests shorten the timers):
 * VOICE_SYNC_TIMER_MS, VOICE_SYNC_DEBOUNCE_MS, VOICE_SYNC_TIMEOUT_MS, VOICE_SYNC_BACKOFF_BASE_MS,
 * VOICE_SYNC_BACKOFF_CAP_MS, VOICE_SYNC_PUSH_BATCH, VOICE_SYNC_PULL_PAGE, and VOICE_SYNC_REALTIME=0
 * to skip Realtime pokes (the timer still pulls).
 */
export interface SyncConfig {
  engine: SyncEngineOptions;
  requestTimeoutMs: number;
  realtime: boolean;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number (got "${value}")`);
  return parsed;
}

export function readSyncConfig(env: NodeJS.ProcessEnv = process.env): SyncConfig {
  return {
    engine: {
      ...defaultEngineOptions,
      timerMs: numberFrom(env, 'VOICE_SYNC_TIMER_MS', defaultEngineOptions.timerMs),
      debounceMs: numberFrom(env, 'VOICE_SYNC_DEBOUNCE_MS', defaultEngineOptions.debounceMs),
      pushBatchSize: Math.min(1000, numberFrom(env, 'VOICE_SYNC_PUSH_BATCH', defaultEngineOptions.pushBatchSize)),
      pullPageSize: Math.min(10_000, numberFrom(env, 'VOICE_SYNC_PULL_PAGE', defaultEngineOptions.pullPageSize)),
      backoff: {
        baseMs: numberFrom(env, 'VOICE_SYNC_BACKOFF_BASE_MS', defaultEngineOptions.backoff.baseMs),
        capMs: numberFrom(env, 'VOICE_SYNC_BACKOFF_CAP_MS', defaultEngineOptions.backoff.capMs),
      },
    },
    requestTimeoutMs: numberFrom(env, 'VOICE_SYNC_TIMEOUT_MS', 15_000),
    realtime: env.VOICE_SYNC_REALTIME !== '0',
  };
}
