// The engine half of a node type. An op is linked once per deploy (params already validated by
// the compiler, expressions compiled) into a function that runs one node for one call and
// returns the port to leave by, or null where the flow ends there.
import type { NodeTypeDef, ParamsOf, PortOf } from '@patchbay/shared/nodes';
import { compileExpr, type CelEvaluator, type CelReturn } from '@patchbay/shared/expr';
import type { CallContext } from './call-context';

export interface LinkContext {
  readonly nodeId: string;
  /** Whether the flow has an edge from this node's port. */
  hasEdge(port: string): boolean;
}

export type NodeRun<Port extends string> = (call: CallContext) => Port | null | Promise<Port | null>;

export interface Op<D extends NodeTypeDef> {
  readonly def: D;
  link(params: ParamsOf<D>, ctx: LinkContext): NodeRun<PortOf<D>>;
}

export function defineOp<D extends NodeTypeDef>(
  def: D,
  link: (params: ParamsOf<D>, ctx: LinkContext) => NodeRun<PortOf<D>>,
): Op<D> {
  return { def, link };
}

/**
 * For node types whose ports the author names (Switch cases, Split shares, Time-of-day rules):
 * the op may leave by any of those names as well as the fixed ports.
 */
export function defineDynamicOp<D extends NodeTypeDef>(
  def: D,
  link: (params: ParamsOf<D>, ctx: LinkContext) => NodeRun<string>,
): Op<D> {
  return { def, link: link as Op<D>['link'] };
}

/** Compile an expression at link time; the compiler checked it, so a failure here is a bug. */
export function linkExpr(source: string, returns: CelReturn, where: string): CelEvaluator {
  const c = compileExpr(source, returns);
  if (!c.ok) throw new Error(`${where}: ${c.code}: ${c.message}`);
  return c.evaluate;
}
