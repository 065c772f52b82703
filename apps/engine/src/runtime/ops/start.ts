import { start } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';

// Matching happened before the flow was chosen (select-flow.ts); Start only records what came in.
export const startOp = defineOp(start, () => (call) => {
  call.note('method', call.request.method);
  call.note('uri', call.request.uri);
  return 'next';
});
