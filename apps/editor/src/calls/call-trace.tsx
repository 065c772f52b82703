// The call's flow, drawn read-only with the path it took lit up. Executed nodes and taken edges
// carry data-path="true" on their React Flow elements (what the e2e tests select on).
import { useMemo } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
} from '@xyflow/react';
import type { TraceStep } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import { useTheme } from '../ui/theme';
import { nodeTypes } from '../canvas/node-types';
import { flowToGraph, type PatchbayEdge, type PatchbayNode } from '../store/flow-mapping';
import { tracePath } from './trace-path';

// data-* keys are not in React's attribute types outside JSX, hence the casts.
type NodeDom = NonNullable<PatchbayNode['domAttributes']>;
type EdgeDom = NonNullable<PatchbayEdge['domAttributes']>;
const pathAttr = (on: boolean) => ({ 'data-path': on ? 'true' : 'false' });

export interface CallTraceProps {
  readonly flow: FlowDocument;
  readonly steps: readonly TraceStep[];
  /** A node to mark (the step opened in the step list). */
  readonly selectedNodeId?: string | null;
  readonly onNodeClick?: (nodeId: string) => void;
  readonly testId?: string;
}

export function CallTrace({
  flow,
  steps,
  selectedNodeId = null,
  onNodeClick,
  testId = 'call-trace',
}: CallTraceProps) {
  const { theme } = useTheme();
  const { nodes, edges } = useMemo(
    () => decorate(flow, steps, selectedNodeId),
    [flow, steps, selectedNodeId],
  );
  return (
    <div className="trace-canvas" data-testid={testId}>
      <ReactFlowProvider>
        <ReactFlow<PatchbayNode>
          colorMode={theme}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          {...(onNodeClick
            ? { onNodeClick: (_event: unknown, node: PatchbayNode) => onNodeClick(node.id) }
            : {})}
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

function decorate(
  flow: FlowDocument,
  steps: readonly TraceStep[],
  selectedNodeId: string | null,
): { nodes: PatchbayNode[]; edges: PatchbayEdge[] } {
  const path = tracePath(flow, steps);
  const graph = flowToGraph(flow);
  const nodes = graph.nodes.map((n): PatchbayNode => {
    const step = path.lastStep.get(n.id);
    if (!step) return { ...n, className: 'off-path', domAttributes: pathAttr(false) as NodeDom };
    return {
      ...n,
      className: n.id === selectedNodeId ? 'on-path trace-selected' : 'on-path',
      domAttributes: pathAttr(true) as NodeDom,
      data: {
        ...n.data,
        trace: {
          port: step.port,
          durationUs: step.durationUs,
          ...(step.error === undefined ? {} : { error: step.error }),
        },
      },
    };
  });
  const edges = graph.edges.map((e): PatchbayEdge => {
    const taken = path.edgeIds.has(e.id);
    return {
      ...e,
      className: taken ? 'on-path' : 'off-path',
      animated: taken,
      markerEnd: {
        type: MarkerType.ArrowClosed,
        width: 16,
        height: 16,
        ...(taken ? { color: 'var(--path)' } : {}),
      },
      domAttributes: pathAttr(taken) as EdgeDom,
    };
  });
  return { nodes, edges };
}
