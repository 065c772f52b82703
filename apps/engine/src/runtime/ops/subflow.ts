import { subflow } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';

export const subflowOp = defineOp(subflow, (params) => async (call) => {
  call.note('flowId', params.flowId);
  const wasFinal = call.finalSent;
  const ran = await call.services.subflow(params.flowId, call);
  if (ran === 'missing') return 'missing';
  if (!wasFinal && call.finalSent) return (call.finalStatus ?? 500) < 300 ? 'answered' : 'rejected';
  return 'next';
});
