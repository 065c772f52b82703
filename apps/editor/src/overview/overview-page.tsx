// /overview — how the engine is doing: calls active now, calls per minute (answered stacked) and
// per flow the answer rate, for a chosen window; updated live from the events socket.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { useLiveEvents } from '../api/use-live-events';
import { useRequest } from '../api/use-request';
import { EmptyState, ErrorBox, Loading } from '../ui/status';
import { CallsPerMinuteChart, RateBar, Sparkline } from './charts';

const WINDOWS = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 360, label: '6 hours' },
] as const;

export function OverviewPage() {
  const [minutes, setMinutes] = useState(60);
  const stats = useRequest((signal) => api.stats(minutes, signal), [minutes]);
  const { reload } = stats;

  // A live event reloads the numbers, at most once a second.
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(pending.current), []);
  const onEvent = useCallback(
    (event: { kind: string }) => {
      if (event.kind !== 'call-start' && event.kind !== 'call-update') return;
      if (pending.current !== undefined) return;
      pending.current = window.setTimeout(() => {
        pending.current = undefined;
        reload();
      }, 1000);
    },
    [reload],
  );
  const live = useLiveEvents({}, onEvent);
  // The window moves on even when nothing happens.
  useEffect(() => {
    const timer = window.setInterval(
      () => {
        if (document.visibilityState === 'visible') reload();
      },
      live === 'live' ? 30_000 : 5000,
    );
    return () => window.clearInterval(timer);
  }, [live, reload]);

  const data = stats.data;
  const total = data?.perMinute.reduce((n, m) => n + m.calls, 0) ?? 0;
  const answered = data?.perMinute.reduce((n, m) => n + m.answered, 0) ?? 0;

  return (
    <div className="page page--wide">
      <div className="page__header">
        <div>
          <h1 className="page__title">Overview</h1>
          <p className="page__subtitle">Calls through the engine, as they happen.</p>
        </div>
        <div className="page__actions">
          <span
            className={`status status--${live === 'live' ? 'success' : 'muted'} live-badge`}
            data-testid="live-state"
            data-state={live}
          >
            {live === 'live' && <span className="live-dot" aria-hidden="true" />}
            {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Polling'}
          </span>
          <div className="segmented" role="group" aria-label="Time window">
            {WINDOWS.map((w) => (
              <button
                key={w.minutes}
                type="button"
                className={w.minutes === minutes ? 'segmented__btn segmented__btn--on' : 'segmented__btn'}
                aria-pressed={w.minutes === minutes}
                onClick={() => setMinutes(w.minutes)}
                data-testid={`window-${w.minutes}`}
              >
                {w.label}
              </button>
            ))}
          </div>
        </div>
      </div>

      {!data && stats.loading && <Loading what="the numbers" />}
      {stats.error !== undefined && <ErrorBox error={stats.error} onRetry={reload} />}
      {data && (
        <>
          <div className="kpis">
            <div className="card kpi" data-testid="kpi-active">
              <span className="kpi__label">Active calls</span>
              <span className="kpi__value" data-testid="active-calls">
                {data.activeCalls}
              </span>
            </div>
            <div className="card kpi" data-testid="kpi-calls">
              <span className="kpi__label">Calls in the window</span>
              <span className="kpi__value" data-testid="window-calls">
                {total}
              </span>
            </div>
            <div className="card kpi">
              <span className="kpi__label">Answered</span>
              <span className="kpi__value">{answered}</span>
            </div>
            <div className="card kpi">
              <span className="kpi__label">Answer rate</span>
              <span className="kpi__value">
                {total === 0 ? '—' : `${Math.round((answered / total) * 100)}%`}
              </span>
            </div>
          </div>

          <section className="card">
            <div className="card__title-row">
              <h2 className="card__title">Calls per minute</h2>
              <span className="chart-legend small">
                <span className="chart-legend__swatch chart-legend__swatch--answered" /> answered
                <span className="chart-legend__swatch" /> not answered
              </span>
            </div>
            <CallsPerMinuteChart bars={data.perMinute} />
          </section>

          <section className="card card--flush overview-flows">
            <h2 className="card__title overview-flows__title">By flow</h2>
            {data.flows.length === 0 ? (
              <EmptyState title="No calls in this window" testId="overview-empty">
                <p>
                  Deploy a flow and send calls to the engine's SIP port; they are counted here as they arrive.{' '}
                  <Link to="/">Go to the flows</Link>.
                </p>
              </EmptyState>
            ) : (
              <table className="table" data-testid="flow-stats">
                <thead>
                  <tr>
                    <th>Flow</th>
                    <th>Calls per minute</th>
                    <th className="num">Calls</th>
                    <th className="num">Answered</th>
                    <th className="num">Failed</th>
                    <th className="num">Active</th>
                    <th>Answer rate</th>
                  </tr>
                </thead>
                <tbody>
                  {data.flows.map((f) => (
                    <tr key={f.flowId ?? '(none)'} data-testid="flow-stat" data-flow-id={f.flowId ?? ''}>
                      <td>
                        {f.flowId ? (
                          <Link to={`/calls?flowId=${encodeURIComponent(f.flowId)}`} className="mono">
                            {f.flowId}
                          </Link>
                        ) : (
                          <span className="muted">no flow</span>
                        )}
                      </td>
                      <td>
                        <Sparkline values={f.perMinute} testId="flow-sparkline" />
                      </td>
                      <td className="num mono">{f.calls}</td>
                      <td className="num mono">{f.answered}</td>
                      <td className="num mono">{f.failed}</td>
                      <td className="num mono">{f.active}</td>
                      <td>
                        <RateBar rate={f.answerRate} testId="answer-rate" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
