import { useMemo, type ReactNode } from 'react';
import type { Me } from '../../../contracts/identity.js';
import type { ApiCallError } from '../api/api-error.js';
import { useApiGet } from '../api/use-api-get.js';
import { useConnectivity } from '../api/use-connectivity.js';
import { ErrorPanel } from '../ui/ErrorPanel.js';
import { Skeleton } from '../ui/Skeleton.js';
import type { CurrentAccount } from './me-context.js';

export interface AccountLoad {
  account: CurrentAccount | null;
  error: ApiCallError | null;
  noOrg: boolean;
  reload(): void;
}

/** Who is signed in (from the offline copy when the server is away). */
export function useAccountLoad(): AccountLoad {
  const me = useApiGet<Me>('/api/me');
  const reload = me.reload;
  const account = useMemo<CurrentAccount | null>(() => {
    const org = me.data?.orgs[0];
    if (!me.data || !org) return null;
    return { me: me.data, orgId: org.id, orgName: org.name, role: org.role, reload };
  }, [me.data, reload]);
  return { account, error: me.error, noOrg: me.data !== undefined && me.data.orgs.length === 0, reload: me.reload };
}

/** Screens render once the account is known; until then, why not. */
export function AccountGate({ load, children }: { load: AccountLoad; children: ReactNode }) {
  const { status } = useConnectivity();
  if (load.account) return <>{children}</>;
  if (status === 'signed-out' || load.error?.status === 401) {
    return (
      <div className="gate">
        <h1>Sign-in needed</h1>
        <p>This window is no longer signed in (the console server restarted). Open the newest link printed by the server, or restart the desktop app.</p>
      </div>
    );
  }
  if (load.error) {
    return (
      <div className="gate">
        <ErrorPanel error={load.error} onRetry={load.reload} />
      </div>
    );
  }
  if (load.noOrg) {
    return (
      <div className="gate">
        <p>Your account belongs to no organization yet.</p>
      </div>
    );
  }
  return (
    <div className="gate">
      <Skeleton lines={4} label="Signing in" />
    </div>
  );
}
