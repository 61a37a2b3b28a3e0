import { Suspense, useEffect, useRef } from 'react';
import { SessionDetailScreen } from '../session-detail/SessionDetailScreen.js';
import { SessionsScreen } from '../sessions/SessionsScreen.js';
import { EmptyState } from '../ui/EmptyState.js';
import { Skeleton } from '../ui/Skeleton.js';
import { Link } from '../ui/Link.js';
import { Toaster } from '../ui/Toaster.js';
import { AccountGate, useAccountLoad } from './AccountGate.js';
import { SyncStatusIndicator } from '../sync/SyncStatusIndicator.js';
import { ConnectivityIndicator } from './ConnectivityIndicator.js';
import { ConfigEditorScreen, ConfigsScreen, DashboardScreen, preloadScreens, SettingsScreen, TranscriptsScreen } from './lazy-screens.js';
import { LeavePrompt } from './LeavePrompt.js';
import { MeContext } from './me-context.js';
import { navigate, useLocation } from './navigation.js';
import { parseRoute, paths, type Route } from './routes.js';
import { ScreenBoundary } from './ScreenBoundary.js';
import { Sidebar } from './Sidebar.js';
import { useTheme } from './theme.js';

const themeLabels = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' } as const;

/** The console's frame: navigation, status bar, the current screen, notifications. */
export function App() {
  const location = useLocation();
  const route = parseRoute(location.pathname);
  const theme = useTheme();
  const main = useRef<HTMLElement>(null);
  const account = useAccountLoad();

  // After navigating, focus moves to the new screen so keyboard and screen-reader users follow.
  // A session's tabs are one screen: switching tab keeps focus on the tab (the ARIA tabs pattern).
  const screenKey = route.screen === 'session' ? `session/${route.id}` : location.pathname;
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [screenKey]);

  // Once the first screen is up, the other screens' code is fetched while the window is idle.
  const signedIn = account.account !== null;
  useEffect(() => {
    if (!signedIn) return undefined;
    const load = (): void => void preloadScreens().catch(() => undefined);
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(load, { timeout: 2000 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(load, 500);
    return () => clearTimeout(timer);
  }, [signedIn]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar route={route} />
      <div className="app-body">
        <header className="topbar">
          <span className="who">{account.account ? `${account.account.me.user.displayName} · ${account.account.orgName}` : ''}</span>
          <div className="topbar-right">
            <SyncStatusIndicator onOpenAttention={() => navigate(`${paths.settings}#sync`)} />
            <ConnectivityIndicator />
            <button type="button" className="link-button" onClick={theme.next} aria-label={`${themeLabels[theme.choice]}; switch theme`}>
              {themeLabels[theme.choice]}
            </button>
          </div>
        </header>
        <main id="main" ref={main} tabIndex={-1}>
          <MeContext.Provider value={account.account}>
            <AccountGate load={account}>
              <ScreenBoundary screen={route.screen}>
                <Suspense fallback={<Skeleton lines={6} label="Opening" />}>
                  <Screen route={route} />
                </Suspense>
              </ScreenBoundary>
            </AccountGate>
          </MeContext.Provider>
        </main>
      </div>
      <LeavePrompt />
      <Toaster />
    </div>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'sessions':
      return <SessionsScreen />;
    case 'session':
      return <SessionDetailScreen key={route.id} id={route.id} tab={route.tab} />;
    case 'transcripts':
      return <TranscriptsScreen />;
    case 'dashboard':
      return <DashboardScreen />;
    case 'configs':
      return <ConfigsScreen />;
    case 'config':
      return <ConfigEditorScreen key={route.id ?? 'new'} id={route.id} />;
    case 'settings':
      return <SettingsScreen />;
    case 'not-found':
      return (
        <EmptyState title="Nothing here" action={<Link to={paths.sessions}>Go to sessions</Link>}>
          This address does not match any screen of the console.
        </EmptyState>
      );
  }
}
