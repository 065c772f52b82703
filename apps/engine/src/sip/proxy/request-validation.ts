// RFC 3261 §16.3 request validation for a proxy. Returns the rejection to send, if any.
// Syntax (step 1) is already guaranteed by the parser; loop detection (step 4, 482) is not done
// yet: Max-Forwards bounds any loop.

import { getMaxForwards } from '../message/accessors';
import { parseUri } from '../message/parse-uri';
import type { SipRequest } from '../message/sip-message';

export interface Rejection {
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** Option tags this proxy understands in Proxy-Require (none yet). */
const SUPPORTED_PROXY_OPTIONS = new Set<string>();

export function validateRequest(req: SipRequest): Rejection | undefined {
  // Step 2, URI scheme check: "If the Request-URI has a URI whose scheme is not understood by
  // the proxy, the proxy SHOULD reject the request with a 416 (Unsupported URI Scheme)".
  const uri = parseUri(req.uri);
  if (uri.kind !== 'sip') return { status: 416, reason: 'Unsupported URI Scheme', headers: [] };

  // Step 3, Max-Forwards check: "If the header field value is zero (0), the element MUST NOT
  // forward the request. If the request was for OPTIONS, the element MAY act as the final
  // recipient and respond per Section 11. Otherwise, the element MUST return a 483 (Too many hops)".
  if (getMaxForwards(req) === 0) return { status: 483, reason: 'Too Many Hops', headers: [] };

  // Step 6, Proxy-Require check: "If the request contains a Proxy-Require header field with one
  // or more option-tags this element does not understand, the element MUST return a 420 (Bad
  // Extension) response. The response MUST include an Unsupported header field listing those
  // option-tags the element did not understand."
  const unknown = req.headers
    .values('proxy-require')
    .filter((t) => t !== '' && !SUPPORTED_PROXY_OPTIONS.has(t));
  if (unknown.length > 0) {
    return { status: 420, reason: 'Bad Extension', headers: [['Unsupported', unknown.join(', ')]] };
  }
  return undefined;
}
