import { condition } from '@patchbay/shared/nodes';
import { defineOp, linkExpr } from '../define-op';

export const conditionOp = defineOp(condition, (params, link) => {
  const test = linkExpr(params.expression, 'bool', link.nodeId);
  return (call) => {
    const value = test(call.cel()) === true;
    call.note('expression', params.expression);
    call.note('value', value);
    return value ? 'true' : 'false';
  };
});
