// Shows the sign-in form instead of the page when the engine requires authentication (its HTTP
// listener is not on loopback) and this browser has no session. On loopback it is invisible.
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, errorMessage, type AuthSession } from '../api/client';
import { Logo } from '../layout/logo';
import { ErrorBox, Loading } from '../ui/status';

export function AuthGate({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<AuthSession | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    api.session().then(setSession, setError);
  }, []);
  useEffect(load, [load]);

  if (error) return <ErrorBox error={error} onRetry={load} />;
  if (!session) return <Loading what="Patchbay" />;
  if (session.required && !session.signedIn) return <SignIn onSignedIn={load} />;
  return <>{children}</>;
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await api.login(password);
      onSignedIn();
    } catch (err) {
      setProblem(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="card signin__card" onSubmit={submit} data-testid="signin">
        <h1 className="signin__title">
          <Logo /> Sign in to Patchbay
        </h1>
        <p className="muted">
          This engine is reachable from the network, so it asks for the admin password (set with
          PATCHBAY_ADMIN_PASSWORD, or printed once at its first start).
        </p>
        <label className="signin__label">
          Admin password
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={problem !== null}
            data-testid="signin-password"
          />
        </label>
        {problem && (
          <p className="signin__problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="btn btn--primary" disabled={busy || password === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
