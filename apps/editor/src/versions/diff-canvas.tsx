// Two versions of a flow drawn as one read-only canvas: added nodes and edges in green, removed
// ones in red (dashed), changed nodes in amber, the rest faded. Each node carries data-diff
// (what the e2e tests read).
import { useMemo } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
} from '@xyflow/react';
import type { FlowDocument } from '@patchbay/shared/flow';
import { useTheme } from '../ui/theme';
import { nodeTypes } from '../canvas/node-types';
import { flowToGraph, type PatchbayEdge, type PatchbayNode } from '../store/flow-mapping';
import { diffDocument, type FlowDiff } from './flow-diff';

type NodeDom = NonNullable<PatchbayNode['domAttributes']>;
type EdgeDom = NonNullable<PatchbayEdge['domAttributes']>;

const EDGE_COLOURS = { added: 'var(--diff-added)', removed: 'var(--diff-removed)', same: undefined } as const;

export function DiffCanvas({ after, diff }: { after: FlowDocument; diff: FlowDiff }) {
  const { theme } = useTheme();
  const { nodes, edges } = useMemo(() => {
    const graph = flowToGraph(diffDocument(after, diff));
    const status = new Map(diff.nodes.map((d) => [d.id, d.status]));
    const nodes = graph.nodes.map((n): PatchbayNode => {
      const s = status.get(n.id) ?? 'same';
      return { ...n, className: `diff-${s}`, domAttributes: { 'data-diff': s } as NodeDom };
    });
    const edges = graph.edges.map((e, i): PatchbayEdge => {
      const s = diff.edges[i]?.status ?? 'same';
      const colour = EDGE_COLOURS[s];
      return {
        ...e,
        className: `diff-${s}`,
        markerEnd: {
          type: MarkerType.ArrowClosed,
          width: 16,
          height: 16,
          ...(colour ? { color: colour } : {}),
        },
        domAttributes: { 'data-diff': s } as EdgeDom,
      };
    });
    return { nodes, edges };
  }, [after, diff]);

  return (
    <div className="trace-canvas diff-canvas" data-testid="diff-canvas">
      <ReactFlowProvider>
        <ReactFlow<PatchbayNode>
          colorMode={theme}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.2}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
