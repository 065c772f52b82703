// What changed between two versions of a flow, node by node and edge by edge, for the visual
// diff on the canvas. Nodes are matched by id (ids survive renames and moves); edges by what
// they connect (source, port, target), since their ids are generated. Pure, tested without a browser.
import type { FlowDocument, FlowEdge, FlowNode } from '@patchbay/shared/flow';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'same';

export interface NodeDiff {
  readonly id: string;
  readonly status: DiffStatus;
  /** The node as drawn in the diff: the newer one, or the older for a removed node. */
  readonly node: FlowNode;
  /** For a changed node: which of its fields differ ("type", "label", "params.target", …). */
  readonly fields: readonly string[];
  /** Only its position differs (drawn as unchanged, but listed). */
  readonly moved: boolean;
}

export interface EdgeDiff {
  readonly key: string;
  readonly status: Exclude<DiffStatus, 'changed'>;
  readonly edge: FlowEdge;
}

export interface FlowDiff {
  readonly nodes: readonly NodeDiff[];
  readonly edges: readonly EdgeDiff[];
  readonly counts: Readonly<Record<DiffStatus, number>>;
  /** Name, description or settings differ. */
  readonly metaChanged: readonly string[];
}

export function diffFlows(before: FlowDocument, after: FlowDocument): FlowDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const nodes: NodeDiff[] = [];
  for (const node of after.nodes) {
    const prev = old.get(node.id);
    if (!prev) {
      nodes.push({ id: node.id, status: 'added', node, fields: [], moved: false });
      continue;
    }
    const fields = changedFields(prev, node);
    const moved = prev.position.x !== node.position.x || prev.position.y !== node.position.y;
    nodes.push({ id: node.id, status: fields.length > 0 ? 'changed' : 'same', node, fields, moved });
  }
  for (const node of before.nodes)
    if (!now.has(node.id)) nodes.push({ id: node.id, status: 'removed', node, fields: [], moved: false });

  const edgeKey = (e: FlowEdge) => `${e.source}|${e.port}|${e.target}`;
  const oldEdges = new Map(before.edges.map((e) => [edgeKey(e), e]));
  const newEdges = new Map(after.edges.map((e) => [edgeKey(e), e]));
  const edges: EdgeDiff[] = [
    ...after.edges.map((e): EdgeDiff => ({
      key: edgeKey(e),
      status: oldEdges.has(edgeKey(e)) ? 'same' : 'added',
      edge: e,
    })),
    ...before.edges
      .filter((e) => !newEdges.has(edgeKey(e)))
      .map((e): EdgeDiff => ({ key: edgeKey(e), status: 'removed', edge: e })),
  ];

  const counts = { added: 0, removed: 0, changed: 0, same: 0 };
  for (const n of nodes) counts[n.status]++;

  const metaChanged = (['name', 'description', 'settings'] as const).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  return { nodes, edges, counts, metaChanged };
}

function changedFields(a: FlowNode, b: FlowNode): string[] {
  const fields: string[] = [];
  if (a.type !== b.type) fields.push('type');
  if ((a.label ?? '') !== (b.label ?? '')) fields.push('label');
  const keys = new Set([...Object.keys(a.params), ...Object.keys(b.params)]);
  for (const key of [...keys].sort())
    if (JSON.stringify(a.params[key]) !== JSON.stringify(b.params[key])) fields.push(`params.${key}`);
  return fields;
}

/** The union of both versions as one document to draw (removed nodes and edges included). */
export function diffDocument(after: FlowDocument, diff: FlowDiff): FlowDocument {
  return {
    ...after,
    nodes: diff.nodes.map((d) => d.node),
    edges: diff.edges.map((d, i) => ({ ...d.edge, id: `${d.status}:${i}:${d.edge.id}` })),
  };
}
