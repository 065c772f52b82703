import { split } from '@patchbay/shared/nodes';
import { defineDynamicOp } from '../define-op';

export const splitOp = defineDynamicOp(split, (params) => {
  let acc = 0;
  const bounds = params.shares.map((s) => ({ port: s.port, upTo: (acc += s.percent) }));
  const last = bounds[bounds.length - 1]?.port ?? 'none';
  return (call) => {
    const roll = call.services.random() * 100;
    call.note('roll', Math.round(roll * 100) / 100);
    return bounds.find((b) => roll < b.upTo)?.port ?? last;
  };
});
