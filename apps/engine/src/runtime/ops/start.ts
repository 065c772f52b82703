import { start } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';

// Matching happened before the flow was chosen (select-flow.ts); Start only records what came in.
export const startOp = defineOp(start, () => (call) => {
  call.note('method', call.request.method);
  call.note('uri', call.request.uri);
  call.note(
    'source',
    `${call.proxied.source.transport}:${call.proxied.source.address}:${call.proxied.source.port}`,
  );
  return 'next';
});
