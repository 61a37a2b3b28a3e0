import { useEffect, useState, type FormEvent } from 'react';
import type { SyncAccount } from '../../../contracts/sync.js';
import { SyncApiError, syncApi } from './sync-api.js';
import { FormError } from '../ui/FormError.js';

const hints: Record<string, string> = {
  INVALID_CREDENTIALS: 'The email or password is wrong.',
  PROJECT_UNREACHABLE: 'The Supabase project could not be reached. Check the URL and your connection.',
};

/**
 * Settings > Account: sign in to the team's Supabase project (project URL, anon key, email and
 * password), or see who is signed in and sign out. The session is kept in the OS keychain by the
 * server; this form never stores anything.
 */
export function AccountSignIn({ onChange }: { onChange?: (account: SyncAccount) => void }) {
  const [account, setAccount] = useState<SyncAccount | null>(null);
  const [form, setForm] = useState({ projectUrl: '', anonKey: '', email: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    syncApi.account().then(setAccount, () => setError('Could not read the account state.'));
  }, []);

  const adopt = (next: SyncAccount): void => {
    setAccount(next);
    onChange?.(next);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      adopt(await syncApi.signIn(form));
      setForm((current) => ({ ...current, password: '' }));
    } catch (failure) {
      if (failure instanceof SyncApiError) {
        setError((failure.reason && hints[failure.reason]) ?? failure.message);
        setFieldErrors(failure.fields);
      } else setError('Sign-in failed.');
    } finally {
      setBusy(false);
    }
  };

  const signOut = async (): Promise<void> => {
    setBusy(true);
    try {
      adopt(await syncApi.signOut());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Sign-out failed.');
    } finally {
      setBusy(false);
    }
  };

  if (!account) return null;
  if (account.signedIn) {
    return (
      <section className="card account-panel" aria-labelledby="team-account-title">
        <h2 id="team-account-title">Team account</h2>
        <p>
          Signed in as <strong>{account.user?.email}</strong> to <code>{account.projectUrl}</code>.
        </p>
        {!account.sessionPersisted && (
          <p className="muted">The OS keychain is not available, so you will need to sign in again after restarting.</p>
        )}
        <FormError message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => void signOut()} disabled={busy}>
            Sign out
          </button>
        </div>
      </section>
    );
  }

  const field = (name: keyof typeof form, label: string, type = 'text', autoComplete?: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        value={form[name]}
        autoComplete={autoComplete}
        required
        aria-invalid={fieldErrors[name] ? true : undefined}
        onChange={(event) => setForm((current) => ({ ...current, [name]: event.target.value }))}
      />
      {fieldErrors[name] && <span className="field-error">{fieldErrors[name]}</span>}
    </label>
  );

  return (
    <section className="card account-panel" aria-labelledby="team-account-title">
      <h2 id="team-account-title">Team account</h2>
      <p className="muted">Sign in to your team's Supabase project to share sessions, configs and transcripts. Signed out, everything stays on this computer.</p>
      <form onSubmit={(event) => void submit(event)}>
        {field('projectUrl', 'Project URL', 'url')}
        {field('anonKey', 'Anon (public) key')}
        {field('email', 'Email', 'email', 'username')}
        {field('password', 'Password', 'password', 'current-password')}
        <FormError message={error} />
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </section>
  );
}
