// The test panel: run the flow against a SIP request without sending anything. Paste a request
// or pick an example, choose what each relay / fork / http-request "receives", press Run; the
// path then lights up on the canvas one step at a time, and each step opens to show its details.
import { useEffect, useMemo, useState } from 'react';
import type { SimulatedOutcome, SimulateResponse } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import { findNodeType } from '@patchbay/shared/nodes';
import { api, ApiError, errorMessage } from '../api/client';
import { useRequest } from '../api/use-request';
import { StepList } from '../calls/step-list';
import type { CanvasHighlight } from '../canvas/flow-canvas';
import { useFlowStore, useFlowStoreApi } from '../store/use-flow-store';
import { outcomeChoices } from './outcomes';
import { SIP_EXAMPLES } from './sip-examples';

const STEP_MS = 450;

type RunState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; result: SimulateResponse }
  | { kind: 'failed'; message: string; code: string | null; offset?: number };

export function TestPanel({
  saveNow,
  onHighlight,
  onClose,
}: {
  saveNow: () => Promise<boolean>;
  onHighlight: (highlight: CanvasHighlight | null) => void;
  onClose: () => void;
}) {
  const store = useFlowStoreApi();
  const flowId = useFlowStore((s) => s.meta.id);
  const nodes = useFlowStore((s) => s.nodes);
  const [exampleId, setExampleId] = useState(SIP_EXAMPLES[0]?.id ?? '');
  const [text, setText] = useState(SIP_EXAMPLES[0]?.text ?? '');
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [version, setVersion] = useState('draft');
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const [shown, setShown] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const versions = useRequest((signal) => api.listVersions(flowId, signal), [flowId]);

  const outcomeNodes = useMemo(
    () =>
      nodes.flatMap((n) => {
        const options = outcomeChoices(n.data.nodeType);
        return options ? [{ id: n.id, type: n.data.nodeType, label: n.data.label, options }] : [];
      }),
    [nodes],
  );

  // Enough of a document for the step list to title each step.
  const titles = useMemo(
    () =>
      ({
        nodes: nodes.map((n) => ({
          id: n.id,
          type: n.data.nodeType,
          ...(n.data.label === undefined ? {} : { label: n.data.label }),
        })),
      }) as unknown as FlowDocument,
    [nodes],
  );

  const steps = run.kind === 'done' ? run.result.steps : [];
  const visible = steps.slice(0, shown);
  const selectedStep = visible.find((s) => s.seq === selected);

  // Reveal the steps one by one.
  useEffect(() => {
    if (run.kind !== 'done' || shown >= steps.length) return;
    const timer = window.setTimeout(() => setShown((n) => n + 1), shown === 0 ? 150 : STEP_MS);
    return () => window.clearTimeout(timer);
  }, [run, shown, steps.length]);

  useEffect(() => {
    onHighlight(
      run.kind === 'done' ? { steps: visible, selectedNodeId: selectedStep?.nodeId ?? null } : null,
    );
    // `visible` is derived from run and shown.
  }, [run, shown, selectedStep?.nodeId, onHighlight]);

  // Leaving the panel clears the canvas.
  useEffect(() => () => onHighlight(null), [onHighlight]);

  async function start() {
    setRun({ kind: 'running' });
    setShown(0);
    setSelected(null);
    if (version === 'draft' && store.getState().dirty && !(await saveNow())) {
      setRun({ kind: 'failed', message: 'The flow could not be saved, so it was not run.', code: null });
      return;
    }
    const outcomes: Record<string, SimulatedOutcome> = {};
    for (const n of outcomeNodes) {
      const choice = n.options.find((o) => o.id === (choices[n.id] ?? n.options[0]?.id));
      if (choice) outcomes[n.id] = choice.outcome;
    }
    try {
      const result = await api.simulate(flowId, {
        request: text,
        outcomes,
        ...(version === 'draft' ? {} : { version: Number(version) }),
      });
      setRun({ kind: 'done', result });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FLOW_INVALID') {
        store.setDeployIssues(e.issues);
        setRun({
          kind: 'failed',
          code: e.code,
          message: 'The flow has problems to fix first; they are listed below the canvas.',
        });
      } else if (e instanceof ApiError && e.code === 'SIP_INVALID') {
        const details = e.details as { reason?: string; offset?: number } | undefined;
        setRun({
          kind: 'failed',
          code: e.code,
          message: `This is not a SIP request the engine can read: ${details?.reason ?? e.message}`,
          ...(typeof details?.offset === 'number' ? { offset: details.offset } : {}),
        });
      } else {
        setRun({ kind: 'failed', message: errorMessage(e), code: e instanceof ApiError ? e.code : null });
      }
    }
  }

  const finished = run.kind === 'done' && shown >= steps.length;

  return (
    <aside className="test-panel" aria-label="Test the flow" data-testid="test-panel">
      <div className="test-panel__head">
        <h2 className="panel-title">Test</h2>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={onClose}
          data-testid="test-close"
        >
          Close
        </button>
      </div>
      <p className="panel-hint">
        Runs the flow on a request you give it. Nothing is sent; no call is recorded.
      </p>

      <label className="field">
        <span className="field__label">Request</span>
        <select
          className="input"
          value={exampleId}
          onChange={(e) => {
            setExampleId(e.target.value);
            const example = SIP_EXAMPLES.find((x) => x.id === e.target.value);
            if (example) setText(example.text);
          }}
          data-testid="test-example"
        >
          {SIP_EXAMPLES.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title}
            </option>
          ))}
          {exampleId === 'custom' && <option value="custom">Pasted request</option>}
        </select>
      </label>
      <textarea
        className="input test-panel__sip"
        value={text}
        spellCheck={false}
        rows={10}
        aria-label="SIP request"
        aria-invalid={run.kind === 'failed' && run.code === 'SIP_INVALID'}
        onChange={(e) => {
          setText(e.target.value);
          setExampleId('custom');
        }}
        data-testid="test-request"
      />

      {outcomeNodes.length > 0 && (
        <fieldset className="test-panel__outcomes">
          <legend className="field__label">What each node receives</legend>
          {outcomeNodes.map((n) => (
            <label key={n.id} className="test-panel__outcome">
              <span className="small">
                <b>{n.label ?? findNodeType(n.type)?.title ?? n.type}</b>{' '}
                <code className="muted">{n.id}</code>
              </span>
              <select
                className="input"
                value={choices[n.id] ?? n.options[0]?.id}
                onChange={(e) => setChoices((c) => ({ ...c, [n.id]: e.target.value }))}
                data-testid={`test-outcome-${n.id}`}
              >
                {n.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}

      <div className="test-panel__run">
        <label className="test-panel__version">
          <span className="muted small">Run</span>
          <select
            className="input"
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            data-testid="test-version"
          >
            <option value="draft">the drawing (saved first)</option>
            {versions.data?.versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {v.active ? ' (live)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void start()}
          disabled={run.kind === 'running' || text.trim() === ''}
          data-testid="test-run"
        >
          {run.kind === 'running' ? 'Running…' : '▶ Run'}
        </button>
      </div>

      {run.kind === 'failed' && (
        <div
          className="state state--error test-panel__error"
          role="alert"
          data-testid="test-error"
          data-code={run.code}
        >
          <p>{run.message}</p>
          {run.offset !== undefined && <p className="muted small">At character {run.offset}.</p>}
        </div>
      )}

      {run.kind === 'done' && (
        <section className="test-panel__result" data-testid="test-result" data-finished={finished}>
          <div className="test-panel__final" data-testid="test-final">
            {finished ? (
              run.result.final ? (
                <>
                  Caller gets{' '}
                  <b className={run.result.final.status < 300 ? 'status--success' : 'status--danger'}>
                    {run.result.final.status} {run.result.final.reason}
                  </b>
                </>
              ) : (
                <span className="muted">No final response.</span>
              )
            ) : (
              <span className="muted">
                Step {shown} of {steps.length}…
              </span>
            )}
            {finished && (
              <button
                type="button"
                className="btn btn--small"
                onClick={() => {
                  setShown(0);
                  setSelected(null);
                }}
                data-testid="test-replay"
              >
                Replay
              </button>
            )}
          </div>
          {!run.result.matched && (
            <p className="notice notice--warning small" data-testid="test-not-matched">
              Live, this flow's Start would not take this request (method, user, domain or source differ); it
              ran anyway so you can see the path.
            </p>
          )}
          <StepList steps={visible} flow={titles} selected={selected} onSelect={setSelected} />
        </section>
      )}
    </aside>
  );
}
