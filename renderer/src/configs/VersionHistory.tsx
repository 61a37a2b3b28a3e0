import { useState } from 'react';
import type { ConfigJson } from '../../../contracts/config-json.js';
import type { ConfigVersion } from '../../../contracts/config.js';
import { useApiGet } from '../api/use-api-get.js';
import { formatDateTime } from '../format/dates.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Skeleton } from '../ui/Skeleton.js';

interface Props {
  configId: string;
  currentVersion: number;
  onRestore(configJson: ConfigJson, version: number): void;
}

/** Every saved version of the config's JSON, newest first; any can be viewed or loaded into the editor. */
export function VersionHistory({ configId, currentVersion, onRestore }: Props) {
  const versions = useApiGet<ConfigVersion[]>(`/api/voice/configs/${configId}/versions`);
  const [open, setOpen] = useState<number | null>(null);
  if (versions.error && !versions.data) return <ErrorPanel error={versions.error} onRetry={versions.reload} />;
  if (!versions.data) return <Skeleton lines={3} label="Loading versions" />;
  const list = [...versions.data].sort((a, b) => b.version - a.version);
  return (
    <ol className="versions">
      {list.map((version) => (
        <li key={version.version}>
          <div className="version-head">
            <strong>v{version.version}</strong>
            {version.version === currentVersion && <span className="badge">current</span>}
            <span className="muted">{formatDateTime(version.createdAt)}</span>
            <button type="button" className="link-button" aria-expanded={open === version.version} onClick={() => setOpen(open === version.version ? null : version.version)}>
              {open === version.version ? 'Hide' : 'View'}
            </button>
            {version.version !== currentVersion && (
              <button type="button" className="link-button" onClick={() => onRestore(version.configJson, version.version)}>
                Load into editor
              </button>
            )}
          </div>
          {open === version.version && <pre className="code version-json">{JSON.stringify(version.configJson, null, 2)}</pre>}
        </li>
      ))}
    </ol>
  );
}
