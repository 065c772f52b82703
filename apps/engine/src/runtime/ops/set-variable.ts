import { celToJson } from '@patchbay/shared/expr';
import { setVariable } from '@patchbay/shared/nodes';
import { defineOp, linkExpr } from '../define-op';

export const setVariableOp = defineOp(setVariable, (params, link) => {
  const assignments = params.assignments.map(
    (a, i) => [a.key, linkExpr(a.value, 'any', `${link.nodeId} assignments[${i}]`)] as const,
  );
  return (call) => {
    const set: Record<string, unknown> = {};
    for (const [name, value] of assignments) {
      const v = value(call.cel());
      call.setVar(name, v);
      set[name] = celToJson(v);
    }
    call.note('set', set);
    return 'next';
  };
});
