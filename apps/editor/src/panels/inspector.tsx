// The form of the selected node, generated from its type's field descriptors, with the
// compiler's messages under the fields they concern, the type's help and its ports.
import { useEffect, useRef } from 'react';
import type { CompileIssue } from '@patchbay/shared/compiler';
import { findNodeType, portEntriesOf, type NodeTypeDef } from '@patchbay/shared/nodes';
import { CategoryIcon } from '../canvas/category-icon';
import type { PatchbayEdge, PatchbayNode } from '../store/flow-mapping';
import { useFlowStore, useFlowStoreApi } from '../store/use-flow-store';
import { fieldMessage } from './field-message';
import { FieldInput } from './field-input';

const noIssues: readonly CompileIssue[] = [];

export function Inspector() {
  const nodes = useFlowStore((s) => s.nodes);
  const selected = nodes.filter((n) => n.selected);
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      {selected.length === 1 && selected[0] ? (
        <NodeInspector key={selected[0].id} node={selected[0]} />
      ) : (
        <FlowOverview selectedCount={selected.length} />
      )}
    </aside>
  );
}

function NodeInspector({ node }: { node: PatchbayNode }) {
  const store = useFlowStoreApi();
  const def = findNodeType(node.data.nodeType);
  const issues = useFlowStore((s) => s.issuesByNode[node.id]) ?? noIssues;
  const edges = useFlowStore((s) => s.edges);
  const focus = useFlowStore((s) => s.focus);
  const root = useRef<HTMLDivElement>(null);

  // Clicking an issue asks for its field: focus the input once the form is there.
  useEffect(() => {
    if (!focus || focus.nodeId !== node.id || !focus.field) return;
    const el = root.current?.querySelector<HTMLElement>(`[data-field="${CSS.escape(focus.field)}"] input`);
    el?.focus();
  }, [focus, node.id]);

  if (!def) {
    return (
      <div className="inspector__body">
        <h2 className="panel-title">Unknown node type</h2>
        <p className="panel-hint">
          “{node.data.nodeType}” is not in this editor's catalogue. Delete the node or replace it.
        </p>
        <IssueList issues={issues} />
      </div>
    );
  }

  const fieldNames = new Set(Object.keys(def.params));
  const otherIssues = issues.filter((i) => i.field === null || !fieldNames.has(i.field));

  return (
    <div className="inspector__body" ref={root} data-node-id={node.id}>
      <header className="inspector__header" data-category={def.category}>
        <span className="inspector__icon">
          <CategoryIcon category={def.category} />
        </span>
        <div>
          <h2 className="inspector__title">{def.title}</h2>
          <code className="inspector__id">{node.id}</code>
        </div>
        <button
          type="button"
          className="btn btn--small btn--ghost-danger inspector__delete"
          onClick={() => store.onNodesChange([{ type: 'remove', id: node.id }])}
          title="Delete this node (Delete key)"
          data-testid="delete-node"
        >
          Delete
        </button>
      </header>
      <p className="inspector__help">{def.help}</p>

      <IssueList issues={otherIssues} />

      <section className="inspector__section">
        <h3 className="inspector__section-title">Parameters</h3>
        {Object.entries(def.params).map(([name, field]) => (
          <FieldInput
            key={name}
            name={name}
            field={field}
            value={node.data.params[name]}
            problems={issues.filter((i) => i.field === name).map((i) => fieldMessage(i, def.title))}
            onChange={(value) => store.setParam(node.id, name, value)}
          />
        ))}
        <div className="field">
          <label className="field__label" htmlFor={`label-${node.id}`}>
            Label <span className="field__optional">optional</span>
          </label>
          <input
            id={`label-${node.id}`}
            className="input"
            value={node.data.label ?? ''}
            placeholder={def.title}
            maxLength={200}
            onChange={(e) => store.setLabel(node.id, e.target.value)}
            data-testid="node-label"
          />
          <p className="field__hint">Shown on the canvas instead of the type's title.</p>
        </div>
      </section>

      <PortList def={def} params={node.data.params} nodeId={node.id} edges={edges} />
    </div>
  );
}

function PortList({
  def,
  params,
  nodeId,
  edges,
}: {
  def: NodeTypeDef;
  params: Readonly<Record<string, unknown>>;
  nodeId: string;
  edges: readonly PatchbayEdge[];
}) {
  const ports = portEntriesOf(def, params);
  return (
    <section className="inspector__section">
      <h3 className="inspector__section-title">Ports</h3>
      {ports.length === 0 ? (
        <p className="panel-hint">None: this node ends the flow.</p>
      ) : (
        <ul className="port-list">
          {ports.map(([port, when]) => {
            const edge = edges.find((e) => e.source === nodeId && e.sourceHandle === port);
            const required = def.requiredPorts?.includes(port) ?? false;
            return (
              <li key={port} className="port-list__item" data-testid={`port-${port}`}>
                <div className="port-list__head">
                  <code className="port-chip">{port}</code>
                  {edge ? (
                    <span className="port-list__target">→ {edge.target}</span>
                  ) : (
                    <span
                      className={required ? 'port-list__open port-list__open--required' : 'port-list__open'}
                    >
                      {required ? 'must be connected' : 'not connected'}
                    </span>
                  )}
                </div>
                <p className="port-list__when">{when}</p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function IssueList({ issues }: { issues: readonly CompileIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="inspector__issues">
      {issues.map((i, n) => (
        <li key={n} className={`inline-issue inline-issue--${i.severity}`}>
          {i.message}
        </li>
      ))}
    </ul>
  );
}

function FlowOverview({ selectedCount }: { selectedCount: number }) {
  const meta = useFlowStore((s) => s.meta);
  const nodeCount = useFlowStore((s) => s.nodes.length);
  const edgeCount = useFlowStore((s) => s.edges.length);
  return (
    <div className="inspector__body">
      <h2 className="panel-title">{selectedCount > 1 ? `${selectedCount} nodes selected` : meta.name}</h2>
      {selectedCount > 1 ? (
        <p className="panel-hint">Press Delete to remove them, or select a single node to edit it.</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Id</dt>
            <dd className="mono">{meta.id}</dd>
            <dt>Nodes</dt>
            <dd>{nodeCount}</dd>
            <dt>Edges</dt>
            <dd>{edgeCount}</dd>
          </dl>
          <div className="tips">
            <p>
              <b>Select a node</b> to edit its parameters.
            </p>
            <p>
              <b>Drag</b> from a port on the right of a node to another node to connect them. A port has one
              edge; connecting it again replaces it.
            </p>
            <p>
              <b>Delete</b> or <b>Backspace</b> removes what is selected. <b>Ctrl+S</b> saves.
            </p>
          </div>
        </>
      )}
    </div>
  );
}
