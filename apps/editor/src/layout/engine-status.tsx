// A dot in the top bar: is the engine answering, and which version is it.
import { api } from '../api/client';
import { useRequest } from '../api/use-request';

export function EngineStatus() {
  const health = useRequest((signal) => api.health(signal), []);
  const state = health.data ? 'up' : health.error ? 'down' : 'unknown';
  const text = health.data
    ? `Engine ${health.data.version}`
    : health.error
      ? 'Engine unreachable'
      : 'Engine…';
  return (
    <button
      type="button"
      className={`engine-status engine-status--${state}`}
      onClick={health.reload}
      title={health.error ? 'Click to check again' : 'The Patchbay engine answers'}
      data-testid="engine-status"
    >
      <span className="engine-status__dot" aria-hidden="true" />
      {text}
    </button>
  );
}
