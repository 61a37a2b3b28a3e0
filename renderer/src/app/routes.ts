/** The console's screens and the addresses that lead to them. */
export const sessionTabs = ['overview', 'live', 'transcript', 'analytics'] as const;
export type SessionTab = (typeof sessionTabs)[number];

export type Route =
  | { screen: 'sessions' }
  | { screen: 'session'; id: string; tab: SessionTab }
  | { screen: 'transcripts' }
  | { screen: 'dashboard' }
  | { screen: 'configs' }
  | { screen: 'config'; id: string | null }
  | { screen: 'settings' }
  | { screen: 'not-found' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (parts.length === 0 || (first === 'sessions' && parts.length === 1)) return { screen: 'sessions' };
  if (first === 'sessions' && second && parts.length <= 3) {
    const tab = (sessionTabs as readonly string[]).includes(third ?? 'overview') ? ((third ?? 'overview') as SessionTab) : null;
    return tab ? { screen: 'session', id: second, tab } : { screen: 'not-found' };
  }
  if (first === 'transcripts' && parts.length === 1) return { screen: 'transcripts' };
  if (first === 'dashboard' && parts.length === 1) return { screen: 'dashboard' };
  if (first === 'configs' && parts.length === 1) return { screen: 'configs' };
  if (first === 'configs' && second && parts.length === 2) return { screen: 'config', id: second === 'new' ? null : second };
  if (first === 'settings' && parts.length === 1) return { screen: 'settings' };
  return { screen: 'not-found' };
}

export const paths = {
  sessions: '/sessions',
  session: (id: string, tab: SessionTab = 'overview') => (tab === 'overview' ? `/sessions/${id}` : `/sessions/${id}/${tab}`),
  transcripts: '/transcripts',
  dashboard: '/dashboard',
  configs: '/configs',
  config: (id: string | null) => `/configs/${id ?? 'new'}`,
  settings: '/settings',
};
