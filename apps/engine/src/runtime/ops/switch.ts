import { celToJson } from '@patchbay/shared/expr';
import { switchNode } from '@patchbay/shared/nodes';
import { defineDynamicOp, linkExpr } from '../define-op';

export const switchOp = defineDynamicOp(switchNode, (params, link) => {
  const value = linkExpr(params.value, 'any', link.nodeId);
  const cases = params.cases.map((c) => [c.equals, c.port] as const);
  return (call) => {
    const raw = celToJson(value(call.cel()));
    const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
    call.note('value', raw);
    for (const [equals, port] of cases) if (equals === text) return port;
    return 'default';
  };
});
