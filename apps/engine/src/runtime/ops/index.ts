// The op of every node type. `satisfies` makes a type without an op (or an op for a type that
// is not in the catalogue) a compile error.
import type { NodeTypeName, NodeTypes } from '@patchbay/shared/nodes';
import type { Op } from '../define-op';
import { relayOp } from './relay';
import { respondOp } from './respond';
import { startOp } from './start';

export const ops = {
  start: startOp,
  relay: relayOp,
  respond: respondOp,
} satisfies { [K in NodeTypeName]: Op<NodeTypes[K]> };
