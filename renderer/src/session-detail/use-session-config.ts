import type { ConfigJson } from '../../../contracts/config-json.js';
import type { ConfigVersion, VoiceConfig } from '../../../contracts/config.js';
import type { VoiceSession } from '../../../contracts/session.js';
import { useApiGet } from '../api/use-api-get.js';

export interface SessionConfig {
  config: VoiceConfig | undefined;
  /** The config as it was at the version the session was created with (the current one if that is unknown). */
  configJson: ConfigJson | undefined;
  missing: boolean;
}

/** The config a session runs, at the session's own version. */
export function useSessionConfig(session: Pick<VoiceSession, 'configId' | 'configVersion'>): SessionConfig {
  const config = useApiGet<VoiceConfig>(session.configId ? `/api/voice/configs/${session.configId}` : null);
  const needsHistory = config.data !== undefined && session.configVersion !== null && config.data.version !== session.configVersion;
  const versions = useApiGet<ConfigVersion[]>(needsHistory && session.configId ? `/api/voice/configs/${session.configId}/versions` : null);
  const atVersion = versions.data?.find((version) => version.version === session.configVersion)?.configJson;
  return {
    config: config.data,
    configJson: atVersion ?? config.data?.configJson,
    missing: config.error?.status === 404,
  };
}
