// Automatic layout with dagre: left to right in the direction of the edges, each node at the
// size React Flow measured (or a typical size before it has), the whole drawing kept where it
// was (its top-left corner stays put). Pure, so it is tested without a browser.
import { graphlib, layout } from '@dagrejs/dagre';
import type { XYPosition } from '@xyflow/react';
import type { PatchbayEdge, PatchbayNode } from '../store/flow-mapping';

const DEFAULT_SIZE = { width: 224, height: 120 };

export function autoLayout(
  nodes: readonly PatchbayNode[],
  edges: readonly PatchbayEdge[],
): Map<string, XYPosition> {
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, edgesep: 20, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map<string, { width: number; height: number }>();
  for (const n of nodes) {
    const size = {
      width: n.measured?.width ?? n.width ?? DEFAULT_SIZE.width,
      height: n.measured?.height ?? n.height ?? DEFAULT_SIZE.height,
    };
    sizes.set(n.id, size);
    g.setNode(n.id, { ...size });
  }
  for (const e of edges)
    if (sizes.has(e.source) && sizes.has(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  layout(g);

  const laidOut = new Map<string, XYPosition>();
  for (const n of nodes) {
    const placed = g.node(n.id) as { x: number; y: number } | undefined;
    const size = sizes.get(n.id) ?? DEFAULT_SIZE;
    if (placed) laidOut.set(n.id, { x: placed.x - size.width / 2, y: placed.y - size.height / 2 });
  }
  // Keep the drawing's top-left where it was, so the view does not jump away.
  const minOf = (values: number[]) => (values.length ? Math.min(...values) : 0);
  const dx = minOf(nodes.map((n) => n.position.x)) - minOf([...laidOut.values()].map((p) => p.x));
  const dy = minOf(nodes.map((n) => n.position.y)) - minOf([...laidOut.values()].map((p) => p.y));
  for (const [id, p] of laidOut) laidOut.set(id, { x: Math.round(p.x + dx), y: Math.round(p.y + dy) });
  return laidOut;
}
