// FlowDocument ↔ React Flow nodes and edges. Pure, so it is tested without a browser.
// The port name is the source handle id and the edge's sourceHandle: one string from the
// catalogue through the drawing to the stored document and the trace.
import type { Edge, Node } from '@xyflow/react';
import type { FlowDocument } from '@patchbay/shared/flow';

/** What a drawn node carries: the document node minus its id and position. */
export interface PatchbayNodeData extends Record<string, unknown> {
  readonly nodeType: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly label?: string;
  /** Set only in the read-only trace view: what the call did at this node. */
  readonly trace?: NodeTraceInfo;
}

export interface NodeTraceInfo {
  readonly port: string | null;
  readonly durationUs: number;
  readonly error?: string;
}

/** Every node is drawn by the one generic component registered under this React Flow type. */
export const NODE_VIEW_TYPE = 'patchbay';

export type PatchbayNode = Node<PatchbayNodeData, typeof NODE_VIEW_TYPE>;
export type PatchbayEdge = Edge;

/** The document fields that are not part of the drawing. */
export interface FlowMeta {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

export interface FlowGraph {
  readonly meta: FlowMeta;
  readonly nodes: PatchbayNode[];
  readonly edges: PatchbayEdge[];
}

export function flowToGraph(doc: FlowDocument): FlowGraph {
  return {
    meta: {
      id: doc.id,
      name: doc.name,
      ...(doc.description === undefined ? {} : { description: doc.description }),
    },
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      type: NODE_VIEW_TYPE,
      position: { x: n.position.x, y: n.position.y },
      data: {
        nodeType: n.type,
        params: structuredClone(n.params),
        ...(n.label === undefined ? {} : { label: n.label }),
      },
    })),
    edges: doc.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.port,
      target: e.target,
    })),
  };
}

export function graphToFlow(
  meta: FlowMeta,
  nodes: readonly PatchbayNode[],
  edges: readonly PatchbayEdge[],
): FlowDocument {
  return {
    schema: 1,
    id: meta.id,
    name: meta.name,
    ...(meta.description === undefined ? {} : { description: meta.description }),
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.nodeType,
      position: { x: n.position.x, y: n.position.y },
      params: structuredClone(n.data.params) as Record<string, unknown>,
      ...(n.data.label === undefined ? {} : { label: n.data.label }),
    })),
    // An edge drawn without a source handle has no port; '' lets the compiler name the problem.
    edges: edges.map((e) => ({ id: e.id, source: e.source, port: e.sourceHandle ?? '', target: e.target })),
  };
}
