// The editable drawing. React Flow is controlled by the flow store; palette items are dropped
// here; Delete/Backspace removes the selection; a focus request from the issues panel pans to
// the node concerned.
import { useCallback, useEffect, useState, type DragEvent } from 'react';
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
import { findNodeType } from '@patchbay/shared/nodes';
import type { PatchbayNode } from '../store/flow-mapping';
import { useFlowStore, useFlowStoreApi } from '../store/use-flow-store';
import { NODE_TYPE_MIME } from './drag-data';
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

export function FlowCanvas() {
  const store = useFlowStoreApi();
  const nodes = useFlowStore((s) => s.nodes);
  const edges = useFlowStore((s) => s.edges);
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
      </ReactFlow>
    </div>
  );
}

function miniMapClass(node: PatchbayNode): string {
  return `minimap-node minimap-node--${findNodeType(node.data.nodeType)?.category ?? 'unknown'}`;
}
