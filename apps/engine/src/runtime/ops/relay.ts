import { relay } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';
import { leaveBy } from './relay-outcome';

export const relayOp = defineOp(relay, (params, link) => {
  const timeoutMs = params.timeoutSec * 1000;
  return async (call) => {
    // No target: to the Request-URI as rewritten so far.
    const target = params.target === '' ? call.uri : params.target;
    call.note('target', target);
    call.note('timeoutSec', params.timeoutSec);
    return leaveBy(await call.relay(target, { timeoutMs }), call, link);
  };
});
