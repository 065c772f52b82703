// /flows/:id/versions — every deployed version of a flow with when it was made and which is live;
// make any of them live again (rollback); compare two (or a version and the saved draft) as a
// visual diff on the canvas. Who made a version is not recorded yet (no user accounts).
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { FlowDocument } from '@patchbay/shared/flow';
import { api, ApiError, errorMessage } from '../api/client';
import { useRequest } from '../api/use-request';
import { formatDateTime } from '../ui/format';
import { EmptyState, ErrorBox, Loading } from '../ui/status';
import { DiffCanvas } from './diff-canvas';
import { diffFlows, type FlowDiff } from './flow-diff';

/** A side of the comparison: a version number, or "draft" for the saved working copy. */
type Side = number | 'draft';

export function VersionsPage() {
  const id = useParams()['id'] ?? '';
  const flow = useRequest((signal) => api.getFlow(id, signal), [id]);
  const versions = useRequest((signal) => api.listVersions(id, signal), [id]);
  const [activating, setActivating] = useState<number | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const [confirm, setConfirm] = useState<number | null>(null);
  const list = versions.data?.versions ?? [];
  const newest = list.reduce((m, v) => Math.max(m, v.version), 0);

  const [before, setBefore] = useState<Side | null>(null);
  const [after, setAfter] = useState<Side | null>(null);
  // Default comparison: the newest version against the one before it, or the draft against the only one.
  useEffect(() => {
    if (before !== null || newest === 0) return;
    setBefore(newest > 1 ? newest - 1 : newest);
    setAfter(newest > 1 ? newest : 'draft');
  }, [newest, before]);

  async function activate(version: number) {
    setActivating(version);
    setMessage(null);
    try {
      await api.activateVersion(id, version);
      setMessage({ tone: 'success', text: `Version ${version} is live now. New calls run on it.` });
      versions.reload();
    } catch (e) {
      setMessage({ tone: 'danger', text: errorMessage(e) });
    } finally {
      setActivating(null);
      setConfirm(null);
    }
  }

  if (flow.error instanceof ApiError && flow.error.code === 'FLOW_NOT_FOUND')
    return (
      <div className="page">
        <EmptyState title="No such flow" testId="flow-not-found">
          <p>
            There is no flow with the id <code>{id}</code>. <Link to="/">Back to the flows</Link>.
          </p>
        </EmptyState>
      </div>
    );

  return (
    <div className="page page--wide">
      <Link to={`/flows/${encodeURIComponent(id)}`} className="back-link">
        ← {flow.data?.flow.name ?? id}
      </Link>
      <div className="page__header">
        <div>
          <h1 className="page__title">Versions</h1>
          <p className="page__subtitle">
            Each deploy makes a version. Make an older one live to roll back; compare two to see what changed.
          </p>
        </div>
      </div>
      {message && (
        <p className={`notice notice--${message.tone}`} role="status" data-testid="versions-message">
          {message.text}
        </p>
      )}
      {versions.data === undefined && versions.loading && <Loading what="versions" />}
      {versions.error !== undefined && <ErrorBox error={versions.error} onRetry={versions.reload} />}
      {versions.data && list.length === 0 && (
        <EmptyState title="Not deployed yet" testId="versions-empty">
          <p>
            This flow has no versions: each time you press <b>Deploy</b> in the editor, the engine keeps one.{' '}
            <Link to={`/flows/${encodeURIComponent(id)}`}>Open the editor</Link>.
          </p>
        </EmptyState>
      )}
      {list.length > 0 && (
        <div className="card card--flush">
          <table className="table" data-testid="version-table">
            <thead>
              <tr>
                <th>Version</th>
                <th>Deployed</th>
                <th>State</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {[...list]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <tr
                    key={v.version}
                    data-testid="version-row"
                    data-version={v.version}
                    data-active={v.active}
                  >
                    <td className="mono table__primary">v{v.version}</td>
                    <td className="muted" data-testid="version-deployed">
                      {formatDateTime(v.createdAt)}
                      {v.deployedBy && <> · by {v.deployedBy}</>}
                    </td>
                    <td>
                      {v.active ? (
                        <span className="badge badge--success">live</span>
                      ) : (
                        <span className="badge">stored</span>
                      )}
                    </td>
                    <td className="table__actions">
                      {confirm === v.version ? (
                        <>
                          <span className="muted">Make v{v.version} live?</span>
                          <button
                            type="button"
                            className="btn btn--primary btn--small"
                            disabled={activating !== null}
                            onClick={() => void activate(v.version)}
                            data-testid="version-activate-confirm"
                          >
                            {activating === v.version ? 'Switching…' : 'Make live'}
                          </button>
                          <button type="button" className="btn btn--small" onClick={() => setConfirm(null)}>
                            Cancel
                          </button>
                        </>
                      ) : (
                        <>
                          <button
                            type="button"
                            className="btn btn--small"
                            onClick={() => {
                              setBefore(v.version);
                              setAfter('draft');
                            }}
                            data-testid="version-compare-draft"
                          >
                            Compare with draft
                          </button>
                          {!v.active && (
                            <button
                              type="button"
                              className="btn btn--small"
                              onClick={() => setConfirm(v.version)}
                              data-testid="version-activate"
                            >
                              {v.version < newest ? 'Roll back to this' : 'Make live'}
                            </button>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      {list.length > 0 && before !== null && after !== null && flow.data && (
        <Compare
          flowId={id}
          draft={flow.data.flow}
          versions={list.map((v) => v.version).sort((a, b) => b - a)}
          before={before}
          after={after}
          onChange={(b, a) => {
            setBefore(b);
            setAfter(a);
          }}
        />
      )}
    </div>
  );
}

function Compare({
  flowId,
  draft,
  versions,
  before,
  after,
  onChange,
}: {
  flowId: string;
  draft: FlowDocument;
  versions: number[];
  before: Side;
  after: Side;
  onChange: (before: Side, after: Side) => void;
}) {
  const load = (side: Side, signal: AbortSignal): Promise<FlowDocument> =>
    side === 'draft' ? Promise.resolve(draft) : api.getVersion(flowId, side, signal).then((v) => v.flow);
  const docs = useRequest(
    (signal) => Promise.all([load(before, signal), load(after, signal)]),
    [flowId, before, after, draft],
  );
  const diff: FlowDiff | null = docs.data ? diffFlows(docs.data[0], docs.data[1]) : null;
  const parse = (value: string): Side => (value === 'draft' ? 'draft' : Number(value));
  const label = (side: Side) => (side === 'draft' ? 'the saved draft' : `v${side}`);

  const options = (
    <>
      {versions.map((v) => (
        <option key={v} value={v}>
          v{v}
        </option>
      ))}
      <option value="draft">Saved draft</option>
    </>
  );

  return (
    <section className="card compare" data-testid="compare">
      <div className="compare__head">
        <h2 className="card__title">Compare</h2>
        <label className="compare__pick">
          <span className="muted small">from</span>
          <select
            className="input"
            value={String(before)}
            onChange={(e) => onChange(parse(e.target.value), after)}
            data-testid="compare-before"
          >
            {options}
          </select>
        </label>
        <span aria-hidden="true">→</span>
        <label className="compare__pick">
          <span className="muted small">to</span>
          <select
            className="input"
            value={String(after)}
            onChange={(e) => onChange(before, parse(e.target.value))}
            data-testid="compare-after"
          >
            {options}
          </select>
        </label>
        {diff && (
          <ul className="diff-legend" data-testid="diff-legend">
            <li className="diff-legend__item diff-legend__item--added" data-count={diff.counts.added}>
              {diff.counts.added} added
            </li>
            <li className="diff-legend__item diff-legend__item--removed" data-count={diff.counts.removed}>
              {diff.counts.removed} removed
            </li>
            <li className="diff-legend__item diff-legend__item--changed" data-count={diff.counts.changed}>
              {diff.counts.changed} changed
            </li>
            <li className="diff-legend__item diff-legend__item--same">{diff.counts.same} unchanged</li>
          </ul>
        )}
      </div>
      {docs.error !== undefined && <ErrorBox error={docs.error} onRetry={docs.reload} />}
      {!docs.data && docs.loading && <Loading what="both versions" />}
      {docs.data && diff && (
        <>
          <DiffCanvas after={docs.data[1]} diff={diff} />
          <DiffList diff={diff} from={label(before)} to={label(after)} />
        </>
      )}
    </section>
  );
}

function DiffList({ diff, from, to }: { diff: FlowDiff; from: string; to: string }) {
  const changes = diff.nodes.filter((n) => n.status !== 'same' || n.moved);
  const edgeChanges = diff.edges.filter((e) => e.status !== 'same');
  if (changes.length === 0 && edgeChanges.length === 0 && diff.metaChanged.length === 0)
    return (
      <p className="panel-hint" data-testid="diff-none">
        No difference between {from} and {to}.
      </p>
    );
  return (
    <ul className="diff-list" data-testid="diff-list">
      {diff.metaChanged.map((field) => (
        <li key={field}>
          <span className="badge badge--info">flow</span> {field} changed
        </li>
      ))}
      {changes.map((n) => (
        <li key={n.id} data-testid="diff-node" data-node-id={n.id} data-status={n.status}>
          <span className={`badge diff-badge diff-badge--${n.status}`}>
            {n.status === 'same' ? 'moved' : n.status}
          </span>{' '}
          <code>{n.id}</code> <span className="muted">({n.node.type})</span>
          {n.fields.length > 0 && <span className="muted small"> — {n.fields.join(', ')}</span>}
        </li>
      ))}
      {edgeChanges.map((e) => (
        <li key={`${e.status}-${e.key}`}>
          <span className={`badge diff-badge diff-badge--${e.status}`}>{e.status}</span> edge{' '}
          <code>
            {e.edge.source} —{e.edge.port}→ {e.edge.target}
          </code>
        </li>
      ))}
    </ul>
  );
}
