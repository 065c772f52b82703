// The call's steps in order: node, port left by, time spent and what the node noted.
import type { TraceStep } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import { findNodeType } from '@patchbay/shared/nodes';
import { formatMicros } from '../ui/format';

export function StepList({ steps, flow }: { steps: readonly TraceStep[]; flow: FlowDocument | null }) {
  if (steps.length === 0) return <p className="panel-hint">No node ran for this call.</p>;
  const nodes = new Map(flow?.nodes.map((n) => [n.id, n]));
  return (
    <table className="table table--compact" data-testid="step-list">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>Node</th>
          <th>Port</th>
          <th className="num">Time</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {[...steps]
          .sort((a, b) => a.seq - b.seq)
          .map((step) => {
            const node = nodes.get(step.nodeId);
            const title = node ? (node.label ?? findNodeType(node.type)?.title ?? node.type) : undefined;
            return (
              <tr key={step.seq} data-testid="step" data-node-id={step.nodeId}>
                <td className="num muted">{step.seq}</td>
                <td>
                  {title && <span className="step__title">{title}</span>}{' '}
                  <code className="muted">{step.nodeId}</code>
                </td>
                <td>
                  {step.port === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <code className="port-chip">{step.port}</code>
                  )}
                </td>
                <td className="num mono nowrap">{formatMicros(step.durationUs)}</td>
                <td>
                  {step.error && <div className="field__error">{step.error}</div>}
                  <Detail detail={step.detail} />
                </td>
              </tr>
            );
          })}
      </tbody>
    </table>
  );
}

function Detail({ detail }: { detail: Readonly<Record<string, unknown>> }) {
  const entries = Object.entries(detail);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="detail">
      {entries.map(([key, value]) => (
        <div key={key} className="detail__item">
          <dt>{key}</dt>
          <dd className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
