import { redirect } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';

export const redirectOp = defineOp(redirect, (params) => {
  const contacts = params.contacts.map(
    (uri, i, all) =>
      // RFC 3261 §20.10: q orders the alternatives; the first is preferred.
      ['Contact', all.length > 1 ? `<${uri}>;q=${(1 - i / all.length).toFixed(2)}` : `<${uri}>`] as const,
  );
  return (call) => {
    call.note('code', params.code);
    call.note('contacts', params.contacts);
    if (!call.respond(params.code, params.reason, contacts))
      call.note('skipped', 'a final response was already sent');
    return null;
  };
});
