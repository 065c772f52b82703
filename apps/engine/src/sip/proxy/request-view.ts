// The runtime's read-only window on a request (RequestView in sip-stack-types.ts).

import { getCallId, getFrom, getTo } from '../message/accessors';
import type { SipRequest } from '../message/sip-message';
import type { RequestView } from '../sip-stack-types';

export function requestView(req: SipRequest): RequestView {
  return {
    method: req.method,
    uri: req.uri,
    callId: getCallId(req) ?? '',
    fromUri: getFrom(req)?.uri.raw ?? '',
    toUri: getTo(req)?.uri.raw ?? '',
    header: (name: string) => req.headers.get(name),
    body: req.body,
  };
}
