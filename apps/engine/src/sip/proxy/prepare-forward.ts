// RFC 3261 §16.6 request forwarding: build the copy to send and find its next hop.

import { getRoutes } from '../message/accessors';
import { uriParam } from '../message/parse-uri';
import { cloneMessage } from '../message/sip-message';
import type { SipRequest } from '../message/sip-message';

export interface ForwardOptions {
  /** New Request-URI (step 2); unchanged when undefined. */
  readonly targetUri?: string | undefined;
  /** Record-Route value to insert (step 4), e.g. "<sip:127.0.0.1:5060;lr>". */
  readonly recordRoute?: string | undefined;
  /**
   * Next hop when there is no Route (e.g. the relay target once the runtime has set its own
   * Request-URI); defaults to the Request-URI.
   */
  readonly nextHop?: string | undefined;
}

export interface PreparedForward {
  readonly request: SipRequest;
  /** URI whose host/port/transport say where to send the request (steps 6 and 7). */
  readonly nextHop: string;
}

export function prepareForward(req: SipRequest, options: ForwardOptions): PreparedForward {
  // Step 1: "Make a copy of the received request"
  const copy = cloneMessage(req);
  // Step 2: "Update the Request-URI"
  if (options.targetUri !== undefined) copy.uri = options.targetUri;
  // Step 3: "If the copy contains a Max-Forwards header field, the proxy MUST decrement its value
  // by one (1). If the copy does not contain a Max-Forwards header field, the proxy MUST add one
  // with a field value, which SHOULD be 70."
  const mf = copy.headers.get('max-forwards');
  copy.headers.set(
    'Max-Forwards',
    mf !== undefined && /^\d+$/.test(mf) ? String(Math.max(0, Number(mf) - 1)) : '70',
  );
  // Step 4: "If this proxy wishes to remain on the path of future requests in a dialog created
  // by this request ..., it MUST insert a Record-Route header field value into the copy before
  // any existing Record-Route header field values"
  if (options.recordRoute !== undefined) copy.headers.prepend('Record-Route', options.recordRoute);

  // Step 6: "If the copy contains a Route header field, the proxy MUST inspect the URI in its
  // first value. If that URI does not contain an lr parameter, the proxy MUST modify the copy as
  // follows: [strict routing]"
  const first = getRoutes(copy)[0];
  if (first === undefined) return { request: copy, nextHop: options.nextHop ?? copy.uri };
  if (first.uri.kind === 'sip' && uriParam(first.uri, 'lr') === undefined) {
    const rest = copy.headers.values('route').slice(1);
    copy.headers.remove('Route');
    for (const r of rest) copy.headers.append('Route', r);
    copy.headers.append('Route', `<${copy.uri}>`);
    copy.uri = first.uri.raw;
    return { request: copy, nextHop: copy.uri };
  }
  // Step 7: "the proxy MUST ... determine the ... address, port and transport [using] the first
  // Route header field value"
  return { request: copy, nextHop: first.uri.raw };
}
