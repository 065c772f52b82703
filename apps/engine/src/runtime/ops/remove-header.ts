import { removeHeader } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';

export const removeHeaderOp = defineOp(removeHeader, (params) => (call) => {
  call.note('name', params.name);
  call.removeHeader(params.name);
  return 'next';
});
