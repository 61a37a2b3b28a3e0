import type { VoiceConfig } from '../../../contracts/config.js';
import type { OrgStats } from '../../../contracts/stats.js';
import { withQuery } from '../api/api-client.js';
import { useApiGet } from '../api/use-api-get.js';

export interface FilterOptions {
  configs: readonly VoiceConfig[];
  interviewTypes: readonly string[];
}

/**
 * Every config of the org, in one request shared by the filters and the New session dialog: one
 * cached reply, so offline both offer the same configs.
 */
export function allConfigsPath(orgId: string): string {
  return withQuery('/api/voice/configs', { orgId, limit: 1000 });
}

/** The choices the filters offer: every config, and every interview type in use or configured. */
export function useFilterOptions(orgId: string): FilterOptions {
  const configs = useApiGet<VoiceConfig[]>(allConfigsPath(orgId));
  const stats = useApiGet<OrgStats>(withQuery('/api/voice/stats', { orgId }));
  const types = new Set<string>();
  for (const entry of stats.data?.byInterviewType ?? []) types.add(entry.interviewType);
  for (const config of configs.data ?? []) types.add(config.interviewType);
  return { configs: configs.data ?? [], interviewTypes: [...types].sort((a, b) => a.localeCompare(b)) };
}
