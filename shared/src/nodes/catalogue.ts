// Every node type, in palette order. NodeTypeName is derived from this list, and the engine's
// op table must cover exactly these names (checked with `satisfies`).
import type { NodeTypeDef } from './define-node-type';
import { relay } from './relay';
import { respond } from './respond';
import { start } from './start';

export const nodeTypes = { start, relay, respond } as const;

export type NodeTypes = typeof nodeTypes;
export type NodeTypeName = keyof NodeTypes;

export const nodeTypeList: readonly NodeTypeDef[] = Object.values(nodeTypes);

export function findNodeType(type: string): NodeTypeDef | undefined {
  return Object.hasOwn(nodeTypes, type) ? nodeTypes[type as NodeTypeName] : undefined;
}
