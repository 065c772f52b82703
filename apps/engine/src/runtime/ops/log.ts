import { celToJson } from '@patchbay/shared/expr';
import { log } from '@patchbay/shared/nodes';
import { defineOp, linkExpr } from '../define-op';

export const logOp = defineOp(log, (params, link) => {
  const message = linkExpr(params.message, 'any', link.nodeId);
  return (call) => {
    const v = celToJson(message(call.cel()));
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    call.note('level', params.level);
    call.note('message', text);
    if (params.level === 'warn') console.warn(`flow log: call ${call.callId}: ${text}`);
    return 'next';
  };
});
