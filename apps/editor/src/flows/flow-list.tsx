// The start page: every flow, with create, import, open, duplicate, export and delete; a
// newcomer's first steps when empty.
import { useRef, useState, type ChangeEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { FlowSummary } from '@patchbay/shared/api';
import { serializeFlowDocument } from '@patchbay/shared/flow';
import { api, errorMessage } from '../api/client';
import { useRequest } from '../api/use-request';
import { downloadText } from '../ui/download';
import { formatDateTime } from '../ui/format';
import { EmptyState, ErrorBox, Loading } from '../ui/status';
import { freeId, readFlowFile } from './flow-file';
import { NewFlowForm } from './new-flow-form';

export function FlowList() {
  const navigate = useNavigate();
  const flows = useRequest((signal) => api.listFlows(signal), []);
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const taken = () => new Set(flows.data?.flows.map((f) => f.id) ?? []);

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setNotice(null);
    const read = readFlowFile(await file.text());
    if (!read.ok) {
      setNotice({ tone: 'danger', text: `${file.name}: ${read.reason}` });
      return;
    }
    try {
      const latest = new Set((await api.listFlows()).flows.map((f) => f.id));
      const id = freeId(read.doc.id, latest);
      await api.createFlow({ ...read.doc, id });
      setNotice({
        tone: 'success',
        text:
          id === read.doc.id
            ? `Imported “${read.doc.name}” from ${file.name}.`
            : `A flow with the id “${read.doc.id}” exists already, so “${read.doc.name}” was imported as “${id}”.`,
      });
      flows.reload();
    } catch (e) {
      setNotice({ tone: 'danger', text: `${file.name}: ${errorMessage(e)}` });
    }
  }

  async function duplicate(flow: FlowSummary) {
    setNotice(null);
    try {
      const { flow: doc } = await api.getFlow(flow.id);
      const id = freeId(`${doc.id.slice(0, 59)}-copy`, taken());
      await api.createFlow({ ...doc, id, name: `${doc.name} (copy)` });
      setNotice({ tone: 'success', text: `Duplicated “${doc.name}” as “${id}”.` });
      flows.reload();
    } catch (e) {
      setNotice({ tone: 'danger', text: errorMessage(e) });
    }
  }

  return (
    <div className="page page--wide">
      <div className="page__header">
        <div>
          <h1 className="page__title">Flows</h1>
          <p className="page__subtitle">
            Each flow decides what happens to the SIP requests its Start node takes.
          </p>
        </div>
        <div className="page__actions">
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            onChange={(e) => void importFile(e)}
            data-testid="import-flow-file"
          />
          <button
            type="button"
            className="btn"
            onClick={() => fileInput.current?.click()}
            data-testid="import-flow"
            title="Add a flow from a .flow.json file"
          >
            Import .flow.json
          </button>
        </div>
      </div>
      {notice && (
        <p className={`notice notice--${notice.tone}`} role="status" data-testid="flows-notice">
          {notice.text}
        </p>
      )}
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
                <FlowRow
                  key={flow.id}
                  flow={flow}
                  onDeleted={flows.reload}
                  onDuplicate={() => void duplicate(flow)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function FlowRow({
  flow,
  onDeleted,
  onDuplicate,
}: {
  flow: FlowSummary;
  onDeleted: () => void;
  onDuplicate: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const href = `/flows/${encodeURIComponent(flow.id)}`;

  async function exportFlow() {
    try {
      const { flow: doc } = await api.getFlow(flow.id);
      downloadText(`${doc.id}.flow.json`, serializeFlowDocument(doc));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

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
      <td className="mono nowrap">{flow.id}</td>
      <td className="muted nowrap">{formatDateTime(flow.updatedAt)}</td>
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
              className="btn btn--small"
              onClick={onDuplicate}
              data-testid="flow-duplicate"
            >
              Duplicate
            </button>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => void exportFlow()}
              data-testid="flow-export"
            >
              Export
            </button>
            {flow.deployedVersion !== null && (
              <Link to={`${href}/versions`} className="btn btn--small" data-testid="flow-versions">
                Versions
              </Link>
            )}
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
      <p>
        Have a flow already? Press <b>Import .flow.json</b> above.
      </p>
    </EmptyState>
  );
}
