// API tokens for programs that call the engine: create (the token is shown once), list, revoke.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage, type ApiToken } from '../api/client';
import { CopyButton } from '../ui/copy-button';
import { EmptyState, ErrorBox, Loading } from '../ui/status';

export function TokensPage() {
  const [tokens, setTokens] = useState<readonly ApiToken[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    api.listTokens().then((r) => setTokens(r.tokens), setError);
  }, []);
  useEffect(load, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      const r = await api.createToken(name.trim());
      setCreated({ token: r.token, name: r.info.name });
      setName('');
      load();
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };

  const revoke = async (t: ApiToken) => {
    if (!window.confirm(`Revoke "${t.name}"? Programs using it will be refused.`)) return;
    try {
      await api.revokeToken(t.id);
      load();
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };

  return (
    <div className="page">
      <h1 className="page__title">API tokens</h1>
      <p className="muted">
        Programs send a token as <code>Authorization: Bearer …</code>. Tokens are stored hashed: copy a new
        one now, it is not shown again.
      </p>
      <form className="card tokens__create" onSubmit={create}>
        <input
          className="input"
          placeholder="Name, e.g. billing-sync"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="token-name"
        />
        <button type="submit" className="btn btn--primary" disabled={name.trim() === ''}>
          Create token
        </button>
      </form>
      {problem && (
        <p className="signin__problem" role="alert">
          {problem}
        </p>
      )}
      {created && (
        <div className="card tokens__new" data-testid="token-created">
          <strong>Token “{created.name}”</strong>
          <code className="tokens__secret">{created.token}</code>
          <CopyButton text={created.token} label="Copy token" />
        </div>
      )}
      {error ? (
        <ErrorBox error={error} onRetry={load} />
      ) : !tokens ? (
        <Loading what="tokens" />
      ) : tokens.length === 0 ? (
        <EmptyState title="No tokens yet">
          <p>Create one for each program that drives this engine, so you can revoke them one by one.</p>
        </EmptyState>
      ) : (
        <table className="table" data-testid="token-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-testid="token-row">
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{new Date(t.createdAt).toLocaleString()}</td>
                <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="muted">revoked</span>
                  ) : (
                    <button type="button" className="btn btn--small" onClick={() => void revoke(t)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
