import { useConnectivity } from '../api/use-connectivity.js';

const labels = {
  online: { text: 'Online', title: 'Connected to the console server' },
  offline: { text: 'Offline', title: 'The console server cannot be reached; showing what was already loaded' },
  'signed-out': { text: 'Signed out', title: 'The server no longer knows this window: open the sign-in link again' },
} as const;

/** Whether the server answers; announced politely when it changes. */
export function ConnectivityIndicator() {
  const { status } = useConnectivity();
  return (
    <span className={`connectivity connectivity-${status}`} role="status" aria-live="polite" title={labels[status].title} data-testid="connectivity">
      <span className="dot" aria-hidden="true" />
      {labels[status].text}
    </span>
  );
}
