// /calls/:callId — one call: what it was, the path it took through its flow, and its SIP ladder.
// Refreshes every 2 s until the call has ended, so a live call fills in as it goes.
import { useEffect } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { CallDetailResponse } from '@patchbay/shared/api';
import { api, ApiError } from '../api/client';
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

  useEffect(() => {
    if (!detail.data || ended) return;
    const timer = window.setTimeout(reload, 2000);
    return () => window.clearTimeout(timer);
  }, [detail.data, ended, reload]);

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
            <CallTrace flow={flow} steps={steps} />
          ) : (
            <p className="panel-hint">
              The flow version this call ran on is not available, so its path cannot be drawn.
            </p>
          )}
          <h3 className="card__subtitle">Steps</h3>
          <StepList steps={steps} flow={flow} />
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
