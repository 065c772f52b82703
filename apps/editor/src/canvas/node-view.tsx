// The ONE component that draws every node type, from its catalogue entry: title, key params,
// an input on the left (except for triggers) and one labelled output handle per port.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { CompileIssue } from '@patchbay/shared/compiler';
import { findNodeType, portEntriesOf } from '@patchbay/shared/nodes';
import type { PatchbayNode } from '../store/flow-mapping';
import { useNodeIssues } from '../store/use-flow-store';
import { formatMicros } from '../ui/format';
import { CategoryIcon } from './category-icon';
import { summarizeParams } from './param-summary';

export const NodeView = memo(function NodeView({ id, data, selected }: NodeProps<PatchbayNode>) {
  const def = findNodeType(data.nodeType);
  const issues = useNodeIssues(id) ?? [];
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  const state = errors.length > 0 ? 'error' : warnings.length > 0 ? 'warning' : 'ok';
  const ports = def ? portEntriesOf(def, data.params) : [];
  const lines = def ? summarizeParams(def, data.params) : [];
  const trace = data.trace;

  return (
    <div
      className={`pb-node${selected ? ' pb-node--selected' : ''}`}
      data-category={def?.category ?? 'unknown'}
      data-state={state}
    >
      {/* A trigger is where calls enter: nothing leads into it. */}
      {def?.category !== 'trigger' && (
        <Handle type="target" position={Position.Left} className="pb-handle pb-handle--in" />
      )}
      <header className="pb-node__header">
        <span className="pb-node__icon">
          <CategoryIcon category={def?.category} />
        </span>
        <span className="pb-node__names">
          <span className="pb-node__title">{data.label ?? def?.title ?? data.nodeType}</span>
          <span className="pb-node__id">{id}</span>
        </span>
        {errors.length > 0 && <IssueBadge issues={errors} kind="error" />}
        {errors.length === 0 && warnings.length > 0 && <IssueBadge issues={warnings} kind="warning" />}
      </header>
      <div className="pb-node__body">
        {!def && <div className="pb-node__unknown">Unknown node type “{data.nodeType}”</div>}
        {lines.length > 0 && (
          <dl className="pb-node__params">
            {lines.map((line) => (
              <div key={line.name} className="pb-node__param" title={`${line.label}: ${line.value}`}>
                <dt>{line.label}</dt>
                <dd className={line.isDefault ? 'is-default' : undefined}>{line.value}</dd>
              </div>
            ))}
          </dl>
        )}
        {trace && (
          <div className="pb-node__trace" data-testid="node-trace">
            {trace.error ? <span className="pb-node__trace-error">{trace.error}</span> : null}
            <span>{trace.port === null ? 'ended the flow' : `left by ${trace.port}`}</span>
            <span className="muted">{formatMicros(trace.durationUs)}</span>
          </div>
        )}
      </div>
      {ports.length > 0 && (
        <ul className="pb-node__ports">
          {ports.map(([port, when]) => (
            <li
              key={port}
              className={`pb-port${trace && trace.port === port ? ' pb-port--taken' : ''}`}
              title={when}
            >
              <span className="pb-port__label">{port}</span>
              <Handle
                type="source"
                position={Position.Right}
                id={port}
                className="pb-handle pb-handle--out"
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});

function IssueBadge({ issues, kind }: { issues: readonly CompileIssue[]; kind: 'error' | 'warning' }) {
  const text = issues.map((i) => i.message).join('\n');
  return (
    <span
      className={`pb-badge pb-badge--${kind}`}
      title={text}
      data-testid={kind === 'error' ? 'node-error' : 'node-warning'}
      aria-label={`${issues.length} ${kind === 'error' ? 'error' : 'warning'}${issues.length === 1 ? '' : 's'}: ${text}`}
    >
      {kind === 'error' ? '!' : '?'}
      {issues.length > 1 ? <sup>{issues.length}</sup> : null}
      <span className="pb-badge__tip" role="tooltip">
        {issues.map((i, n) => (
          <span key={n}>{i.message}</span>
        ))}
      </span>
    </span>
  );
}
