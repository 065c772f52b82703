// React Flow's nodeTypes, defined once at module scope: a new object per render would remount
// every node. Every catalogue type is drawn by the same generic view.
import type { NodeTypes } from '@xyflow/react';
import { NODE_VIEW_TYPE } from '../store/flow-mapping';
import { NodeView } from './node-view';

export const nodeTypes: NodeTypes = { [NODE_VIEW_TYPE]: NodeView };
