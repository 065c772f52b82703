// RFC 3261 §16.3 step 4 loop detection, with the branch hashing of §16.6 step 8.
//
// §16.3 item 4: "If the request contains a Via header field with a sent-by value that equals a
// value placed into previous requests by the proxy, the request has been forwarded by this
// element before. The request has either looped or is legitimately spiraling through the
// element. To determine if the request has looped, the element MAY perform the branch parameter
// calculation described in Step 8 of Section 16.6 on this message and compare it to the
// parameter received in that Via header field. If the parameters match, the request has looped.
// If they differ, the request is spiraling, and processing continues. If a loop is detected,
// the element MAY return a 482 (Loop Detected) response."
//
// §16.6 step 8: "if a proxy wishes to detect loops, the "branch" parameter it supplies MUST
// depend on all information affecting processing of a request, including the incoming
// Request-URI and any header fields affecting the request's admission or routing. ... The
// request method MUST NOT be included in the calculation of the branch parameter."
//
// The hash covers the Request-URI, From and To tags, Call-ID, CSeq number, Route,
// Proxy-Require and Proxy-Authorization, all as received. It leaves out the top Via, which
// changes at every hop and would hide any loop longer than one hop (RFC 5393 §4.2 notes the
// same).

import { getCSeq, getCallId, getFromTag, getToTag, getVias } from '../message/accessors';
import type { SipRequest } from '../message/sip-message';
import { textHash64 } from './text-hash';

/** Hex hash of what decides how we route this request (computed on the request as received). */
export function loopHash(req: SipRequest): string {
  const parts = [
    req.uri,
    getFromTag(req) ?? '',
    getToTag(req) ?? '',
    getCallId(req) ?? '',
    String(getCSeq(req)?.seq ?? ''),
    req.headers.values('route').join(','),
    req.headers.values('proxy-require').join(','),
    req.headers.getAll('proxy-authorization').join(','),
  ];
  return textHash64(parts.join('\n')).slice(0, 12);
}

const OUR_BRANCH = /^z9hG4bKpb[0-9a-f]{16}\.([0-9a-f]{12})$/;

/** True when a Via we inserted carries the same loop hash as this request: a loop, not a spiral. */
export function isLoop(
  req: SipRequest,
  hash: string,
  isOurSentBy: (host: string, port: number) => boolean,
): boolean {
  for (const via of getVias(req)) {
    if (!isOurSentBy(via.host, via.port ?? 5060)) continue;
    const m = OUR_BRANCH.exec(via.branch ?? '');
    if (m !== null && m[1] === hash) return true;
  }
  return false;
}
