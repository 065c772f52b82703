// The start page: every flow, with create, open and delete; a newcomer's first steps when empty.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { FlowSummary } from '@patchbay/shared/api';
import { api, errorMessage } from '../api/client';
import { useRequest } from '../api/use-request';
import { formatDateTime } from '../ui/format';
import { EmptyState, ErrorBox, Loading } from '../ui/status';
import { NewFlowForm } from './new-flow-form';

export function FlowList() {
  const navigate = useNavigate();
  const flows = useRequest((signal) => api.listFlows(signal), []);

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Flows</h1>
          <p className="page__subtitle">
            Each flow decides what happens to the SIP requests its Start node takes.
          </p>
        </div>
      </div>
      <NewFlowForm onCreated={(id) => navigate(`/flows/${encodeURIComponent(id)}`)} />
      {flows.data === undefined && flows.loading && <Loading what="flows" />}
      {flows.error !== undefined && <ErrorBox error={flows.error} onRetry={flows.reload} />}
      {flows.data && flows.data.flows.length === 0 && <FirstSteps />}
      {flows.data && flows.data.flows.length > 0 && (
        <div className="card card--flush">
          <table className="table" data-testid="flow-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Id</th>
                <th>Updated</th>
                <th>Live version</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {flows.data.flows.map((flow) => (
                <FlowRow key={flow.id} flow={flow} onDeleted={flows.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function FlowRow({ flow, onDeleted }: { flow: FlowSummary; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const href = `/flows/${encodeURIComponent(flow.id)}`;

  async function remove() {
    setBusy(true);
    try {
      await api.deleteFlow(flow.id);
      onDeleted();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <tr data-testid="flow-row" data-flow-id={flow.id}>
      <td>
        <Link to={href} className="table__primary" data-testid="flow-open">
          {flow.name}
        </Link>
        {error && <div className="field__error">{error}</div>}
      </td>
      <td className="mono">{flow.id}</td>
      <td className="muted">{formatDateTime(flow.updatedAt)}</td>
      <td>
        {flow.deployedVersion === null ? (
          <span className="badge">not deployed</span>
        ) : (
          <span className="badge badge--success">v{flow.deployedVersion}</span>
        )}
      </td>
      <td className="table__actions">
        {confirming ? (
          <>
            <span className="muted">Delete “{flow.name}”?</span>
            <button
              type="button"
              className="btn btn--danger btn--small"
              onClick={remove}
              disabled={busy}
              data-testid="flow-delete-confirm"
            >
              {busy ? 'Deleting…' : 'Delete'}
            </button>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => setConfirming(false)}
              disabled={busy}
            >
              Keep
            </button>
          </>
        ) : (
          <>
            <Link to={href} className="btn btn--small">
              Open
            </Link>
            <button
              type="button"
              className="btn btn--small btn--ghost-danger"
              onClick={() => setConfirming(true)}
              data-testid="flow-delete"
            >
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function FirstSteps() {
  return (
    <EmptyState title="No flows yet" testId="flows-empty">
      <p>A flow is a drawing of what Patchbay does with a call. To make your first one:</p>
      <ol className="steps-list">
        <li>
          Give it a name above and press <b>Create flow</b>. It starts with a <b>Start</b> node.
        </li>
        <li>
          Drag a <b>Relay</b> from the palette and connect <b>Start → next</b> to it; set its target URI.
        </li>
        <li>
          Add a <b>Respond</b> for the <b>failed</b> port, then press <b>Deploy</b>.
        </li>
        <li>
          Send a call to the engine's SIP port and open <b>Calls</b> to see the path it took.
        </li>
      </ol>
    </EmptyState>
  );
}
