import { fork } from '@patchbay/shared/nodes';
import type { ForkOptions } from '../../sip/sip-stack-types';
import { defineOp } from '../define-op';
import { leaveBy } from './relay-outcome';

export const forkOp = defineOp(fork, (params, link) => {
  const options: ForkOptions = {
    mode: params.mode === 'serial' ? 'serial' : 'parallel',
    timeoutMs: params.timeoutSec * 1000,
    ...(params.perTargetTimeoutSec > 0 ? { perTargetTimeoutMs: params.perTargetTimeoutSec * 1000 } : {}),
  };
  const targets = [...params.targets];
  return async (call) => {
    call.note('targets', targets);
    call.note('mode', options.mode);
    return leaveBy(await call.fork(targets, options), call, link);
  };
});
