// The call's steps in order: node, port left by, when it started and how long it took (with a
// waterfall bar), and on click what the node read and changed (its trace `detail`).
import type { KeyboardEvent } from 'react';
import type { TraceStep } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import { findNodeType } from '@patchbay/shared/nodes';
import { formatClock, formatMicros, formatOffset } from '../ui/format';

export interface StepListProps {
  readonly steps: readonly TraceStep[];
  readonly flow: FlowDocument | null;
  /** seq of the step shown open, or null. */
  readonly selected: number | null;
  readonly onSelect: (seq: number | null) => void;
}

export function StepList({ steps, flow, selected, onSelect }: StepListProps) {
  if (steps.length === 0) return <p className="panel-hint">No node ran for this call.</p>;
  const nodes = new Map(flow?.nodes.map((n) => [n.id, n]));
  const ordered = [...steps].sort((a, b) => a.seq - b.seq);
  const timing = waterfall(ordered);

  const toggle = (seq: number) => onSelect(selected === seq ? null : seq);
  const onKeyDown = (event: KeyboardEvent, seq: number) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    toggle(seq);
  };

  return (
    <table className="table table--compact table--steps" data-testid="step-list">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>Node</th>
          <th>Port</th>
          <th>When</th>
          <th className="num">Took</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((step) => {
          const node = nodes.get(step.nodeId);
          const title = node ? (node.label ?? findNodeType(node.type)?.title ?? node.type) : undefined;
          const open = selected === step.seq;
          const t = timing.get(step.seq);
          return [
            <tr
              key={step.seq}
              className={`step-row${open ? ' step-row--open' : ''}${step.error ? ' step-row--error' : ''}`}
              onClick={() => toggle(step.seq)}
              onKeyDown={(e) => onKeyDown(e, step.seq)}
              tabIndex={0}
              aria-expanded={open}
              data-testid="step"
              data-node-id={step.nodeId}
              data-seq={step.seq}
            >
              <td className="num muted">{step.seq}</td>
              <td>
                <span className="step__chevron" aria-hidden="true">
                  {open ? '▾' : '▸'}
                </span>
                {title && <span className="step__title">{title}</span>}{' '}
                <code className="muted">{step.nodeId}</code>
                {step.error && (
                  <span className="badge badge--danger step__error-badge" title={step.error}>
                    error
                  </span>
                )}
              </td>
              <td>
                {step.port === null ? (
                  <span className="muted">—</span>
                ) : (
                  <code className="port-chip">{step.port}</code>
                )}
              </td>
              <td className="step__when">
                <span className="mono small muted">{formatOffset(t?.offsetMs ?? 0)}</span>
                <span className="step__bar-track" aria-hidden="true">
                  <span
                    className="step__bar"
                    style={{
                      left: `${(t?.left ?? 0) * 100}%`,
                      width: `${Math.max(t?.width ?? 0, 0.01) * 100}%`,
                    }}
                  />
                </span>
              </td>
              <td className="num mono nowrap" data-testid="step-duration">
                {formatMicros(step.durationUs)}
              </td>
            </tr>,
            open && (
              <tr key={`${step.seq}-detail`} className="step-detail-row">
                <td />
                <td colSpan={4}>
                  <StepDetail step={step} />
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}

/** What one step did: timing, port, error and every value the node noted. */
export function StepDetail({ step }: { step: TraceStep }) {
  const entries = Object.entries(step.detail);
  return (
    <div className="step-detail" data-testid="step-detail">
      <dl className="step-detail__facts">
        <div>
          <dt>Started</dt>
          <dd className="mono">{formatClock(step.startedAt)}</dd>
        </div>
        <div>
          <dt>Took</dt>
          <dd className="mono">{formatMicros(step.durationUs)}</dd>
        </div>
        <div>
          <dt>Left by</dt>
          <dd>
            {step.port === null ? (
              <span className="muted">ended the flow</span>
            ) : (
              <code className="port-chip">{step.port}</code>
            )}
          </dd>
        </div>
      </dl>
      {step.error && (
        <p className="field__error" data-testid="step-error">
          {step.error}
        </p>
      )}
      <h4 className="step-detail__title">What it read and changed</h4>
      {entries.length === 0 ? (
        <p className="muted small">This node noted nothing.</p>
      ) : (
        <dl className="detail">
          {entries.map(([key, value]) => (
            <div key={key} className="detail__item" data-testid="step-detail-item" data-key={key}>
              <dt>{key}</dt>
              <dd className="mono">{formatValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
  return String(value);
}

/** Each step's start relative to the first, and its bar as fractions of the whole run. */
function waterfall(
  steps: readonly TraceStep[],
): Map<number, { offsetMs: number; left: number; width: number }> {
  const first = steps[0] ? Date.parse(steps[0].startedAt) : 0;
  const spans = steps.map((s) => {
    const start = Date.parse(s.startedAt) - first;
    return { seq: s.seq, start, end: start + s.durationUs / 1000 };
  });
  const total = Math.max(1, ...spans.map((s) => s.end));
  return new Map(
    spans.map((s) => [s.seq, { offsetMs: s.start, left: s.start / total, width: (s.end - s.start) / total }]),
  );
}
