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
  /** Set only in the version diff: how the node differs from the other version. */
  readonly diff?: 'added' | 'removed' | 'changed' | 'same';
  /** Fields of the document node this editor does not know (a newer format): kept as they are. */
  readonly extra?: Readonly<Record<string, unknown>>;
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

/**
 * The document fields that are not part of the drawing: id, name, description, settings, and any
 * field a newer document format adds, carried through untouched.
 */
export interface FlowMeta {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly [field: string]: unknown;
}

export interface FlowGraph {
  readonly meta: FlowMeta;
  readonly nodes: PatchbayNode[];
  readonly edges: PatchbayEdge[];
}

export function flowToGraph(doc: FlowDocument): FlowGraph {
  const { schema: _schema, nodes, edges, ...meta } = doc;
  return {
    meta: structuredClone(meta) as FlowMeta,
    nodes: nodes.map((node) => {
      const { id, type, position, params, label, ...extra } = node;
      return {
        id,
        type: NODE_VIEW_TYPE,
        position: { x: position.x, y: position.y },
        data: {
          nodeType: type,
          params: structuredClone(params),
          ...(label === undefined ? {} : { label }),
          ...(Object.keys(extra).length === 0 ? {} : { extra: structuredClone(extra) }),
        },
      };
    }),
    edges: edges.map((edge) => {
      const { id, source, port, target, ...extra } = edge;
      return {
        id,
        source,
        sourceHandle: port,
        target,
        ...(Object.keys(extra).length === 0 ? {} : { data: { extra: structuredClone(extra) } }),
      };
    }),
  };
}

export function graphToFlow(
  meta: FlowMeta,
  nodes: readonly PatchbayNode[],
  edges: readonly PatchbayEdge[],
): FlowDocument {
  return {
    schema: 1,
    ...(structuredClone(meta) as Omit<FlowDocument, 'schema' | 'nodes' | 'edges'>),
    nodes: nodes.map((n) => ({
      ...(structuredClone(n.data.extra) ?? {}),
      id: n.id,
      type: n.data.nodeType,
      position: { x: n.position.x, y: n.position.y },
      params: structuredClone(n.data.params) as Record<string, unknown>,
      ...(n.data.label === undefined ? {} : { label: n.data.label }),
    })),
    // An edge drawn without a source handle has no port; '' lets the compiler name the problem.
    edges: edges.map((e) => ({
      ...(structuredClone((e.data as { extra?: Record<string, unknown> } | undefined)?.extra) ?? {}),
      id: e.id,
      source: e.source,
      port: e.sourceHandle ?? '',
      target: e.target,
    })),
  };
}
