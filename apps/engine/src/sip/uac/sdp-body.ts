// What a message inside a call carries for the offer/answer model (RFC 3264 in SIP, RFC 3261
// §13.2.1): no body, an SDP session description, or a body of another type we cannot relay.

import { mediaType } from '../message/media-type';
import type { SipMessage } from '../message/sip-message';

export type SdpBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'sdp'; readonly sdp: Uint8Array }
  | { readonly kind: 'other'; readonly type: string };

export function sdpBody(msg: SipMessage): SdpBody {
  if (msg.body.byteLength === 0) return { kind: 'none' };
  const type = mediaType(msg.headers.get('content-type'));
  return type === 'application/sdp' ? { kind: 'sdp', sdp: msg.body } : { kind: 'other', type };
}

/** The SDP of a message, or undefined when it carries none. */
export function sdpOf(msg: SipMessage): Uint8Array | undefined {
  const b = sdpBody(msg);
  return b.kind === 'sdp' ? b.sdp : undefined;
}
