import { useState } from 'react';
import { apiPost } from '../api/api-client.js';
import { forgetAll } from '../api/response-cache.js';
import { desktopBridge } from '../desktop/desktop-bridge.js';

/**
 * Ends this browser's console session: the server forgets the cookie, the offline copies of replies
 * are dropped, and the page reloads to the sign-in notice. The desktop window signs in by itself
 * at every launch and has nothing to sign out of, so it shows no button.
 */
export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (desktopBridge()) return null;
  const signOut = async (): Promise<void> => {
    setBusy(true);
    setFailed(false);
    try {
      await apiPost('/api/console/sign-out');
      await forgetAll();
      window.location.assign('/');
    } catch {
      setBusy(false);
      setFailed(true);
    }
  };
  return (
    <div className="sign-out">
      <button type="button" className="link-button" disabled={busy} onClick={() => void signOut()}>
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
      {failed && <p role="alert">Could not sign out: the console server did not answer.</p>}
    </div>
  );
}
