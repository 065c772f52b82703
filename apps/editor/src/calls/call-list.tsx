// /calls — the newest calls first, refreshed every 2 s while the page is open and visible.
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { CallSummary } from '@patchbay/shared/api';
import { api, errorMessage } from '../api/client';
import { useRequest } from '../api/use-request';
import { elapsedMs, formatClock, formatDay, formatDuration } from '../ui/format';
import { EmptyState, ErrorBox, Loading } from '../ui/status';
import { CallStatus } from './call-status';

const REFRESH_MS = 2000;
const PAGE = 50;

export function CallList() {
  const [auto, setAuto] = useState(true);
  const first = useRequest((signal) => api.listCalls({ limit: PAGE }, signal), []);
  const [older, setOlder] = useState<{ calls: CallSummary[]; next: string | null } | null>(null);
  const [olderError, setOlderError] = useState<string | null>(null);
  const { reload } = first;

  useEffect(() => {
    if (!auto) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [auto, reload]);

  const calls = dedupe([...(first.data?.calls ?? []), ...(older?.calls ?? [])]);
  const next = older ? older.next : (first.data?.next ?? null);

  async function loadOlder() {
    if (!next) return;
    try {
      const page = await api.listCalls({ limit: PAGE, cursor: next });
      setOlder((o) => ({ calls: [...(o?.calls ?? []), ...page.calls], next: page.next }));
      setOlderError(null);
    } catch (e) {
      setOlderError(errorMessage(e));
    }
  }

  return (
    <div className="page page--wide">
      <div className="page__header">
        <div>
          <h1 className="page__title">Calls</h1>
          <p className="page__subtitle">
            Every call the engine handled, newest first. Open one to see its path and messages.
          </p>
        </div>
        <div className="page__actions">
          <label className="toggle">
            <input
              type="checkbox"
              checked={auto}
              onChange={(e) => setAuto(e.target.checked)}
              data-testid="auto-refresh"
            />
            Auto-refresh
          </label>
          <button type="button" className="btn" onClick={reload} data-testid="refresh-calls">
            <span className={first.loading && first.data ? 'spin-once' : undefined} aria-hidden="true">
              ↻
            </span>{' '}
            Refresh
          </button>
        </div>
      </div>

      {first.data === undefined && first.loading && <Loading what="calls" />}
      {first.error !== undefined && <ErrorBox error={first.error} onRetry={reload} />}
      {first.data && calls.length === 0 && (
        <EmptyState title="No calls yet" testId="calls-empty">
          <p>
            Deploy a flow, then send a SIP request to the engine's SIP port. Calls show up here as they
            arrive.
          </p>
        </EmptyState>
      )}
      {calls.length > 0 && (
        <div className="card card--flush">
          <table className="table table--calls" data-testid="call-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Call-ID</th>
                <th>From</th>
                <th>To</th>
                <th>Flow</th>
                <th>Status</th>
                <th className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <CallRow key={call.callId} call={call} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div className="page__more">
          <button type="button" className="btn" onClick={() => void loadOlder()} data-testid="older-calls">
            Load older calls
          </button>
          {olderError && <span className="field__error">{olderError}</span>}
        </div>
      )}
    </div>
  );
}

function CallRow({ call }: { call: CallSummary }) {
  const navigate = useNavigate();
  const href = `/calls/${encodeURIComponent(call.callId)}`;
  const ms = elapsedMs(call.startedAt, call.endedAt);
  return (
    <tr
      className="table__row-link"
      onClick={(e) => {
        // Let the link itself (and ctrl/middle clicks) do what links do.
        if ((e.target as HTMLElement).closest('a')) return;
        navigate(href);
      }}
      data-testid="call-row"
      data-call-id={call.callId}
    >
      <td className="nowrap">
        <span className="mono">{formatClock(call.startedAt)}</span>{' '}
        <span className="muted small">{formatDay(call.startedAt)}</span>
      </td>
      <td className="truncate" title={call.callId}>
        <Link to={href} className="mono table__primary">
          {call.callId}
        </Link>
      </td>
      <td className="truncate mono small" title={call.from}>
        {call.from}
      </td>
      <td className="truncate mono small" title={call.to}>
        {call.to}
      </td>
      <td className="nowrap">
        {call.flowId ? (
          <>
            <Link to={`/flows/${encodeURIComponent(call.flowId)}`} className="mono">
              {call.flowId}
            </Link>
            {call.version !== null && <span className="muted small"> v{call.version}</span>}
          </>
        ) : (
          <span className="muted">no flow</span>
        )}
      </td>
      <td>
        <CallStatus call={call} />
      </td>
      <td className="num mono">
        {ms === null ? <span className="muted">ongoing</span> : formatDuration(ms)}
      </td>
    </tr>
  );
}

function dedupe(calls: CallSummary[]): CallSummary[] {
  const seen = new Set<string>();
  return calls.filter((c) => (seen.has(c.callId) ? false : (seen.add(c.callId), true)));
}
