import type { AppInfo } from '../../../contracts/health.js';
import { isOrgAdmin } from '../../../contracts/identity.js';
import { useApiGet } from '../api/use-api-get.js';
import { useAccount } from '../app/me-context.js';
import { desktopBridge } from '../desktop/desktop-bridge.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Skeleton } from '../ui/Skeleton.js';
import { AccountSignIn } from '../sync/AccountSignIn.js';
import { ConflictsLog } from '../sync/ConflictsLog.js';
import { NeedsAttention } from '../sync/NeedsAttention.js';
import { AuditLogPanel } from './AuditLogPanel.js';
import { ErasurePanel } from './ErasurePanel.js';
import { IntegrationsPanel } from './IntegrationsPanel.js';
import { KeysPanel } from './KeysPanel.js';
import { RetentionPanel } from './RetentionPanel.js';

const roleNames = { org_owner: 'Owner', org_admin: 'Admin', org_user: 'Member' } as const;

/** Who is signed in, their organizations, and facts about this installation. Only what works today. */
export function SettingsScreen() {
  const { me, reload } = useAccount();
  const app = useApiGet<AppInfo>('/api/app');
  const bridge = desktopBridge();
  // Keys and integrations are for org owners and admins; the server enforces it too.
  const adminOrgs = me.orgs.filter((org) => isOrgAdmin(org.role));

  return (
    <section className="screen settings" aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="settings-grid">
        <section className="card" aria-labelledby="account-title">
          <h3 id="account-title">Account</h3>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{me.user.displayName}</dd>
            <dt>Email</dt>
            <dd>{me.user.email}</dd>
            <dt>Sign-in</dt>
            <dd>{me.mode === 'local' ? 'Local account on this computer' : 'Team account'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="orgs-title">
          <h3 id="orgs-title">Organization</h3>
          <ul className="plain-list">
            {me.orgs.map((org) => (
              <li key={org.id}>
                <strong>{org.name}</strong> <span className="badge">{roleNames[org.role]}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="app-title">
          <h3 id="app-title">This installation</h3>
          {app.error && !app.data ? (
            <ErrorPanel error={app.error} onRetry={app.reload} />
          ) : !app.data ? (
            <Skeleton lines={3} label="Loading app facts" />
          ) : (
            <dl className="facts">
              <dt>Version</dt>
              <dd data-testid="app-version">{app.data.version}</dd>
              <dt>Data folder</dt>
              <dd>
                <code className="path">{app.data.dataDir}</code>
              </dd>
              <dt>Running as</dt>
              <dd>
                {bridge ? 'Desktop app' : 'Web console'} on {app.data.platform}
              </dd>
            </dl>
          )}
        </section>
      </div>
      <div className="settings-wide">
        <AccountSignIn onChange={reload} />
      </div>
      <section className="settings-wide" id="sync" aria-labelledby="sync-title">
        <h2 id="sync-title">Sync</h2>
        <NeedsAttention />
        <ConflictsLog />
      </section>
      {adminOrgs.map((org) => (
        <div key={org.id} className="settings-wide">
          {adminOrgs.length > 1 && <h2>{org.name}</h2>}
          <KeysPanel orgId={org.id} />
        </div>
      ))}
      {adminOrgs.length > 0 && (
        <div className="settings-wide">
          <IntegrationsPanel />
        </div>
      )}
      {adminOrgs.map((org) => (
        <section key={org.id} className="settings-wide" aria-labelledby={`candidate-data-${org.id}`}>
          <h2 id={`candidate-data-${org.id}`}>Candidate data{adminOrgs.length > 1 ? `: ${org.name}` : ''}</h2>
          <RetentionPanel orgId={org.id} />
          <ErasurePanel orgId={org.id} />
          <AuditLogPanel orgId={org.id} />
        </section>
      ))}
    </section>
  );
}
