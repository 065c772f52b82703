// The editable drawing. React Flow is controlled by the flow store; palette items are dropped
// here; Delete/Backspace removes the selection; a focus request from the issues panel pans to
// the node concerned.
import { useCallback, useEffect, useMemo, useState, type DragEvent, type ReactNode } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type DefaultEdgeOptions,
  type IsValidConnection,
} from '@xyflow/react';
import type { TraceStep } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import { findNodeType } from '@patchbay/shared/nodes';
import { tracePath } from '../calls/trace-path';
import type { PatchbayEdge, PatchbayNode } from '../store/flow-mapping';
import { useFlowStore, useFlowStoreApi } from '../store/use-flow-store';
import { NODE_TYPE_MIME } from './drag-data';
import { useTheme } from '../ui/theme';
import { nodeTypes } from './node-types';

const defaultEdgeOptions: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
};
const deleteKeys = ['Delete', 'Backspace'];
const snapGrid: [number, number] = [10, 10];
const fitViewOptions = { padding: 0.35, maxZoom: 1 };
// A flow of one node (a new flow's Start) opens with it near the top left, leaving room to the
// right where the flow will grow; fitting the view would centre it and zoom it up.
const newFlowViewport = { x: 80, y: 140, zoom: 1 };

// A node leading into itself is never what the user meant while drawing.
const isValidConnection: IsValidConnection = (c) => c.source !== c.target;

/** A simulated run to light up on the drawing: the steps shown so far, and the step opened. */
export interface CanvasHighlight {
  readonly steps: readonly TraceStep[];
  readonly selectedNodeId: string | null;
}

/** `children` are drawn inside React Flow (tool panels). */
export function FlowCanvas({
  children,
  highlight = null,
}: {
  children?: ReactNode;
  highlight?: CanvasHighlight | null;
}) {
  const { theme } = useTheme();
  const store = useFlowStoreApi();
  const storeNodes = useFlowStore((s) => s.nodes);
  const storeEdges = useFlowStore((s) => s.edges);
  const { nodes, edges } = useMemo(
    () => (highlight ? lightUp(storeNodes, storeEdges, highlight) : { nodes: storeNodes, edges: storeEdges }),
    [storeNodes, storeEdges, highlight],
  );
  const focus = useFlowStore((s) => s.focus);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const [fitOnOpen] = useState(() => nodes.length > 1);

  useEffect(() => {
    if (focus) void fitView({ nodes: [{ id: focus.nodeId }], duration: 300, maxZoom: 1.2, padding: 0.8 });
  }, [focus, fitView]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_TYPE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_TYPE_MIME);
      if (!type || !findNodeType(type)) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // Drop the node with the pointer on its header, not on its top-left corner.
      store.addNode(type, { x: point.x - 90, y: point.y - 20 });
    },
    [screenToFlowPosition, store],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<PatchbayNode>
        colorMode={theme}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={store.onNodesChange}
        onEdgesChange={store.onEdgesChange}
        onConnect={store.connect}
        isValidConnection={isValidConnection}
        defaultEdgeOptions={defaultEdgeOptions}
        deleteKeyCode={deleteKeys}
        snapToGrid
        snapGrid={snapGrid}
        fitView={fitOnOpen}
        fitViewOptions={fitViewOptions}
        defaultViewport={newFlowViewport}
        minZoom={0.25}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap pannable zoomable nodeClassName={miniMapClass} />
        <Controls showInteractive={false} />
        {children}
      </ReactFlow>
    </div>
  );
}

function miniMapClass(node: PatchbayNode): string {
  return `minimap-node minimap-node--${findNodeType(node.data.nodeType)?.category ?? 'unknown'}`;
}

// data-* keys are not in React's attribute types outside JSX, hence the casts.
type NodeDom = NonNullable<PatchbayNode['domAttributes']>;
type EdgeDom = NonNullable<PatchbayEdge['domAttributes']>;

/** The drawing with a simulated path lit: nodes and edges on it marked as in the call view. */
function lightUp(
  nodes: PatchbayNode[],
  edges: PatchbayEdge[],
  { steps, selectedNodeId }: CanvasHighlight,
): { nodes: PatchbayNode[]; edges: PatchbayEdge[] } {
  const doc = {
    edges: edges.map((e) => ({ id: e.id, source: e.source, port: e.sourceHandle ?? '', target: e.target })),
  } as unknown as FlowDocument;
  const path = tracePath(doc, steps);
  const last = steps[steps.length - 1];
  return {
    nodes: nodes.map((n): PatchbayNode => {
      const step = path.lastStep.get(n.id);
      const classes = [step ? 'on-path' : 'off-path'];
      if (n.id === selectedNodeId) classes.push('trace-selected');
      if (step && step === last) classes.push('path-current');
      return {
        ...n,
        className: classes.join(' '),
        domAttributes: { 'data-path': step ? 'true' : 'false' } as NodeDom,
        ...(step
          ? {
              data: {
                ...n.data,
                trace: {
                  port: step.port,
                  durationUs: step.durationUs,
                  ...(step.error === undefined ? {} : { error: step.error }),
                },
              },
            }
          : {}),
      };
    }),
    edges: edges.map((e): PatchbayEdge => {
      const taken = path.edgeIds.has(e.id);
      return {
        ...e,
        className: taken ? 'on-path' : 'off-path',
        animated: taken,
        domAttributes: { 'data-path': taken ? 'true' : 'false' } as EdgeDom,
      };
    }),
  };
}
