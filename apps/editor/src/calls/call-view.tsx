// /calls/:callId — one call: what it was, the path it took through its flow, and its SIP ladder.
// While the call goes on, its live events (GET /api/events?callId=) reload it, so it fills in as
// it goes; every 2 s polling stands in while the event stream is down.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { CallDetailResponse } from '@patchbay/shared/api';
import { api, ApiError } from '../api/client';
import { useLiveEvents } from '../api/use-live-events';
import { useRequest } from '../api/use-request';
import { elapsedMs, formatClock, formatDateTime, formatDuration } from '../ui/format';
import { EmptyState, ErrorBox, Loading } from '../ui/status';
import { CallStatus } from './call-status';
import { CallTrace } from './call-trace';
import { SipLadder } from './sip-ladder';
import { StepList } from './step-list';

export function CallView() {
  const callId = useParams()['callId'] ?? '';
  const detail = useRequest((signal) => api.getCall(callId, signal), [callId]);
  const ended = detail.data?.call.endedAt != null;
  const { reload } = detail;

  const pending = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(pending.current), []);
  const onEvent = useCallback(() => {
    if (pending.current !== undefined) return;
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      reload();
    }, 250);
  }, [reload]);
  // Listen until the call has ended (and keep listening while it is not found yet: it may be starting).
  const liveState = useLiveEvents({ callId, enabled: !ended }, onEvent);

  useEffect(() => {
    if (ended || liveState === 'live' || (!detail.data && detail.error === undefined)) return;
    const timer = window.setTimeout(reload, 2000);
    return () => window.clearTimeout(timer);
  }, [detail.data, detail.error, ended, liveState, reload]);

  return (
    <div className="page page--wide">
      <Link to="/calls" className="back-link">
        ← Calls
      </Link>
      {detail.error instanceof ApiError && detail.error.code === 'CALL_NOT_FOUND' ? (
        <EmptyState title="No such call" testId="call-not-found">
          <p>
            No call has the Call-ID <code>{callId}</code>; it may have been removed by trace retention.
          </p>
        </EmptyState>
      ) : detail.error !== undefined ? (
        <ErrorBox error={detail.error} onRetry={reload} />
      ) : detail.data === undefined ? (
        <Loading what="the call" />
      ) : (
        <CallDetail detail={detail.data} />
      )}
    </div>
  );
}

function CallDetail({ detail }: { detail: CallDetailResponse }) {
  const { call, flow, steps, messages } = detail;
  const [selected, setSelected] = useState<number | null>(null);
  const selectedStep = steps.find((s) => s.seq === selected);
  // A click on a node opens its (last) step.
  const onNodeClick = (nodeId: string) => {
    const last = [...steps].reverse().find((s) => s.nodeId === nodeId);
    setSelected(last && last.seq !== selected ? last.seq : null);
  };
  const ms = elapsedMs(call.startedAt, call.endedAt);
  return (
    <>
      <div className="page__header">
        <div className="call-title">
          <h1 className="page__title">
            {call.method} <span className="mono call-title__id">{call.callId}</span>
          </h1>
          <CallStatus call={call} />
        </div>
      </div>
      <dl className="card facts facts--grid" data-testid="call-facts">
        <div>
          <dt>From</dt>
          <dd className="mono">{call.from}</dd>
        </div>
        <div>
          <dt>To</dt>
          <dd className="mono">{call.to}</dd>
        </div>
        <div>
          <dt>Flow</dt>
          <dd>
            {call.flowId ? (
              <>
                <Link to={`/flows/${encodeURIComponent(call.flowId)}`} className="mono">
                  {call.flowId}
                </Link>
                {call.version !== null && <span className="muted"> v{call.version}</span>}
              </>
            ) : (
              <span className="muted">no flow took it</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            {formatDateTime(call.startedAt)}{' '}
            <span className="muted mono small">{formatClock(call.startedAt)}</span>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{ms === null ? <span className="muted">ongoing</span> : formatDuration(ms)}</dd>
        </div>
        <div>
          <dt>Answered</dt>
          <dd>{call.answeredAt ? formatClock(call.answeredAt) : <span className="muted">no</span>}</dd>
        </div>
      </dl>
      <div className="call-grid">
        <section className="card">
          <h2 className="card__title">Path</h2>
          {flow ? (
            <CallTrace
              flow={flow}
              steps={steps}
              selectedNodeId={selectedStep?.nodeId ?? null}
              onNodeClick={onNodeClick}
            />
          ) : (
            <p className="panel-hint">
              The flow version this call ran on is not available, so its path cannot be drawn.
            </p>
          )}
          <h3 className="card__subtitle">Steps</h3>
          <p className="panel-hint">
            Click a step (or a node above) to see its timing and what it read and changed.
          </p>
          <StepList steps={steps} flow={flow} selected={selected} onSelect={setSelected} />
        </section>
        <section className="card">
          <h2 className="card__title">
            SIP messages <span className="muted small">{messages.length}</span>
          </h2>
          <SipLadder messages={messages} />
        </section>
      </div>
    </>
  );
}
