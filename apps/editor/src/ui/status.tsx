// Loading, error and empty states, so every request looks the same while it waits or fails.
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state--loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

export function ErrorBox({
  error,
  onRetry,
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div className="state state--error" role="alert" data-testid="error">
      <strong>{code === 'NETWORK' ? 'The engine is not answering' : 'Something went wrong'}</strong>
      <p>{errorMessage(error)}</p>
      {code && code !== 'NETWORK' && <code className="state__code">{code}</code>}
      {children}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="state state--empty" data-testid={testId}>
      <strong>{title}</strong>
      {children}
    </div>
  );
}
