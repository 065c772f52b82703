import { setHeader } from '@patchbay/shared/nodes';
import { defineOp, linkExpr } from '../define-op';

export const setHeaderOp = defineOp(setHeader, (params, link) => {
  const value = linkExpr(params.value, 'string', link.nodeId);
  const mode = params.mode === 'add' ? 'add' : 'set';
  return (call) => {
    const v = String(value(call.cel()));
    call.note('name', params.name);
    call.note('value', v);
    call.setHeader(params.name, v, mode);
    return 'next';
  };
});
