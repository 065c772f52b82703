import { respond } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';

export const respondOp = defineOp(respond, (params) => (call) => {
  call.note('code', params.code);
  call.note('reason', params.reason);
  if (!call.respond(params.code, params.reason)) {
    // A 2xx already went upstream (Relay answered → Respond): the caller has its answer.
    call.note('skipped', 'a final response was already sent');
  }
  return null;
});
