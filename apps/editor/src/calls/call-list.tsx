// /calls — the newest calls first, filtered on the server (time, Call-ID, From/To, status, flow
// and version; kept in the address), kept up to date by the engine's live events (polling every
// 2 s only while the event stream is down), paged by a keyset cursor.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { CallSummary } from '@patchbay/shared/api';
import { api, errorMessage } from '../api/client';
import { useLiveEvents, type LiveState } from '../api/use-live-events';
import { useRequest } from '../api/use-request';
import { elapsedMs, formatClock, formatDay, formatDuration } from '../ui/format';
import { EmptyState, ErrorBox, Loading } from '../ui/status';
import { CallFilterBar } from './call-filter-bar';
import { filtersFromForm, formFromSearch, isFiltered, searchFromForm, type FilterForm } from './call-filters';
import { CallStatus } from './call-status';

const POLL_MS = 2000;
const PAGE = 50;

export function CallList() {
  const [search, setSearch] = useSearchParams();
  const form = useMemo(() => formFromSearch(search), [search]);
  const key = searchFromForm(form).toString();
  const [live, setLive] = useState(true);
  const [older, setOlder] = useState<{ calls: CallSummary[]; next: string | null } | null>(null);
  const [olderError, setOlderError] = useState<string | null>(null);
  // Calls that arrived while the page was open, to mark them briefly.
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());

  const first = useRequest(
    (signal) => api.listCalls({ limit: PAGE, filters: filtersFromForm(form, Date.now()) }, signal),
    [key],
  );
  const { reload } = first;

  // A new filter starts from the first page again.
  useEffect(() => {
    setOlder(null);
    setOlderError(null);
  }, [key]);

  // Live events: reload the first page (the server applies the filters) at most every 300 ms.
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(pending.current), []);
  const onEvent = useCallback(
    (event: { kind: string; callId?: string }) => {
      if (!live || (event.kind !== 'call-start' && event.kind !== 'call-update')) return;
      const callId = event.callId;
      if (event.kind === 'call-start' && callId) setFresh((s) => new Set(s).add(callId));
      if (pending.current !== undefined) return;
      pending.current = window.setTimeout(() => {
        pending.current = undefined;
        reload();
      }, 300);
    },
    [live, reload],
  );
  const liveState = useLiveEvents({ enabled: live }, onEvent);

  // Fallback: poll while live updates are wanted but the stream is down.
  useEffect(() => {
    if (!live || liveState === 'live') return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [live, liveState, reload]);

  const calls = dedupe([...(first.data?.calls ?? []), ...(older?.calls ?? [])]);
  const next = older ? older.next : (first.data?.next ?? null);
  const filtered = isFiltered(form);

  async function loadOlder() {
    if (!next) return;
    try {
      const page = await api.listCalls({
        limit: PAGE,
        cursor: next,
        filters: filtersFromForm(form, Date.now()),
      });
      setOlder((o) => ({ calls: [...(o?.calls ?? []), ...page.calls], next: page.next }));
      setOlderError(null);
    } catch (e) {
      setOlderError(errorMessage(e));
    }
  }

  const apply = (next: FilterForm) => setSearch(searchFromForm(next), { replace: true });

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
          <LiveBadge live={live} state={liveState} />
          <label className="toggle">
            <input
              type="checkbox"
              checked={live}
              onChange={(e) => setLive(e.target.checked)}
              data-testid="auto-refresh"
            />
            Live updates
          </label>
          <button type="button" className="btn" onClick={reload} data-testid="refresh-calls">
            <span className={first.loading && first.data ? 'spin-once' : undefined} aria-hidden="true">
              ↻
            </span>{' '}
            Refresh
          </button>
        </div>
      </div>

      <CallFilterBar form={form} onChange={apply} />

      {first.data === undefined && first.loading && <Loading what="calls" />}
      {first.error !== undefined && <ErrorBox error={first.error} onRetry={reload} />}
      {first.data && calls.length === 0 && !filtered && (
        <EmptyState title="No calls yet" testId="calls-empty">
          <p>
            Deploy a flow, then send a SIP request to the engine's SIP port. Calls show up here as they
            arrive.
          </p>
        </EmptyState>
      )}
      {first.data && calls.length === 0 && filtered && (
        <EmptyState title="No call matches these filters" testId="calls-none-match">
          <p>Widen the time range or clear a filter to see more calls.</p>
          <button type="button" className="btn" onClick={() => setSearch(new URLSearchParams())}>
            Clear filters
          </button>
        </EmptyState>
      )}
      {calls.length > 0 && (
        <div className="card card--flush">
          <table className="table table--calls" data-testid="call-table" aria-busy={first.loading}>
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
                <CallRow key={call.callId} call={call} fresh={fresh.has(call.callId)} />
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

function LiveBadge({ live, state }: { live: boolean; state: LiveState }) {
  if (!live) return null;
  const [tone, text, title] =
    state === 'live'
      ? ['success', 'Live', 'New calls and status changes appear as they happen.']
      : state === 'connecting'
        ? ['muted', 'Connecting…', 'Opening the live event stream.']
        : ['warning', 'Polling', 'The live event stream is down; refreshing every 2 s until it is back.'];
  return (
    <span
      className={`status status--${tone} live-badge`}
      title={title}
      data-testid="live-state"
      data-state={state}
    >
      {state === 'live' && <span className="live-dot" aria-hidden="true" />}
      {text}
    </span>
  );
}

function CallRow({ call, fresh }: { call: CallSummary; fresh: boolean }) {
  const navigate = useNavigate();
  const href = `/calls/${encodeURIComponent(call.callId)}`;
  const ms = elapsedMs(call.startedAt, call.endedAt);
  return (
    <tr
      className={`table__row-link${fresh ? ' table__row--fresh' : ''}`}
      onClick={(e) => {
        // Let the link itself (and ctrl/middle clicks) do what links do.
        if ((e.target as HTMLElement).closest('a')) return;
        navigate(href);
      }}
      data-testid="call-row"
      data-call-id={call.callId}
      data-status={call.status}
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
