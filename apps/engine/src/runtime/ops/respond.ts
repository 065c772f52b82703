import { respond } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';

export const respondOp = defineOp(respond, (params) => {
  const headers = (params.headers ?? []).map((h) => [h.key, h.value] as const);
  return (call) => {
    call.note('code', params.code);
    call.note('reason', params.reason);
    if (headers.length > 0) call.note('headers', Object.fromEntries(headers));
    if (!call.respond(params.code, params.reason, headers)) {
      // A 2xx already went upstream (Relay answered → Respond): the caller has its answer.
      call.note('skipped', 'a final response was already sent');
    }
    return null;
  };
});
